"""Supervision's kinds of deadline in core's deadline index (renda.core.deadlines).

Every open rectification item (not yet done or verified) of an opinion that has been sent is due on
its deadline and tells its unit's users; every review opinion sent (or sent back to rectify again)
and still awaiting its written report is due on its report date and tells the users of the body it
was sent to. Both escalate to the opinion's supervising leader (and the unit's head: the engine).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.deadlines import DeadlineKind, DeadlineRow, register_deadline_kind
from supervision.models import RectificationItem, ReviewOpinion
from supervision.workflow import AWAITING_REPORT, OPEN_ITEM_STATES


def item_title(opinion_title: str, description: str) -> str:
    return f"{opinion_title}: {description[:60]}"


def item_rows(items):
    rows = items.filter(state__in=OPEN_ITEM_STATES, opinion__sent_on__isnull=False).values_list(
        "pk", "deadline", "unit_id", "description", "opinion__title", "opinion__supervising_leader_id"
    )
    basis = _("Supervision Law, Article 17")
    for pk, deadline, unit_id, description, opinion_title, leader_id in rows:
        yield DeadlineRow(
            object_id=pk,
            due=deadline,
            title=item_title(opinion_title, description),
            url=RectificationItem(pk=pk).get_absolute_url(),
            unit_id=unit_id,
            escalate_person_id=leader_id,
            basis=basis,
        )


def report_rows(opinions):
    rows = opinions.filter(state__in=AWAITING_REPORT, report_due__isnull=False).values_list(
        "pk", "title", "report_due", "recipient_id", "supervising_leader_id"
    )
    basis = _("Supervision Law, Article 17")
    for pk, title, due, recipient_id, leader_id in rows:
        yield DeadlineRow(
            object_id=pk,
            due=due,
            title=title,
            url=ReviewOpinion(pk=pk).get_absolute_url(),
            unit_id=recipient_id,
            escalate_person_id=leader_id,
            basis=basis,
        )


KINDS = [
    DeadlineKind(
        "supervision.item",
        gettext_lazy("Rectification item"),
        RectificationItem,
        item_rows,
        follows={ReviewOpinion: "opinion"},
    ),
    DeadlineKind(
        "supervision.report", gettext_lazy("Handling report on a review opinion"), ReviewOpinion, report_rows
    ),
]


def register() -> None:
    for kind in KINDS:
        register_deadline_kind(kind)
