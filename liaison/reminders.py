"""The daily reminders of forwarded opinions: due within 3 working days, due today, overdue.

Registered with renda.core.reminders; each notification's key names the opinion, the tier and the
day, so that running the scan twice in a day (or on two workers) reminds once.
"""

from collections import defaultdict
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.models import Opinion
from renda.accounts.models import User
from renda.core.calendar import add_working_days
from renda.core.services import notify

SOON_WORKING_DAYS = 3


def tier_of(due: date, today: date) -> str:
    if due < today:
        return "overdue"
    if due == today:
        return "today"
    return "soon"


def _title(tier: str, opinion: Opinion) -> str:
    due = date_format(opinion.due_date, "DATE_FORMAT")
    if tier == "overdue":
        return _("A forwarded constituent opinion is overdue: the reply was due on %(date)s") % {"date": due}
    if tier == "today":
        return _("A forwarded constituent opinion is due today")
    return _("A forwarded constituent opinion is due on %(date)s") % {"date": due}


def opinion_reminders(today: date) -> int:
    """Remind the units' users of their forwarded opinions; returns the notifications sent now."""
    horizon = add_working_days(today, SOON_WORKING_DAYS)
    opinions = list(
        Opinion.objects.filter(state=Opinion.State.FORWARDED, due_date__lte=horizon).order_by(
            "due_date", "pk"
        )
    )
    users_by_unit = defaultdict(list)
    for user in User.objects.filter(is_active=True, unit_id__in={o.unit_id for o in opinions}):
        users_by_unit[user.unit_id].append(user)
    sent = 0
    for opinion in opinions:
        recipients = users_by_unit.get(opinion.unit_id)
        if not recipients:
            continue
        tier = tier_of(opinion.due_date, today)
        sent += len(
            notify(
                recipients=recipients,
                title=_title(tier, opinion),
                body=opinion.content,
                key=f"opinion:{opinion.pk}:reminder:{tier}:{today.isoformat()}",
                url=opinion.get_absolute_url(),
            )
        )
    return sent
