"""Pages of the committee's registers (major-matter reports, party documents, appointments and the
current holders of posts) and of the township guidance (arrangement, cadres, visits, a page per
township).

Staff and directors read everything (meetings.view_meetings); staff keep the registers
(meetings.manage_meetings). Other roles get 403, anonymous visitors the login page.
"""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings import register_selectors as selectors
from meetings import register_services as services
from meetings.models import Appointment, GuidanceVisit, MajorReport, PartyDocument, TownshipCadre
from meetings.register_forms import (
    AppointmentFilter,
    AppointmentForm,
    CadreForm,
    GuidanceArrangementForm,
    HoldersFilter,
    MajorReportFilter,
    MajorReportForm,
    PartyDocumentFilter,
    PartyDocumentForm,
    ReplyForm,
    VisitFilter,
    VisitForm,
)
from meetings.register_selectors import MANAGE, VIEW
from renda.core import params
from renda.core.models import Township
from renda.core.uploads import KINDS
from renda.core.viewhelpers import file_response, paginate, query_without_page, saved_or_none

ARRANGEMENT_SAVED = gettext_lazy("The guidance arrangement has been saved.")


def readers(view):
    return login_required(permission_required(VIEW, raise_exception=True)(view))


def keepers(view):
    return login_required(permission_required(MANAGE, raise_exception=True)(view))


def _form_page(request, form, *, title, cancel_url, crumbs=(), multipart=False, intro=""):
    return render(
        request,
        "meetings/registers/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "crumbs": crumbs,
            "multipart": multipart,
            "intro": intro,
        },
    )


def _row_form(request, form, row, *, create, update, done, new_title, label, **page):
    """The create or edit page of a register's row: `create(form)` when `row` is None, else `update(form)`.

    The title is `new_title` or "Edit <label(row)>"; `page` goes on to _form_page.
    """
    response = saved_or_none(request, form, create if row is None else update, done=done)
    title = new_title if row is None else _("Edit %(name)s") % {"name": label(row)}
    return response or _form_page(request, form, title=title, **page)


def _list_context(request, filterset, **extra):
    return {
        "filter": filterset,
        "page_obj": paginate(request, filterset.qs),
        "query": query_without_page(request),
        "can_manage": request.user.has_perm(MANAGE),
        **extra,
    }


# Major-matter reports -------------------------------------------------------------------------------


def _report_crumbs():
    return [(_("Major-matter reports"), reverse("meetings:report_list"))]


@readers
def report_list(request):
    filterset = MajorReportFilter(request.GET or None, queryset=selectors.major_reports())
    return render(
        request, "meetings/registers/report_list.html", _list_context(request, filterset, tab="reports")
    )


@readers
def report_detail(request, pk):
    report = get_object_or_404(selectors.major_reports(), pk=pk)
    return render(
        request,
        "meetings/registers/report_detail.html",
        {"report": report, "can_manage": request.user.has_perm(MANAGE), "crumbs": _report_crumbs()},
    )


@keepers
def report_create(request):
    form = MajorReportForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    response = saved_or_none(
        request,
        form,
        lambda f: services.major_report_create(data=f.cleaned_data, by=request.user),
        done=lambda r: reverse("meetings:report_detail", args=[r.pk]),
    )
    return response or _form_page(
        request,
        form,
        title=_("New major-matter report"),
        cancel_url=reverse("meetings:report_list"),
        crumbs=_report_crumbs(),
    )


@keepers
def report_edit(request, pk):
    report = get_object_or_404(MajorReport, pk=pk)
    form = MajorReportForm(request.POST or None, instance=report)
    response = saved_or_none(
        request,
        form,
        lambda f: services.major_report_update(report=report, data=f.cleaned_data, by=request.user),
        done=lambda r: reverse("meetings:report_detail", args=[r.pk]),
    )
    detail = reverse("meetings:report_detail", args=[report.pk])
    return response or _form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": report.subject},
        cancel_url=detail,
        crumbs=[*_report_crumbs(), (report.subject, detail)],
    )


