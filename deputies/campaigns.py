"""Deputy campaigns (代表行动): who may see which campaign and entry, and every write to them.

Selectors return QuerySets that own their joins; services check the campaign's period and who
takes part, run in a transaction and call full_clean() before saving. A photo is accepted only
when its content is a JPEG or PNG (renda.core.uploads), whatever its name says.
"""

import os
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, Max, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from deputies.models import Campaign, CampaignEntry, Deputy
from deputies.selectors import name_search
from renda.core.models import Township
from renda.core.uploads import Refusals, check_kind, display_name, kinds
from renda.core.versions import locked_at

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_KINDS = kinds(".jpg", ".jpeg", ".png")
PHOTO_ACCEPT = "image/jpeg,image/png"

CAMPAIGN_ENDS_BEFORE_START = _("A campaign cannot end before it starts.")
ENTRIES_OUTSIDE_PERIOD = _(
    "%(count)d entries are dated outside this period (the earliest on %(first)s, the latest on "
    "%(last)s). Change their dates first or choose a period that includes them."
)
ENTRY_BEFORE_START = _("The campaign starts on %(start)s; choose a date on or after it.")
ENTRY_AFTER_END = _("The campaign ended on %(end)s; choose a date on or before it.")
ENTRY_IN_FUTURE = _("An entry records what was done: the date cannot be later than today.")
NOT_TAKING_PART = _("%(name)s does not take part in this campaign.")
PARTICIPANTS_WITH_ENTRIES = _(
    "%(names)s already recorded entries in this campaign and keep taking part. "
    "Delete their entries first to remove them."
)
PHOTO_EMPTY = _("The photo “%(name)s” is empty.")
PHOTO_TOO_BIG = _("The photo “%(name)s” is larger than 5 MB. Send a smaller picture.")
PHOTO_TYPE_NOT_ALLOWED = _("“%(name)s” is not a JPEG or PNG picture. Choose a photo in one of these formats.")
PHOTO_NOT_WHAT_IT_SAYS = _(
    "“%(name)s” is not really a %(kind)s picture: its content does not match its name. "
    "Save it again as JPEG or PNG and send it."
)
PHOTO_UNREADABLE = _("The photo “%(name)s” cannot be read; it may be damaged. Take or choose it again.")
PHOTO_REFUSALS = Refusals(
    empty=PHOTO_EMPTY, too_big=PHOTO_TOO_BIG, type=PHOTO_TYPE_NOT_ALLOWED, content=PHOTO_NOT_WHAT_IT_SAYS
)


# --- reads ------------------------------------------------------------------------------------------


