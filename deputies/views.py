"""Views of the deputies app: roster, forms, import and export, accounts, trainings, duty record."""

import base64
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from deputies import roster, services
from deputies.filters import DeputyFilter, TrainingFilter
from deputies.forms import (
    AttendanceForm,
    DeputyChoiceForm,
    DeputyForm,
    RosterUploadForm,
    TrainingForm,
)
from deputies.selectors import (
    attendance_candidates,
    deputies_visible_to,
    deputies_without_account,
    deputies_without_training,
    deputy_of,
    deputy_records_visible_to,
    record_years,
    training_attendees,
    training_coverage,
    trainings_visible_to,
)
from renda.core import params
from renda.core.models import Term, Township
from renda.core.registry import registry
from renda.core.selectors import current_term
from renda.core.viewhelpers import any_permission, paginate, posted, query_without_page, saved_or_none
from renda.core.xlsx import WorkbookError, xlsx_response

IMPORT_SESSION_KEY = "deputies.roster_upload"

DEPUTY_CREATED = gettext_lazy("%(name)s was added to the roster.")
DEPUTY_SAVED = gettext_lazy("The changes to %(name)s were saved.")
ROSTER_IMPORTED = gettext_lazy("%(count)d deputies were imported.")
ROSTER_REFUSED = gettext_lazy(
    "Nothing was imported: the file has problems. Correct them and upload it again."
)
UPLOAD_EXPIRED = gettext_lazy("The uploaded file is no longer at hand; upload it again.")
NO_ACCOUNTS_CREATED = gettext_lazy("No account was created: the ticked deputies already have one.")
TRAINING_CREATED = gettext_lazy("The training “%(title)s” was added.")
TRAINING_SAVED = gettext_lazy("The changes to “%(title)s” were saved.")
ATTENDANCE_SAVED = gettext_lazy("The attendance of “%(title)s” was saved.")


def deputy_picker(request, candidates_of):
    """The deputies to tick on an attendance or participants page, narrowed by township and name:
    `candidates_of(township=, q=)` gives them; the rest is the picker's context."""
    township_pk = params.object_id(request.GET, "township")
    township = Township.objects.filter(pk=township_pk).first() if township_pk else None
    q = params.search(request.GET, "q", max_length=30)
    return {
        "candidates": candidates_of(township=township, q=q),
        "townships": Township.objects.filter(is_active=True),
        "township_id": str(township.pk) if township else "",
        "q": q,
    }


# --- roster ------------------------------------------------------------------------------------


def _roster_filter(request):
    return DeputyFilter(request.GET or None, queryset=deputies_visible_to(request.user))


def _form_page(request, form, *, title, crumbs, cancel_url):
    return render(
        request, "form_page.html", {"form": form, "title": title, "crumbs": crumbs, "cancel_url": cancel_url}
    )


@login_required
@permission_required("deputies.view_all_deputies", raise_exception=True)
def deputy_list(request):
    roster_filter = _roster_filter(request)
    page, query = paginate(request, roster_filter.qs), query_without_page(request)
    return render(
        request,
        "deputies/deputy_list.html",
        {"filter": roster_filter, "page_obj": page, "query": query},
    )


@login_required
@permission_required("deputies.view_all_deputies", raise_exception=True)
def deputy_detail(request, pk):
    deputy = get_object_or_404(deputies_visible_to(request.user), pk=pk)
    trainings = deputy.trainings.select_related("term").order_by("-start_date", "pk")
    mandates = sorted(deputy.mandates.all(), key=lambda m: (-m.term.number, m.level))
    return render(
        request,
        "deputies/deputy_detail.html",
        {"deputy": deputy, "trainings": trainings, "mandates": mandates},
    )


@login_required
@permission_required("deputies.manage_deputies", raise_exception=True)
def deputy_create(request):
    term = current_term()
    form = DeputyForm(posted(request), term=term)
    if request.method == "POST" and form.is_valid():
        deputy = services.deputy_create(
            levels=form.cleaned_data["levels"], term=term, **form.service_fields()
        )
        messages.success(request, DEPUTY_CREATED % {"name": deputy.name})
        return redirect(deputy)
    return _form_page(
        request,
        form,
        title=_("Add a deputy"),
        crumbs=[(_("Deputies"), reverse("deputies:list"))],
        cancel_url=reverse("deputies:list"),
    )


@login_required
@permission_required("deputies.manage_deputies", raise_exception=True)
def deputy_update(request, pk):
    deputy = get_object_or_404(deputies_visible_to(request.user), pk=pk)
    term = current_term()
    form = DeputyForm(posted(request), instance=deputy, term=term)
    response = saved_or_none(
        request,
        form,
        lambda f: services.deputy_update(
            deputy=deputy,
            levels=f.cleaned_data["levels"],
            term=term,
            version=f.cleaned_data["version"],
            **f.service_fields(),
        ),
        done=lambda saved: saved,
        success=lambda saved: DEPUTY_SAVED % {"name": saved.name},
    )
    return response or _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": deputy.name},
        crumbs=[(_("Deputies"), reverse("deputies:list")), (deputy.name, deputy.get_absolute_url())],
        cancel_url=deputy.get_absolute_url(),
    )


