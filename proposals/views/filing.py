"""Pages of the deputy's side of a suggestion: "my suggestions", the filing form (new, draft, returned),
submit and withdraw, co-signing, files, staff filing on a deputy's behalf, and a draft from a
constituent opinion.

Every view states who may open it; objects come through selectors, so that another deputy's draft or
a file of a suggestion out of reach answers 404 like a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from proposals import filing
from proposals.filing_forms import AttachForm, CosignForm, FromOpinionForm, OnBehalfForm, SuggestionForm
from proposals.filing_selectors import (
    AS_DEPUTY,
    EDITABLE,
    FILE_ON_BEHALF,
    REVIEW,
    attachment_visible_to,
    cosigned_by,
    deputy_for,
    filed_by_or_for,
    invitations_for,
    led_by,
    may_file,
    opinion_convertible_by,
    opinions_to_convert,
)
from proposals.models import Attachment, Cosignature, Suggestion
from proposals.selectors import suggestion_visible_to
from renda.core import params
from renda.core.once import ALREADY_SENT, made_once
from renda.core.selectors import current_term
from renda.core.versions import EditConflict, version_of
from renda.core.viewhelpers import add_service_errors as _add_service_errors
from renda.core.viewhelpers import any_permission, file_response
from renda.core.workflow import IllegalMove

PAGE_SIZE = 25
OPINIONS_SHOWN = 10

DRAFT_SAVED = _("The draft has been saved. It is sent to the committee only when you submit it.")
SUBMITTED = _("The suggestion has been submitted to the committee.")
SUBMITTED_FOR = _("“%(title)s” has been submitted for %(deputy)s. The next paper form can be entered below.")
WITHDRAWN = _("The suggestion has been withdrawn.")
COSIGNED = _("You have co-signed the suggestion.")
DECLINED = _("You have declined to co-sign the suggestion.")
FILES_ADDED = _("The files have been attached.")
DRAFT_FROM_OPINION = _("A draft has been made from the constituent opinion. Complete it and submit it.")


def _next_url(request, default: str) -> str:
    return params.next_url(request, request.POST, request.GET, default=default)


def _error_messages(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _not_linked(request):
    """A deputy account not linked to an active county deputy of the current term cannot file."""
    return render(request, "proposals/filing_unlinked.html", status=403)


def _is_on_behalf(user, suggestion: Suggestion | None) -> bool:
    """Staff who file for deputies use the form with the lead deputy picker (except on their own)."""
    if not user.has_perm(FILE_ON_BEHALF):
        return False
    return suggestion is None or suggestion.lead_deputy.user_id != user.pk


def _form_page(request, form, *, heading, suggestion=None, cancel_url, submit_label, status=200):
    attachments = (
        list(form.fields["remove_attachments"].queryset) if "remove_attachments" in form.fields else []
    )
    lead = getattr(form, "lead", None)
    return render(
        request,
        "proposals/filing_form.html",
        {
            "form": form,
            "heading": heading,
            "suggestion": suggestion,
            "attachments": attachments,
            "cancel_url": cancel_url,
            "submit_label": submit_label,
            "version": version_of(suggestion) if suggestion is not None else "",
            "content_max": filing.CONTENT_MAX,
            # With nothing typed, the co-signer list shows the lead's delegation; on the staff form,
            # where the lead is picked on the same page, only the deputies already ticked.
            "home_township": lead.township_id if lead is not None and lead.township_id else "-",
        },
        status=status,
    )


# A deputy's own pages ---------------------------------------------------------------------------------


@login_required
@permission_required(AS_DEPUTY, raise_exception=True)
def mine(request):
    """My suggestions: invitations to answer, opinions to draft from, and those I lead or co-signed."""
    deputy = deputy_for(request.user)
    if deputy is None:
        return _not_linked(request)
    show = "cosigned" if request.GET.get("show") == "cosigned" else "led"
    rows = cosigned_by(deputy) if show == "cosigned" else led_by(deputy)
    invitations = invitations_for(deputy)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.version = version_of(item)  # posted back by the card's submit and withdraw buttons
    return render(
        request,
        "proposals/my_suggestions.html",
        {
            "deputy": deputy,
            "show": show,
            "led": show == "led",
            "page_obj": page,
            "query": "show=cosigned" if show == "cosigned" else "",
            "led_count": Suggestion.objects.filter(lead_deputy=deputy).count(),
            "cosigned_count": cosigned_by(deputy).count(),
            "invitations": list(invitations[:PAGE_SIZE]),
            "invitation_count": invitations.count(),
            "opinions": list(opinions_to_convert(request.user)[:OPINIONS_SHOWN]),
            "may_file": may_file(deputy),
            "editable": EDITABLE,
        },
    )


@login_required
@permission_required(AS_DEPUTY, raise_exception=True)
def create(request):
    """The filing form on the deputy's phone."""
    deputy = deputy_for(request.user)
    if not may_file(deputy):
        return _not_linked(request)
    form = SuggestionForm(request.POST or None, request.FILES or None, term=current_term(), lead=deputy)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            _suggestion, new = made_once(
                form.cleaned_data.get("once"),
                request.user,
                lambda: filing.suggestion_create(
                    lead_deputy=deputy,
                    **form.service_fields(),
                    attachments=form.cleaned_data["attachments"],
                    submit=submit,
                    by=request.user,
                ),
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        except IllegalMove as exc:
            messages.error(request, exc.message)
        else:
            if new:
                messages.success(request, SUBMITTED if submit else DRAFT_SAVED)
            else:
                messages.info(request, ALREADY_SENT)
            return redirect("proposals:mine")
    return _form_page(
        request,
        form,
        heading=_("File a suggestion"),
        cancel_url=reverse("proposals:mine"),
        submit_label=_("Submit"),
    )


@any_permission(AS_DEPUTY, FILE_ON_BEHALF)
def edit(request, pk):
    """Change a draft, or a suggestion the committee returned for revision, and submit it."""
    suggestion = get_object_or_404(filed_by_or_for(request.user), pk=pk)
    if suggestion.state not in EDITABLE:
        messages.info(request, filing.NOT_EDITABLE)
        return redirect(suggestion)
    on_behalf = _is_on_behalf(request.user, suggestion)
    data = (request.POST or None, request.FILES or None)
    if on_behalf:
        form = OnBehalfForm(*data, term=suggestion.term, suggestion=suggestion)
    else:
        form = SuggestionForm(*data, term=suggestion.term, lead=suggestion.lead_deputy, suggestion=suggestion)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            filing.suggestion_update(
                suggestion=suggestion,
                by=request.user,
                version=form.cleaned_data["version"] or None,
                attachments=form.cleaned_data["attachments"],
                remove_attachments=form.cleaned_data["remove_attachments"],
                submit=submit,
                **form.service_fields(),
            )
        except (IllegalMove, EditConflict) as exc:
            # Changed meanwhile (or no longer editable): the page again shows what is saved now.
            messages.error(request, exc.message)
            return redirect("proposals:edit", pk=suggestion.pk)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            messages.success(request, SUBMITTED if submit else DRAFT_SAVED)
            return redirect(suggestion if on_behalf else reverse("proposals:mine"))
    return _form_page(
        request,
        form,
        heading=_("Change the suggestion"),
        suggestion=suggestion,
        cancel_url=suggestion.get_absolute_url() if on_behalf else reverse("proposals:mine"),
        submit_label=_("Submit again") if suggestion.state == "returned" else _("Submit"),
    )


@any_permission(AS_DEPUTY, FILE_ON_BEHALF)
@require_POST
def submit(request, pk):
    suggestion = get_object_or_404(filed_by_or_for(request.user), pk=pk)
    try:
        filing.suggestion_submit(
            suggestion=suggestion, by=request.user, version=request.POST.get("version") or None
        )
    except (IllegalMove, EditConflict) as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        _error_messages(request, exc)
        return redirect("proposals:edit", pk=suggestion.pk)
    else:
        messages.success(request, SUBMITTED)
    return redirect(_next_url(request, reverse("proposals:mine")))


@any_permission(AS_DEPUTY, FILE_ON_BEHALF)
@require_POST
def withdraw(request, pk):
    suggestion = get_object_or_404(filed_by_or_for(request.user), pk=pk)
    try:
        filing.suggestion_withdraw(
            suggestion=suggestion, by=request.user, version=request.POST.get("version") or None
        )
    except (IllegalMove, EditConflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, WITHDRAWN)
    return redirect(_next_url(request, reverse("proposals:mine")))


@login_required
@permission_required(AS_DEPUTY, raise_exception=True)
def cosign(request, pk):
    """An invitation to co-sign: the suggestion and the two answers (the notification links here)."""
    deputy = deputy_for(request.user)
    if deputy is None:
        raise Http404
    suggestion = get_object_or_404(suggestion_visible_to(request.user), pk=pk)
    cosignature = get_object_or_404(Cosignature, suggestion=suggestion, deputy=deputy)
    if request.method == "POST":
        form = CosignForm(request.POST)
        if form.is_valid():
            confirm = form.cleaned_data["answer"] == "confirm"
            try:
                filing.cosignature_answer(
                    suggestion=suggestion, deputy=deputy, confirm=confirm, by=request.user
                )
            except IllegalMove as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, COSIGNED if confirm else DECLINED)
            return redirect(_next_url(request, reverse("proposals:mine")))
    return render(
        request,
        "proposals/my_cosign.html",
        {
            "suggestion": suggestion,
            "cosignature": cosignature,
            "attachments": suggestion.attachments.filter(kind=Attachment.Kind.FILING),
            "open": cosignature.state == Cosignature.State.INVITED and suggestion.state in filing.COSIGN_OPEN,
        },
    )


