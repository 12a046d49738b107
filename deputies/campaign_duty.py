"""The campaigns section (代表行动) of a deputy's duty record (履职档案), registered in core's duty-record
registry like the other sections: the campaigns the deputy takes part in and what they recorded in each."""

from django.db.models import FilteredRelation, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from deputies.campaigns import campaigns_in_year
from deputies.models import Campaign, CampaignEntry
from renda.core.registry import DutySection, registry


def _period(campaign: Campaign) -> str:
    start = campaign.start_date.isoformat()
    return f"{start} – {campaign.end_date.isoformat()}" if campaign.end_date else f"{start} –"


def campaigns_section(deputy, *, year: int | None = None) -> DutySection:
    """One query at any size: the campaigns joined, each outer-joined to the deputy's own entries."""
    mine = Q(entries__deputy=deputy)
    if year is not None:
        mine &= Q(entries__date__year=year)
    rows_qs = (
        Campaign.objects.filter(participants=deputy)
        .annotate(own=FilteredRelation("entries", condition=mine))
        .order_by("start_date", "pk", "own__date", "own__pk")
    )
    if year is not None:
        # A campaign belongs to a year when it ran then, or when the deputy recorded something in it then.
        in_year = campaigns_in_year(Campaign.objects.all(), year).values("pk")
        rows_qs = rows_qs.filter(Q(pk__in=in_year) | Q(own__isnull=False))
    campaigns: dict[int, Campaign] = {}
    by_campaign: dict[int, list[CampaignEntry]] = {}
    fields = ("pk", "title", "start_date", "end_date", "own__pk", "own__date", "own__text", "own__photo")
    for pk, title, start, end, entry_pk, when, text, photo in rows_qs.values_list(*fields):
        if pk not in campaigns:
            campaigns[pk] = Campaign(pk=pk, title=title, start_date=start, end_date=end)
            by_campaign[pk] = []
        if entry_pk is not None:
            by_campaign[pk].append(
                CampaignEntry(
                    pk=entry_pk, campaign_id=pk, deputy=deputy, date=when, text=text, photo=photo or ""
                )
            )
    campaigns = list(campaigns.values())
    blocks = []
    rows = []
    for campaign in campaigns:
        own = by_campaign[campaign.pk]
        photos = sum(1 for e in own if e.photo)
        blocks.append({"campaign": campaign, "entries": own, "photo_count": photos})
        if not own:
            rows.append([campaign.title, _period(campaign), None, "", 0])
        rows.extend([campaign.title, _period(campaign), e.date, e.text, 1 if e.photo else 0] for e in own)
    return DutySection(
        key="deputies.campaigns",
        title=_("Campaigns"),
        template="deputies/campaign_duty.html",
        context={
            "blocks": blocks,
            "entry_count": sum(len(b["entries"]) for b in blocks),
            "photo_count": sum(b["photo_count"] for b in blocks),
        },
        headers=[
            _("Campaign"),
            _("Period"),
            _("Date"),
            pgettext("campaign entry", "What was done"),
            _("Photos"),
        ],
        rows=rows,
        count=len(campaigns),
    )


def register() -> None:
    registry.add_duty_section("deputies.campaigns", campaigns_section, order=35)