# --- import and export -------------------------------------------------------------------------


@login_required
@permission_required("deputies.import_deputies", raise_exception=True)
def roster_export(request):
    deputies = _roster_filter(request).qs
    rows = [roster.export_row(d) for d in deputies]
    today = timezone.localdate()
    return xlsx_response(
        f"{_('Roster of deputies')}-{today:%Y%m%d}.xlsx", [("代表名单", roster.HEADERS, rows)]
    )


@login_required
@permission_required("deputies.import_deputies", raise_exception=True)
def roster_template(request):
    notes = [(header, str(text)) for header, text in roster.TEMPLATE_NOTES]
    return xlsx_response(
        f"{_('Roster template')}.xlsx",
        [("代表名单", roster.HEADERS, []), (_("How to fill in"), [_("Column"), _("What to write")], notes)],
    )


@login_required
@permission_required("deputies.import_deputies", raise_exception=True)
def roster_import(request):
    """Upload, then a preview of every row and every problem; nothing is written here."""
    form = RosterUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        report = services.roster_check(rows=form.rows, today=timezone.localdate())
        if report.header_row is None or (report.errors and not report.rows):
            for message in report.errors:
                form.add_error("file", message)
        else:
            token = secrets.token_urlsafe(16)
            request.session[IMPORT_SESSION_KEY] = {
                "token": token,
                "name": form.cleaned_data["file"].name,
                "data": base64.b64encode(form.data_bytes).decode("ascii"),
            }
            return _preview(request, report, token=token, name=form.cleaned_data["file"].name)
    return render(request, "deputies/roster_import.html", {"form": form})


def _preview(request, report, *, token, name, status=200):
    return render(
        request,
        "deputies/roster_preview.html",
        {"report": report, "token": token, "file_name": name, "problems": report.problems},
        status=status,
    )


@login_required
@permission_required("deputies.import_deputies", raise_exception=True)
@require_POST
def roster_import_confirm(request):
    """Import the previewed file, all or nothing; it is read again from the session, never trusted."""
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or stored.get("token") != request.POST.get("token"):
        messages.error(request, UPLOAD_EXPIRED)
        return redirect("deputies:import")
    data = base64.b64decode(stored["data"])
    try:
        _report, created = services.roster_import(data=data, today=timezone.localdate())
    except services.RosterRefused as exc:
        messages.error(request, ROSTER_REFUSED)
        return _preview(request, exc.report, token=stored["token"], name=stored["name"])
    except WorkbookError:
        del request.session[IMPORT_SESSION_KEY]
        messages.error(request, UPLOAD_EXPIRED)
        return redirect("deputies:import")
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, ROSTER_IMPORTED % {"count": len(created)})
    return redirect("deputies:list")


# --- accounts ----------------------------------------------------------------------------------


@never_cache
@login_required
@permission_required("deputies.create_deputy_accounts", raise_exception=True)
def deputy_accounts(request):
    """Tick deputies without an account; the result page shows the initial passwords once."""
    township_pk = params.object_id(request.GET, "township")
    queryset = deputies_without_account().order_by("township__sort_order", "name_initials", "pk")
    if township_pk:
        queryset = queryset.filter(township_id=township_pk)
    form = DeputyChoiceForm(posted(request), queryset=deputies_without_account())
    if request.method == "POST" and form.is_valid():
        created = services.deputy_accounts_create(deputies=form.cleaned_data["deputies"])
        if not created:
            messages.warning(request, NO_ACCOUNTS_CREATED)
            return redirect("deputies:accounts")
        # Rendered in answer to the POST and never stored: reloading cannot show the passwords again.
        return render(request, "deputies/account_result.html", {"created": created})
    return render(
        request,
        "deputies/account_list.html",
        {
            "form": form,
            "deputies": queryset,
            "townships": Township.objects.filter(is_active=True),
            "township_id": str(township_pk or ""),
        },
    )


# --- trainings ---------------------------------------------------------------------------------


@login_required
@permission_required("deputies.view_all_deputies", raise_exception=True)
def training_list(request):
    training_filter = TrainingFilter(request.GET or None, queryset=trainings_visible_to(request.user))
    page, query = paginate(request, training_filter.qs), query_without_page(request)
    return render(
        request,
        "deputies/training_list.html",
        {"filter": training_filter, "page_obj": page, "query": query},
    )


@login_required
@permission_required("deputies.view_all_deputies", raise_exception=True)
def training_detail(request, pk):
    training = get_object_or_404(trainings_visible_to(request.user), pk=pk)
    return render(
        request,
        "deputies/training_detail.html",
        {"training": training, "attendees": training_attendees(training)},
    )


