"""Forwarded constituent opinions' deadlines for the reminder engine (renda.core.reminders).

Every opinion forwarded to a unit and not yet answered by it is due on its reply date and reminds the
unit's active users. The engine decides tiers, escalation and exactly-once delivery; this provider
only lists the deadlines, in two queries whatever their number.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.utils.translation import gettext as _

from liaison.models import Opinion
from renda.accounts.models import User
from renda.core.reminders import DueItem, register_deadlines


def opinion_deadlines(today: date) -> Iterator[DueItem]:
    """Every forwarded opinion awaiting its unit's reply, whether due soon or not."""
    opinions = list(
        Opinion.objects.filter(state=Opinion.State.FORWARDED, due_date__isnull=False)
        .select_related("unit")
        .order_by("due_date", "pk")
    )
    users_by_unit = defaultdict(list)
    for user in User.objects.filter(is_active=True, unit_id__in={o.unit_id for o in opinions}).order_by("pk"):
        users_by_unit[user.unit_id].append(user)
    kind = _("Forwarded constituent opinion")
    for opinion in opinions:
        yield DueItem(
            subject=opinion,
            kind=kind,
            title=opinion.content[:60],
            url=opinion.get_absolute_url(),
            due=opinion.due_date,
            unit=opinion.unit,
            recipients=tuple(users_by_unit.get(opinion.unit_id, ())),
        )


def register() -> None:
    register_deadlines("liaison.opinions", opinion_deadlines)
