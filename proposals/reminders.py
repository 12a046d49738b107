"""The suggestion ledger's kinds of deadline in core's deadline index (renda.core.deadlines).

- the lead unit's reply (代表建议答复), due on reply_due, while the suggestion awaits a reply;
- a co-handling unit's opinion (协办意见), due on its own date, until it is sent;
- a return request awaiting a decision (退办申请), due `transfer_working_days` working days after the
  last day a return could be asked, told to staff and directors;
- a reply the lead deputy has not rated, due `ReminderPolicy.unrated_days` days after the reply.

Each `rows` function reads the records it is given in a few queries whatever their number; the
services call `sync_deadlines` after a change, `rebuild_deadlines` runs them over everything.
Escalation (the unit's head besides the supervising leader and the committee's staff) is the engine's.
"""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.models import Deputy
from proposals.models import AWAITING_REPLY, CoHandling, Policy, Reply, State, Suggestion
from renda.core.calendar import working_days_calendar
from renda.core.deadlines import DeadlineKind, DeadlineRow, register_deadline_kind
from renda.core.models import ReminderPolicy

# A suggestion whose unit asked for its return waits for that decision, not for the unit's reply.
REPLY_STATES = [s for s in AWAITING_REPLY if s != State.TRANSFER_REQUESTED]
STAFF = "proposals.review_suggestion"
DECIDERS = "proposals.review_suggestion proposals.approve_extension"


def reply_rows(suggestions):
    rows = suggestions.filter(state__in=REPLY_STATES, reply_due__isnull=False).values_list(
        "pk", "title", "reply_due", "lead_unit_id", "supervising_leader_id", "rehandling_rounds"
    )
    law, again = (
        _("Deputies Law, Article 51"),
        _("Deputies Law, Article 51; the county's rule on handling again"),
    )
    for pk, title, due, unit_id, leader_id, rounds in rows:
        yield DeadlineRow(
            object_id=pk,
            due=due,
            title=title,
            url=Suggestion(pk=pk).get_absolute_url(),
            unit_id=unit_id,
            escalate_person_id=leader_id,
            escalate_audience=STAFF,
            basis=again if rounds else law,
        )


def cohandling_rows(cohandlings):
    rows = cohandlings.filter(sent_at__isnull=True, suggestion__state__in=AWAITING_REPLY).values_list(
        "pk", "due", "unit_id", "suggestion_id", "suggestion__title", "suggestion__supervising_leader_id"
    )
    basis = _("The county's rule on co-handling opinions")
    for pk, due, unit_id, suggestion_id, title, leader_id in rows:
        yield DeadlineRow(
            object_id=pk,
            due=due,
            title=title,
            url=Suggestion(pk=suggestion_id).get_absolute_url(),
            unit_id=unit_id,
            escalate_person_id=leader_id,
            escalate_audience=STAFF,
            basis=basis,
        )


def transfer_rows(suggestions):
    rows = list(
        suggestions.filter(state=State.TRANSFER_REQUESTED, transfer_due__isnull=False)
        .order_by("transfer_due")
        .values_list("pk", "title", "transfer_due", "supervising_leader_id")
    )
    if not rows:
        return
    days = Policy.current().transfer_working_days
    calendar = working_days_calendar(rows[0][2], rows[-1][2], days)
    basis = _("The county's rule on requests to return a suggestion")
    for pk, title, transfer_due, leader_id in rows:
        yield DeadlineRow(
            object_id=pk,
            due=calendar.add_working_days(transfer_due, days),
            title=title,
            url=Suggestion(pk=pk).get_absolute_url(),
            audience=DECIDERS,
            escalate_person_id=leader_id,
            basis=basis,
        )


def rating_rows(replies):
    rows = list(
        replies.filter(suggestion__state=State.REPLIED, satisfaction="").values_list(
            "pk", "replied_at", "suggestion_id", "suggestion__title", "suggestion__lead_deputy__user_id"
        )
    )
    if not rows:
        return
    rating_days = ReminderPolicy.current().unrated_days
    basis = _("Deputies Law, Article 51: the deputy's view of the handling")
    for pk, replied_at, suggestion_id, title, user_id in rows:
        yield DeadlineRow(
            object_id=pk,
            due=replied_at + timedelta(days=rating_days),
            title=title,
            url=Suggestion(pk=suggestion_id).get_absolute_url(),
            person_id=user_id,
            basis=basis,
        )


KINDS = [
    DeadlineKind("proposals.reply", gettext_lazy("Reply to a deputy's suggestion"), Suggestion, reply_rows),
    DeadlineKind(
        "proposals.cohandling",
        gettext_lazy("Co-handling opinion on a deputy's suggestion"),
        CoHandling,
        cohandling_rows,
        follows={Suggestion: "suggestion"},
    ),
    DeadlineKind(
        "proposals.transfer",
        gettext_lazy("Decision on a unit's request to return a suggestion"),
        Suggestion,
        transfer_rows,
    ),
    DeadlineKind(
        "proposals.rating",
        gettext_lazy("Rating of the reply to your suggestion"),
        Reply,
        rating_rows,
        follows={Suggestion: "suggestion", Deputy: "suggestion__lead_deputy"},
    ),
]


def register() -> None:
    for kind in KINDS:
        register_deadline_kind(kind)