@keepers
def report_reply(request, pk):
    report = get_object_or_404(MajorReport, pk=pk)
    form = ReplyForm(
        request.POST or None,
        instance=report,
        initial={} if report.reply_received_on else {"reply_received_on": timezone.localdate()},
    )
    response = saved_or_none(
        request,
        form,
        lambda f: services.major_report_record_reply(
            report=report,
            reply_received_on=f.cleaned_data["reply_received_on"],
            reply=f.cleaned_data["reply"],
            by=request.user,
            version=f.cleaned_data["version"],
        ),
        done=lambda r: reverse("meetings:report_detail", args=[r.pk]),
    )
    detail = reverse("meetings:report_detail", args=[report.pk])
    return response or _form_page(
        request,
        form,
        title=_("Record the county party committee's reply"),
        intro=_("Sent on %(date)s: %(subject)s")
        % {"date": date_format(report.sent_on), "subject": report.subject},
        cancel_url=detail,
        crumbs=[*_report_crumbs(), (report.subject, detail)],
    )


# Party committee documents --------------------------------------------------------------------------


def _document_crumbs():
    return [(_("Party committee documents"), reverse("meetings:document_list"))]


@readers
def document_list(request):
    filterset = PartyDocumentFilter(request.GET or None, queryset=selectors.party_documents())
    return render(
        request, "meetings/registers/document_list.html", _list_context(request, filterset, tab="documents")
    )


def _document_form(request, document=None):
    form = PartyDocumentForm(request.POST or None, request.FILES or None, instance=document)

    def data(f):
        return {k: v for k, v in f.cleaned_data.items() if k != "upload"}

    return _row_form(
        request,
        form,
        document,
        create=lambda f: services.party_document_create(
            data=data(f), upload=f.cleaned_data.get("upload"), by=request.user
        ),
        update=lambda f: services.party_document_update(
            document=document, data=data(f), upload=f.cleaned_data.get("upload"), by=request.user
        ),
        done=lambda d: reverse("meetings:document_list"),
        new_title=_("New party committee document"),
        label=lambda d: d.title,
        cancel_url=reverse("meetings:document_list"),
        crumbs=_document_crumbs(),
        multipart=True,
    )


@keepers
def document_create(request):
    return _document_form(request)


@keepers
def document_edit(request, pk):
    return _document_form(request, get_object_or_404(PartyDocument, pk=pk))


@readers
def document_download(request, pk):
    document = get_object_or_404(PartyDocument, pk=pk)
    if not document.file:
        raise Http404
    ending = "." + document.file.name.rsplit(".", 1)[-1].lower()
    kind = KINDS.get(ending)
    return file_response(
        document.file,
        filename=f"{document.title}{ending}",
        content_type=kind.content_type if kind else "application/octet-stream",
    )


# Appointments and current holders -------------------------------------------------------------------


def _appointment_crumbs():
    return [(_("Appointments and removals"), reverse("meetings:appointment_list"))]


@readers
def appointment_list(request):
    filterset = AppointmentFilter(request.GET or None, queryset=selectors.appointments())
    return render(
        request,
        "meetings/registers/appointment_list.html",
        _list_context(request, filterset, tab="appointments"),
    )


def _appointment_form(request, appointment=None):
    form = AppointmentForm(request.POST or None, instance=appointment)

    return _row_form(
        request,
        form,
        appointment,
        create=lambda f: services.appointment_create(data=f.cleaned_data, by=request.user),
        update=lambda f: services.appointment_update(
            appointment=appointment, data=f.cleaned_data, by=request.user
        ),
        done=lambda a: reverse("meetings:appointment_list"),
        new_title=_("New appointment or removal"),
        label=str,
        cancel_url=reverse("meetings:appointment_list"),
        crumbs=_appointment_crumbs(),
    )


@keepers
def appointment_create(request):
    return _appointment_form(request)


@keepers
def appointment_edit(request, pk):
    return _appointment_form(request, get_object_or_404(Appointment, pk=pk))


@readers
def holders(request):
    form = HoldersFilter(request.GET or None)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    return render(
        request,
        "meetings/registers/holders.html",
        {"form": form, "holders": selectors.current_holders(unit=unit), "unit": unit, "tab": "holders"},
    )


# Township guidance ----------------------------------------------------------------------------------


def _guidance_crumbs():
    return [(_("Township guidance"), reverse("meetings:guidance_index"))]


def _year(request) -> int:
    today = timezone.localdate()
    year = params.year(request.GET) or today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@readers
