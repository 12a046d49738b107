"""Supervision's open deadlines for the reminder engine (renda.core.reminders.register_deadlines).

Every open rectification item (not yet done or verified) of an opinion that has been sent is due on
its deadline and reminds its unit's users; every review opinion sent (or sent back to rectify again)
and still awaiting its written report is due on its report date and reminds the users of the body it
was sent to. Both escalate to the opinion's supervising leader. The engine decides tiers and
exactly-once delivery; this provider only lists the deadlines, in three queries whatever their number.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from renda.core.reminders import DueItem, register_deadlines
from supervision.models import RectificationItem, ReviewOpinion
from supervision.workflow import AWAITING_REPORT, OPEN_ITEM_STATES


def _users_by_unit(unit_ids) -> dict[int, tuple]:
    found = defaultdict(list)
    for user in get_user_model().objects.filter(is_active=True, unit_id__in=set(unit_ids)).order_by("pk"):
        found[user.unit_id].append(user)
    return {unit_id: tuple(users) for unit_id, users in found.items()}


def _leader(opinion) -> tuple:
    leader = opinion.supervising_leader
    return (leader,) if leader is not None and leader.is_active else ()


def supervision_deadlines(today: date) -> Iterator[DueItem]:
    """Every open supervision deadline, whether due soon or not."""
    items = list(
        RectificationItem.objects.filter(state__in=OPEN_ITEM_STATES, opinion__sent_on__isnull=False)
        .select_related("unit", "opinion", "opinion__supervising_leader")
        .order_by("deadline", "pk")
    )
    opinions = list(
        ReviewOpinion.objects.filter(state__in=AWAITING_REPORT, report_due__isnull=False)
        .select_related("recipient", "supervising_leader")
        .order_by("report_due", "pk")
    )
    users = _users_by_unit([i.unit_id for i in items] + [o.recipient_id for o in opinions])
    item_kind = _("Rectification item")
    report_kind = _("Handling report on a review opinion")
    for item in items:
        yield DueItem(
            subject=item,
            kind=item_kind,
            title=f"{item.opinion.title}: {item.description[:60]}",
            url=item.get_absolute_url(),
            due=item.deadline,
            unit=item.unit,
            recipients=users.get(item.unit_id, ()),
            escalate_to=_leader(item.opinion),
        )
    for opinion in opinions:
        yield DueItem(
            subject=opinion,
            kind=report_kind,
            title=opinion.title,
            url=opinion.get_absolute_url(),
            due=opinion.report_due,
            unit=opinion.recipient,
            recipients=users.get(opinion.recipient_id, ()),
            escalate_to=_leader(opinion),
        )


def register() -> None:
    register_deadlines("supervision", supervision_deadlines)