def _count_of(queryset) -> Subquery:
    """A per-campaign count as a subquery, so that several counts never multiply each other's rows."""
    return Coalesce(
        Subquery(queryset.order_by().values("campaign_id").annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """Every campaign for staff and directors; for a deputy, only the campaigns they take part in."""
    qs = Campaign.objects.annotate(
        participant_count=_count_of(Campaign.participants.through.objects.filter(campaign_id=OuterRef("pk"))),
        entry_count=_count_of(CampaignEntry.objects.filter(campaign_id=OuterRef("pk"))),
    ).order_by("-start_date", "pk")
    if user.has_perm("deputies.view_all_deputies"):
        return qs
    if user.has_perm("accounts.act_as_deputy"):
        taking_part = Campaign.participants.through.objects.filter(
            campaign_id=OuterRef("pk"), deputy__user=user
        )
        return qs.filter(Exists(taking_part))
    return qs.none()


def my_campaigns(user, deputy: Deputy) -> QuerySet[Campaign]:
    """The campaigns of a deputy, with how many entries they recorded in each."""
    own = CampaignEntry.objects.filter(campaign_id=OuterRef("pk"), deputy=deputy)
    return campaigns_visible_to(user).filter(participants=deputy).annotate(my_entry_count=_count_of(own))


def campaign_participants(campaign: Campaign) -> QuerySet[Deputy]:
    """Who takes part, with the number of entries each recorded, by township then name."""
    entries = CampaignEntry.objects.filter(campaign=campaign, deputy_id=OuterRef("pk"))
    return (
        campaign.participants.select_related("township")
        .annotate(
            entry_count=Coalesce(
                Subquery(entries.order_by().values("deputy_id").annotate(n=Count("pk")).values("n")[:1]),
                Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("township__sort_order", "township__name", "name_initials", "pk")
    )


def campaign_entries(campaign: Campaign, *, deputy: Deputy | None = None) -> QuerySet[CampaignEntry]:
    qs = campaign.entries.select_related("deputy", "deputy__township", "recorded_by").order_by("-date", "-pk")
    if deputy is not None:
        qs = qs.filter(deputy=deputy)
    return qs


def entries_visible_to(user) -> QuerySet[CampaignEntry]:
    """Entries one may read: all of them for staff and directors, those of one's campaigns for a deputy."""
    qs = CampaignEntry.objects.select_related("campaign", "deputy", "recorded_by")
    if user.has_perm("deputies.view_all_deputies"):
        return qs
    if user.has_perm("accounts.act_as_deputy"):
        return qs.filter(campaign__in=campaigns_visible_to(user).values("pk"))
    return qs.none()


def entries_editable_by(user) -> QuerySet[CampaignEntry]:
    """Entries one may change or delete: any for staff who manage deputies, one's own for a deputy."""
    qs = CampaignEntry.objects.select_related("campaign", "deputy", "recorded_by")
    if user.has_perm("deputies.manage_deputies"):
        return qs
    if user.has_perm("accounts.act_as_deputy"):
        return qs.filter(deputy__user=user, campaign__participants__user=user)
    return qs.none()


def can_edit_entry(user, entry: CampaignEntry) -> bool:
    """The same rule as entries_editable_by, on an entry already at hand (no query)."""
    if user.has_perm("deputies.manage_deputies"):
        return True
    return user.has_perm("accounts.act_as_deputy") and entry.deputy.user_id == user.pk


def participant_candidates(campaign: Campaign, *, township: Township | None = None, q: str = ""):
    """Deputies who may be ticked for a campaign: active ones and whoever already takes part."""
    through = Campaign.participants.through
    taking_part = through.objects.filter(campaign=campaign, deputy_id=OuterRef("pk"))
    result = (
        Deputy.objects.filter(Q(status=Deputy.Status.ACTIVE) | Exists(taking_part))
        .select_related("township")
        .annotate(taking_part=Exists(taking_part))
        .order_by("township__sort_order", "township__name", "name_initials", "pk")
    )
    if township is not None:
        result = result.filter(township=township)
    if q:
        result = result.filter(name_search(q))
    return result


def campaign_years() -> list[int]:
    """The years in which some campaign ran, newest first (for the list's filter)."""
    years = set()
    for start, end in Campaign.objects.values_list("start_date", "end_date"):
        years.update(range(start.year, (end or start).year + 1))
    return sorted(years, reverse=True)


def campaigns_in_year(queryset: QuerySet[Campaign], year: int) -> QuerySet[Campaign]:
    """Campaigns whose period touches `year` (one without an end date runs on)."""
    return queryset.filter(start_date__lte=date(year, 12, 31)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1))
    )


# --- photos -----------------------------------------------------------------------------------------


def check_photo(upload) -> str:
    """The content type of an uploaded photo, told from its content; a ValidationError says what is wrong."""
    name = display_name(upload.name)
    kind = check_kind(
        upload, name=name, accepted=PHOTO_KINDS, max_bytes=PHOTO_MAX_BYTES, refusals=PHOTO_REFUSALS
    )
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(PHOTO_UNREADABLE, code="unreadable", params={"name": name}) from exc
    finally:
        upload.seek(0)
    return kind.content_type


def photo_content_type(entry: CampaignEntry) -> str:
    ending = os.path.splitext(entry.photo.name)[1].lower()
    kind = PHOTO_KINDS.get(ending)
    return kind.content_type if kind else "application/octet-stream"


# --- writes -----------------------------------------------------------------------------------------


def _check_entries_inside(campaign: Campaign) -> None:
    """Refuse a period that would leave recorded entries outside it."""
    if campaign.pk is None:
        return
    outside = Q(date__lt=campaign.start_date)
    if campaign.end_date:
        outside |= Q(date__gt=campaign.end_date)
    stray = CampaignEntry.objects.filter(campaign=campaign).filter(outside)
    figures = stray.aggregate(count=Count("pk"), first=Min("date"), last=Max("date"))
    if figures["count"]:
        field = "start_date" if figures["first"] < campaign.start_date else "end_date"
        raise ValidationError(
            {
                field: ValidationError(
                    ENTRIES_OUTSIDE_PERIOD,
                    code="entries_outside",
                    params={
                        "count": figures["count"],
                        "first": date_format(figures["first"]),
                        "last": date_format(figures["last"]),
                    },
                )
            }
        )


def _check_period(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": ValidationError(CAMPAIGN_ENDS_BEFORE_START, code="period")})


@transaction.atomic
def campaign_create(*, title: str, call: str, start_date: date, end_date: date | None = None) -> Campaign:
    _check_period(start_date, end_date)
    campaign = Campaign(title=title, call=call, start_date=start_date, end_date=end_date)
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(
    *,
    campaign: Campaign,
    title: str,
    call: str,
    start_date: date,
    end_date: date | None = None,
    version: str | None = None,
) -> Campaign:
    campaign = locked_at(Campaign, campaign.pk, version)
    _check_period(start_date, end_date)
    campaign.title, campaign.call = title, call
    campaign.start_date, campaign.end_date = start_date, end_date
    campaign.full_clean()
    _check_entries_inside(campaign)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_set_participants(
    *, campaign: Campaign, shown: Iterable[Deputy], taking_part: Iterable[Deputy]
) -> Campaign:
    """Among the deputies `shown` on the page, exactly `taking_part` take part; others are unchanged.

    A deputy who already recorded entries cannot be taken off: the entries would lose their place.
    """
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    shown_ids = {d.pk for d in shown}
    wanted = {d.pk for d in taking_part} & shown_ids
    have = set(campaign.participants.filter(pk__in=shown_ids).values_list("pk", flat=True))
    leaving = have - wanted
    if leaving:
        with_entries = (
            Deputy.objects.filter(pk__in=leaving, campaign_entries__campaign=campaign)
            .distinct()
            .order_by("name_initials", "pk")
        )
        names = [d.name for d in with_entries]
        if names:
            raise ValidationError(
                PARTICIPANTS_WITH_ENTRIES, code="has_entries", params={"names": "、".join(names)}
            )
        # Through the relation (not the link table) so that the campaign's history records the change.
        campaign.participants.remove(*leaving)
    joining = wanted - have
    if joining:
        campaign.participants.add(*sorted(joining))
    return campaign


def check_entry_date(campaign: Campaign, when: date, *, today: date) -> None:
    """An entry's date lies in the campaign's period and not in the future, or a ValidationError says why."""
    if when < campaign.start_date:
        raise ValidationError(
            ENTRY_BEFORE_START, code="before_start", params={"start": date_format(campaign.start_date)}
        )
    if campaign.end_date and when > campaign.end_date:
        raise ValidationError(
            ENTRY_AFTER_END, code="after_end", params={"end": date_format(campaign.end_date)}
        )
    if when > today:
        raise ValidationError(ENTRY_IN_FUTURE, code="future")


def _check_entry(*, campaign: Campaign, deputy: Deputy, when: date, today: date) -> None:
    errors = {}
    if not campaign.participants.filter(pk=deputy.pk).exists():
        errors["deputy"] = ValidationError(
            NOT_TAKING_PART, code="not_taking_part", params={"name": deputy.name}
        )
    try:
        check_entry_date(campaign, when, today=today)
    except ValidationError as exc:
        errors["date"] = exc
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_entry_create(
    *, campaign: Campaign, deputy: Deputy, date: date, text: str, photo=None, by, today: date
) -> CampaignEntry:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _check_entry(campaign=campaign, deputy=deputy, when=date, today=today)
    if photo:
        try:
            check_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc}) from exc
    entry = CampaignEntry(campaign=campaign, deputy=deputy, date=date, text=text.strip(), recorded_by=by)
    if photo:
        entry.photo = photo
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def campaign_entry_update(
    *,
    entry: CampaignEntry,
    date: date,
    text: str,
    photo=None,
    remove_photo: bool = False,
    today: date,
    version: str | None = None,
) -> CampaignEntry:
    """Change an entry's date, text or photo; a new photo replaces the old one, whose file is deleted."""
    entry = locked_at(CampaignEntry.objects.select_related("campaign", "deputy"), entry.pk, version)
    _check_entry(campaign=entry.campaign, deputy=entry.deputy, when=date, today=today)
    if photo:
        try:
            check_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc}) from exc
    old_photo = entry.photo.name if entry.photo else ""
    entry.date, entry.text = date, text.strip()
    if photo:
        entry.photo = photo
    elif remove_photo:
        entry.photo = ""
    entry.full_clean()
    entry.save()
    if old_photo and old_photo != (entry.photo.name if entry.photo else ""):
        storage = entry.photo.storage
        # Only once the row no longer names it: a rolled-back change keeps its file.
        transaction.on_commit(lambda: storage.delete(old_photo))
    return entry


@transaction.atomic
def campaign_entry_delete(*, entry: CampaignEntry) -> None:
    entry = CampaignEntry.objects.select_for_update().get(pk=entry.pk)
    photo = entry.photo.name if entry.photo else ""
    storage = entry.photo.storage
    entry.delete()
    if photo:
        transaction.on_commit(lambda: storage.delete(photo))