def guidance_index(request):
    year = _year(request)
    townships = list(selectors.guidance_overview(year=year))
    return render(
        request,
        "meetings/guidance/index.html",
        {
            "year": year,
            "townships": townships,
            "by_director": selectors.assignments_by_director(townships),
            "can_manage": request.user.has_perm(MANAGE),
            "tab": "arrangement",
        },
    )


@keepers
def guidance_arrange(request):
    townships = list(Township.objects.active().select_related("guidance"))
    form = GuidanceArrangementForm(request.POST or None, townships=townships)
    response = saved_or_none(
        request,
        form,
        lambda f: services.guidance_arrange(
            leaders=f.leaders(), since=f.cleaned_data.get("since"), by=request.user
        ),
        done=lambda arrangement: "meetings:guidance_index",
        success=ARRANGEMENT_SAVED,
    )
    return response or _form_page(
        request,
        form,
        title=_("Arrange the township guidance"),
        intro=_("Choose the deputy director who guides the congress work of each township."),
        cancel_url=reverse("meetings:guidance_index"),
        crumbs=_guidance_crumbs(),
    )


@readers
def township(request, pk):
    year = _year(request)
    place = get_object_or_404(selectors.township_at_a_glance(year=year), pk=pk)
    return render(
        request,
        "meetings/guidance/township.html",
        {
            "township": place,
            "year": year,
            "guidance": selectors.guidance_of(place),
            "cadres": list(selectors.township_cadres(place)),
            "visits": list(selectors.township_visits(place)),
            "stations": list(selectors.township_stations(place)),
            "can_manage": request.user.has_perm(MANAGE),
            "crumbs": _guidance_crumbs(),
        },
    )


def _township_url(township_id):
    return reverse("meetings:township", args=[township_id])


def _cadre_form(request, cadre=None):
    initial = {}
    if cadre is None and (township_pk := params.object_id(request.GET, "township")):
        initial["township"] = township_pk
    form = CadreForm(request.POST or None, instance=cadre, initial=initial)

    return _row_form(
        request,
        form,
        cadre,
        create=lambda f: services.cadre_create(data=f.cleaned_data, by=request.user),
        update=lambda f: services.cadre_update(cadre=cadre, data=f.cleaned_data, by=request.user),
        done=lambda c: _township_url(c.township_id),
        new_title=_("New township congress cadre"),
        label=lambda c: c.name,
        cancel_url=_township_url(cadre.township_id) if cadre else reverse("meetings:guidance_index"),
        crumbs=_guidance_crumbs(),
    )


@keepers
def cadre_create(request):
    return _cadre_form(request)


@keepers
def cadre_edit(request, pk):
    return _cadre_form(request, get_object_or_404(TownshipCadre, pk=pk))


@readers
def visit_list(request):
    filterset = VisitFilter(request.GET or None, queryset=selectors.visits())
    return render(
        request,
        "meetings/guidance/visit_list.html",
        _list_context(request, filterset, tab="visits", crumbs=_guidance_crumbs()),
    )


def _visit_form(request, visit=None):
    initial = {}
    if visit is None:
        initial["date"] = timezone.localdate()
        if kind := params.choice(request.GET, "kind", GuidanceVisit.Kind.values):
            initial["kind"] = kind
        if township_pk := params.object_id(request.GET, "township"):
            initial["township"] = township_pk
        if selectors.directors().filter(pk=request.user.pk).exists():
            initial["leader"] = request.user.pk
    form = VisitForm(request.POST or None, instance=visit, initial=initial)

    return _row_form(
        request,
        form,
        visit,
        create=lambda f: services.visit_create(data=f.cleaned_data, by=request.user),
        update=lambda f: services.visit_update(visit=visit, data=f.cleaned_data, by=request.user),
        done=lambda v: reverse("meetings:guidance_visit_list"),
        new_title=_("New guidance visit or exchange meeting"),
        label=lambda v: v.subject,
        cancel_url=reverse("meetings:guidance_visit_list"),
        crumbs=_guidance_crumbs(),
    )


@keepers
def visit_create(request):
    return _visit_form(request)


@keepers
def visit_edit(request, pk):
    return _visit_form(request, get_object_or_404(GuidanceVisit, pk=pk))
