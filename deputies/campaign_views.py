"""Views of deputy campaigns (代表行动): staff run them, directors read them, deputies record their part."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from deputies import campaigns as svc
from deputies.campaign_forms import CampaignForm, EntryForm, ParticipantsForm
from deputies.selectors import deputy_of
from deputies.views import deputy_picker
from renda.core import params
from renda.core.viewhelpers import (
    any_permission,
    file_response,
    paginate,
    posted,
    query_without_page,
    saved_or_none,
)

VIEW_ALL = "deputies.view_all_deputies"
MANAGE = "deputies.manage_deputies"
AS_DEPUTY = "accounts.act_as_deputy"

CAMPAIGN_CREATED = gettext_lazy("The campaign “%(title)s” was added. Now choose the deputies taking part.")
CAMPAIGN_SAVED = gettext_lazy("The changes to “%(title)s” were saved.")
PARTICIPANTS_SAVED = gettext_lazy("The deputies taking part in “%(title)s” were saved.")
ENTRY_ADDED = gettext_lazy("The entry of %(name)s was added.")
ENTRY_SAVED = gettext_lazy("The entry of %(name)s was saved.")
ENTRY_DELETED = gettext_lazy("The entry of %(name)s of %(date)s was deleted.")


def _crumbs(request, campaign=None):
    """Staff and directors come from the list of campaigns, a deputy from their own campaigns."""
    if request.user.has_perm(VIEW_ALL):
        crumbs = [
            (_("Deputies"), reverse("deputies:list")),
            (_("Campaigns"), reverse("deputies:campaign_list")),
        ]
    else:
        crumbs = [(_("My campaigns"), reverse("deputies:my_campaigns"))]
    if campaign is not None:
        crumbs.append((campaign.title, campaign.get_absolute_url()))
    return crumbs


def _year(request) -> int | None:
    return params.year(request.GET)


# --- campaigns ---------------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_ALL, raise_exception=True)
def campaign_list(request):
    campaigns = svc.campaigns_visible_to(request.user)
    year = _year(request)
    if year:
        campaigns = svc.campaigns_in_year(campaigns, year)
    q = params.search(request.GET, "q", max_length=60)
    if q:
        campaigns = campaigns.filter(title__icontains=q)
    page = paginate(request, campaigns)
    return render(
        request,
        "deputies/campaign_list.html",
        {
            "page_obj": page,
            "query": query_without_page(request),
            "years": svc.campaign_years(),
            "year": year,
            "q": q,
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required(AS_DEPUTY, raise_exception=True)
def my_campaigns(request):
    deputy = deputy_of(request.user)
    campaigns = svc.my_campaigns(request.user, deputy) if deputy is not None else []
    return render(
        request,
        "deputies/campaign_mine.html",
        {"deputy": deputy, "campaigns": campaigns, "today": timezone.localdate()},
    )


@any_permission(VIEW_ALL, AS_DEPUTY)
def campaign_detail(request, pk):
    campaign = get_object_or_404(svc.campaigns_visible_to(request.user), pk=pk)
    participants = list(svc.campaign_participants(campaign))
    chosen = None
    deputy_pk = params.object_id(request.GET, "deputy")
    if deputy_pk:
        chosen = next((d for d in participants if d.pk == deputy_pk), None)
    page = paginate(request, svc.campaign_entries(campaign, deputy=chosen))
    for entry in page:
        entry.editable = svc.can_edit_entry(request.user, entry)
    own = deputy_of(request.user) if request.user.has_perm(AS_DEPUTY) else None
    return render(
        request,
        "deputies/campaign_detail.html",
        {
            "campaign": campaign,
            "participants": participants,
            "chosen": chosen,
            "page_obj": page,
            "query": query_without_page(request),
            "own_deputy": own,
            "can_add_entry": request.user.has_perm(MANAGE) or own is not None,
            "crumbs": _crumbs(request),
            "today": timezone.localdate(),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def campaign_create(request):
    form = CampaignForm(posted(request))
    response = saved_or_none(
        request,
        form,
        lambda f: svc.campaign_create(**f.service_fields()),
        done=lambda campaign: reverse("deputies:campaign_participants", args=[campaign.pk]),
        success=lambda campaign: CAMPAIGN_CREATED % {"title": campaign.title},
    )
    return response or render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Add a campaign"),
            "crumbs": _crumbs(request),
            "cancel_url": reverse("deputies:campaign_list"),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def campaign_update(request, pk):
    campaign = get_object_or_404(svc.campaigns_visible_to(request.user), pk=pk)
    form = CampaignForm(posted(request), instance=campaign)
    response = saved_or_none(
        request,
        form,
        lambda f: svc.campaign_update(
            campaign=campaign, version=f.cleaned_data["version"], **f.service_fields()
        ),
        done=lambda saved: saved,
        success=lambda saved: CAMPAIGN_SAVED % {"title": saved.title},
    )
    return response or render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Edit %(title)s") % {"title": campaign.title},
            "crumbs": _crumbs(request, campaign),
            "cancel_url": campaign.get_absolute_url(),
        },
    )


@login_required
@permission_required(MANAGE, raise_exception=True)
def campaign_participants_edit(request, pk):
    """Tick who takes part; the list can be narrowed by township or name, the rest stays as it was."""
    campaign = get_object_or_404(svc.campaigns_visible_to(request.user), pk=pk)
    picker = deputy_picker(request, lambda **narrow: svc.participant_candidates(campaign, **narrow))
    form = ParticipantsForm(posted(request), queryset=picker["candidates"])
    response = saved_or_none(
        request,
        form,
        lambda f: svc.campaign_set_participants(
            campaign=campaign, shown=f.cleaned_data["shown"], taking_part=f.cleaned_data["participants"]
        ),
        done=lambda saved: campaign,
        success=PARTICIPANTS_SAVED % {"title": campaign.title},
    )
    ticked = {d.pk for d in picker["candidates"] if d.taking_part}
    return response or render(
        request,
        "deputies/campaign_participants.html",
        {
            "campaign": campaign,
            "form": form,
            "ticked": ticked,
            "crumbs": _crumbs(request, campaign),
            **picker,
        },
    )


# --- entries -----------------------------------------------------------------------------------------


def _entry_page(request, form, *, campaign, title, entry=None):
    return render(
        request,
        "deputies/campaign_entry_form.html",
        {
            "form": form,
            "campaign": campaign,
            "entry": entry,
            "title": title,
            "crumbs": _crumbs(request, campaign),
        },
    )


@any_permission(MANAGE, AS_DEPUTY)
def campaign_entry_create(request, pk):
    """Staff record for any participant; a deputy records their own, only in a campaign they are in."""
    campaign = get_object_or_404(svc.campaigns_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    if request.user.has_perm(MANAGE):
        own, participants = None, svc.campaign_participants(campaign)
    else:
        own, participants = deputy_of(request.user), None
        if own is None:
            raise Http404
    initial = {"date": min(today, campaign.end_date or today)}
    deputy_pk = params.object_id(request.GET, "deputy")
    if participants is not None and deputy_pk:
        initial["deputy"] = deputy_pk
    form = EntryForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        campaign=campaign,
        today=today,
        participants=participants,
        initial=initial,
    )
    response = saved_or_none(
        request,
        form,
        lambda f: svc.campaign_entry_create(
            campaign=campaign,
            deputy=own or f.cleaned_data["deputy"],
            date=f.cleaned_data["date"],
            text=f.cleaned_data["text"],
            photo=f.cleaned_data.get("photo"),
            by=request.user,
            today=today,
        ),
        done=lambda entry: campaign,
        success=lambda entry: ENTRY_ADDED % {"name": entry.deputy.name},
    )
    if response is not None:
        return response
    title = _("Record what I did") if own is not None else _("Add an entry")
    return _entry_page(request, form, campaign=campaign, title=title)


@any_permission(MANAGE, AS_DEPUTY)
def campaign_entry_update(request, pk):
    entry = get_object_or_404(svc.entries_editable_by(request.user), pk=pk)
    today = timezone.localdate()
    form = EntryForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        campaign=entry.campaign,
        today=today,
        entry=entry,
    )
    response = saved_or_none(
        request,
        form,
        lambda f: svc.campaign_entry_update(
            entry=entry,
            date=f.cleaned_data["date"],
            text=f.cleaned_data["text"],
            photo=f.cleaned_data.get("photo"),
            remove_photo=f.cleaned_data.get("remove_photo", False),
            today=today,
            version=f.cleaned_data["version"],
        ),
        done=lambda saved: entry.campaign,
        success=ENTRY_SAVED % {"name": entry.deputy.name},
    )
    return response or _entry_page(
        request,
        form,
        campaign=entry.campaign,
        entry=form.instance,  # after a conflict, the entry as saved now
        title=_("Edit the entry of %(name)s") % {"name": entry.deputy.name},
    )


@any_permission(MANAGE, AS_DEPUTY)
@require_POST
def campaign_entry_delete(request, pk):
    entry = get_object_or_404(svc.entries_editable_by(request.user), pk=pk)
    campaign, name, day = entry.campaign, entry.deputy.name, entry.date
    svc.campaign_entry_delete(entry=entry)
    messages.success(request, ENTRY_DELETED % {"name": name, "date": date_format(day)})
    return redirect(campaign)


@any_permission(VIEW_ALL, AS_DEPUTY)
def campaign_photo(request, pk):
    """An entry's photo, shown to whoever may read the entry; media files are never served directly."""
    entry = get_object_or_404(svc.entries_visible_to(request.user).exclude(photo=""), pk=pk)
    response = file_response(entry.photo, content_type=svc.photo_content_type(entry))
    response["Cache-Control"] = "private, max-age=3600"
    return response
