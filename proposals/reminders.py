"""The suggestion ledger's open deadlines for the reminder engine (renda.core.reminders, a registry in
core filled from AppConfig.ready()).

- the lead unit's reply (代表建议答复), due on reply_due, for every suggestion awaiting a reply;
- a co-handling unit's opinion (协办意见), due on its own date, until it is sent;
- a return request awaiting a decision (退办申请), due `transfer_working_days` working days after the
  last day a return could be asked, told to staff and directors;
- a reply the lead deputy has not rated, due `ReminderPolicy.unrated_days` days after the reply.

The engine decides the tiers (due soon, today, overdue, seriously overdue), escalation (the unit's
head besides `escalate_to`: the supervising leader and the committee's staff) and that each item,
tier and day is reminded exactly once. This provider only lists the deadlines, in a constant number
of queries whatever their number.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.utils.translation import gettext as _

from proposals.models import AWAITING_REPLY, CoHandling, Policy, Reply, State, Suggestion
from proposals.services import users_with_perm
from renda.accounts.models import User
from renda.core.calendar import WorkCalendar
from renda.core.models import ReminderPolicy
from renda.core.reminders import DueItem, register_deadlines

# A suggestion whose unit asked for its return waits for that decision, not for the unit's reply.
REPLY_STATES = [s for s in AWAITING_REPLY if s != State.TRANSFER_REQUESTED]


def _users_by_unit(unit_ids) -> dict[int, tuple]:
    found = defaultdict(list)
    for user in User.objects.filter(is_active=True, unit_id__in=set(unit_ids)).order_by("pk"):
        found[user.unit_id].append(user)
    return {unit_id: tuple(users) for unit_id, users in found.items()}


def _leader(suggestion) -> tuple:
    leader = suggestion.supervising_leader
    return (leader,) if leader is not None and leader.is_active else ()


def _working_days_after(start: date, n: int, calendar: WorkCalendar) -> date:
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if calendar.is_workday(day):
            counted += 1
    return day


def suggestion_deadlines(today: date) -> Iterator[DueItem]:
    """Every open deadline of suggestion handling, whether due soon or not."""
    base = Suggestion.objects.select_related("lead_unit", "supervising_leader")
    replies_due = list(
        base.filter(state__in=REPLY_STATES, reply_due__isnull=False).order_by("reply_due", "pk")
    )
    returns = list(
        base.filter(state=State.TRANSFER_REQUESTED, transfer_due__isnull=False).order_by("transfer_due", "pk")
    )
    opinions = list(
        CoHandling.objects.filter(sent_at__isnull=True, suggestion__state__in=AWAITING_REPLY)
        .select_related("unit", "suggestion__supervising_leader")
        .order_by("due", "pk")
    )
    unrated = list(
        Reply.objects.filter(suggestion__state=State.REPLIED, satisfaction="")
        .select_related("suggestion__lead_deputy__user", "suggestion__lead_unit")
        .order_by("replied_at", "pk")
    )
    users = _users_by_unit([s.lead_unit_id for s in replies_due] + [c.unit_id for c in opinions])
    staff = tuple(users_with_perm("proposals.review_suggestion").order_by("pk"))
    deciders = tuple(
        users_with_perm("proposals.review_suggestion", "proposals.approve_extension").order_by("pk")
    )

    reply_kind = _("Reply to a deputy's suggestion")
    for suggestion in replies_due:
        yield DueItem(
            subject=suggestion,
            kind=reply_kind,
            title=suggestion.title,
            url=suggestion.get_absolute_url(),
            due=suggestion.reply_due,
            unit=suggestion.lead_unit,
            recipients=users.get(suggestion.lead_unit_id, ()),
            escalate_to=_leader(suggestion) + staff,
        )

    opinion_kind = _("Co-handling opinion on a deputy's suggestion")
    for cohandling in opinions:
        suggestion = cohandling.suggestion
        yield DueItem(
            subject=cohandling,
            kind=opinion_kind,
            title=suggestion.title,
            url=suggestion.get_absolute_url(),
            due=cohandling.due,
            unit=cohandling.unit,
            recipients=users.get(cohandling.unit_id, ()),
            escalate_to=_leader(suggestion) + staff,
        )

    if returns:
        days = Policy.current().transfer_working_days
        first, last = returns[0].transfer_due, returns[-1].transfer_due
        calendar = WorkCalendar(first, last + timedelta(days=days * 2 + 60))
        return_kind = _("Decision on a unit's request to return a suggestion")
        for suggestion in returns:
            yield DueItem(
                subject=suggestion,
                kind=return_kind,
                title=suggestion.title,
                url=suggestion.get_absolute_url(),
                due=_working_days_after(suggestion.transfer_due, days, calendar),
                unit=None,
                recipients=deciders,
                escalate_to=_leader(suggestion),
            )

    if unrated:
        rating_days = ReminderPolicy.current().unrated_days
        rating_kind = _("Rating of the reply to your suggestion")
        for reply in unrated:
            suggestion = reply.suggestion
            deputy_user = suggestion.lead_deputy.user
            if deputy_user is None or not deputy_user.is_active:
                continue
            yield DueItem(
                subject=reply,
                kind=rating_kind,
                title=suggestion.title,
                url=suggestion.get_absolute_url(),
                due=reply.replied_at + timedelta(days=rating_days),
                unit=None,
                recipients=(deputy_user,),
            )


def register() -> None:
    register_deadlines("proposals", suggestion_deadlines)