# Files ----------------------------------------------------------------------------------------------


@login_required
def attachment(request, pk):
    """Download a file of a suggestion the user may see (login is enough: the selector decides)."""
    item = get_object_or_404(attachment_visible_to(request.user), pk=pk)
    return file_response(item.file, filename=item.name, content_type=item.content_type)


@any_permission(AS_DEPUTY, FILE_ON_BEHALF)
@require_POST
def attach(request, pk):
    """Attach more files to a draft or returned suggestion."""
    suggestion = get_object_or_404(filed_by_or_for(request.user), pk=pk)
    if suggestion.state not in EDITABLE:
        messages.error(request, filing.NOT_EDITABLE)
        return redirect(suggestion)
    form = AttachForm(request.POST, request.FILES, suggestion=suggestion)
    if form.is_valid():
        try:
            filing.suggestion_update(
                suggestion=suggestion, by=request.user, attachments=form.cleaned_data["attachments"]
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        except IllegalMove as exc:
            messages.error(request, exc.message)
            return redirect(suggestion)
        else:
            messages.success(request, FILES_ADDED)
            return redirect(_next_url(request, reverse("proposals:edit", args=[suggestion.pk])))
    return render(request, "proposals/filing_attach.html", {"form": form, "suggestion": suggestion})


# Staff ----------------------------------------------------------------------------------------------


@login_required
@permission_required(FILE_ON_BEHALF, raise_exception=True)
def file_for_deputy(request):
    """Staff enter a deputy's suggestion, e.g. a paper form handed in at the session."""
    form = OnBehalfForm(request.POST or None, request.FILES or None, term=current_term())
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            suggestion, new = made_once(
                form.cleaned_data.get("once"),
                request.user,
                lambda: filing.suggestion_create(
                    **form.service_fields(),
                    attachments=form.cleaned_data["attachments"],
                    submit=submit,
                    by=request.user,
                ),
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        except IllegalMove as exc:
            messages.error(request, exc.message)
        else:
            if not new:
                messages.info(request, ALREADY_SENT)
                return redirect(suggestion)
            if submit:
                messages.success(
                    request,
                    SUBMITTED_FOR % {"title": suggestion.title, "deputy": suggestion.lead_deputy.name},
                )
                return redirect("proposals:file_for_deputy")
            messages.success(request, DRAFT_SAVED)
            return redirect("proposals:edit", pk=suggestion.pk)
    return _form_page(
        request,
        form,
        heading=_("File a suggestion for a deputy"),
        cancel_url=reverse("accounts:home"),
        submit_label=_("Submit now"),
    )


@any_permission(REVIEW, FILE_ON_BEHALF, AS_DEPUTY)
def from_opinion(request, opinion_pk):
    """Turn a constituent opinion marked “to become a suggestion” into a draft for a deputy."""
    opinion = get_object_or_404(opinion_convertible_by(request.user), pk=opinion_pk)
    existing = Suggestion.objects.filter(origin_opinion=opinion).first()
    if existing is not None:
        messages.info(request, filing.OPINION_ALREADY_CONVERTED)
        if suggestion_visible_to(request.user).filter(pk=existing.pk).exists():
            return redirect(existing)
        return redirect(opinion)
    staff = request.user.has_perm(REVIEW) or request.user.has_perm(FILE_ON_BEHALF)
    deputy = None if staff else deputy_for(request.user)
    if not staff and not may_file(deputy):
        return _not_linked(request)
    form = FromOpinionForm(request.POST or None, opinion=opinion, choose_lead=staff)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = filing.suggestion_from_opinion(
                opinion=opinion,
                lead_deputy=form.cleaned_data.get("lead_deputy") or deputy,
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as exc:
            _add_service_errors(form, exc)
        except IllegalMove as exc:
            messages.error(request, exc.message)
            return redirect(opinion)
        else:
            messages.success(request, DRAFT_FROM_OPINION)
            return redirect("proposals:edit", pk=suggestion.pk)
    return render(request, "proposals/filing_from_opinion.html", {"form": form, "opinion": opinion})


urlpatterns = [
    path("mine/", mine, name="mine"),
    path("new/", create, name="create"),
    path("new/for-deputy/", file_for_deputy, name="file_for_deputy"),
    path("from-opinion/<int:opinion_pk>/", from_opinion, name="from_opinion"),
    path("<int:pk>/edit/", edit, name="edit"),
    path("<int:pk>/submit/", submit, name="submit"),
    path("<int:pk>/withdraw/", withdraw, name="withdraw"),
    path("<int:pk>/cosign/", cosign, name="cosign"),
    path("<int:pk>/attach/", attach, name="attach"),
    path("attachments/<int:pk>/", attachment, name="attachment"),
]