@login_required
@permission_required("deputies.manage_deputies", raise_exception=True)
def training_create(request):
    term = current_term()
    form = TrainingForm(posted(request), initial={"term": term})
    if request.method == "POST" and form.is_valid():
        training = services.training_create(**form.service_fields())
        messages.success(request, TRAINING_CREATED % {"title": training.title})
        return redirect("deputies:training_attendance", pk=training.pk)
    return _form_page(
        request,
        form,
        title=_("Add a training"),
        crumbs=[(_("Trainings"), reverse("deputies:training_list"))],
        cancel_url=reverse("deputies:training_list"),
    )


@login_required
@permission_required("deputies.manage_deputies", raise_exception=True)
def training_update(request, pk):
    training = get_object_or_404(trainings_visible_to(request.user), pk=pk)
    form = TrainingForm(posted(request), instance=training)
    response = saved_or_none(
        request,
        form,
        lambda f: services.training_update(
            training=training, version=f.cleaned_data["version"], **f.service_fields()
        ),
        done=lambda saved: saved,
        success=lambda saved: TRAINING_SAVED % {"title": saved.title},
    )
    return response or _form_page(
        request,
        form,
        title=_("Edit %(title)s") % {"title": training.title},
        crumbs=[
            (_("Trainings"), reverse("deputies:training_list")),
            (training.title, training.get_absolute_url()),
        ],
        cancel_url=training.get_absolute_url(),
    )


@login_required
@permission_required("deputies.manage_deputies", raise_exception=True)
def training_attendance(request, pk):
    """Tick who attended; the list can be narrowed by township or name, the rest stays as it was."""
    training = get_object_or_404(trainings_visible_to(request.user), pk=pk)
    picker = deputy_picker(request, lambda **narrow: attendance_candidates(training, **narrow))
    form = AttendanceForm(posted(request), queryset=picker["candidates"])
    if request.method == "POST" and form.is_valid():
        services.training_set_attendance(
            training=training, shown=form.cleaned_data["shown"], attending=form.cleaned_data["attendees"]
        )
        messages.success(request, ATTENDANCE_SAVED % {"title": training.title})
        return redirect(training)
    ticked = {d.pk for d in picker["candidates"] if d.attended}
    return render(
        request,
        "deputies/training_attendance.html",
        {"training": training, "form": form, "ticked": ticked, **picker},
    )


@login_required
@permission_required("deputies.view_all_deputies", raise_exception=True)
def training_coverage_view(request):
    """Which active deputies have had no training in the term (the current one unless chosen)."""
    terms = Term.objects.all()
    term_pk = params.object_id(request.GET, "term")
    term = terms.filter(pk=term_pk).first() if term_pk else current_term()
    township_pk = params.object_id(request.GET, "township")
    coverage, page, query = None, None, ""
    if term is not None:
        coverage = training_coverage(term)
        missing = deputies_without_training(term).order_by("township__sort_order", "name_initials", "pk")
        if township_pk:
            missing = missing.filter(township_id=township_pk)
        page, query = paginate(request, missing), query_without_page(request)
    return render(
        request,
        "deputies/training_coverage.html",
        {
            "term": term,
            "terms": terms,
            "coverage": coverage,
            "page_obj": page,
            "query": query,
            "townships": Township.objects.filter(is_active=True),
            "township_id": str(township_pk or ""),
        },
    )


# --- duty record -------------------------------------------------------------------------------


def _record_year(request) -> int | None:
    return params.year(request.GET)


@any_permission("deputies.view_all_deputies", "accounts.act_as_deputy")
def deputy_record(request, pk):
    """The duty record (履职档案): every registered section, for the year chosen or the whole record."""
    deputy = get_object_or_404(deputy_records_visible_to(request.user), pk=pk)
    year = _record_year(request)
    sections = registry.duty_record(deputy, year=year)
    rendered = [
        (section, render_to_string(section.template, section.context, request=request))
        for section in sections
    ]
    return render(
        request,
        "deputies/record.html",
        {
            "deputy": deputy,
            "year": year,
            "years": record_years(today=timezone.localdate()),
            "sections": rendered,
            "printed_at": timezone.localdate(),
        },
    )


@any_permission("deputies.view_all_deputies", "accounts.act_as_deputy")
def deputy_record_xlsx(request, pk):
    deputy = get_object_or_404(deputy_records_visible_to(request.user), pk=pk)
    year = _record_year(request)
    sections = registry.duty_record(deputy, year=year)
    name = f"{deputy.name}-{_('Duty record')}{f'-{year}' if year else ''}.xlsx"
    return xlsx_response(name, [(s.title, s.headers, s.rows) for s in sections])


@login_required
@permission_required("accounts.act_as_deputy", raise_exception=True)
def my_record(request):
    deputy = deputy_of(request.user)
    if deputy is None:
        return render(request, "deputies/record_unlinked.html")
    url = reverse("deputies:record", args=[deputy.pk])
    year = _record_year(request)
    return redirect(f"{url}?year={year}" if year else url)
