"""Forwarded constituent opinions as a kind of deadline in core's deadline index (renda.core.deadlines).

Every opinion forwarded to a unit and not yet answered by it is due on its reply date and tells the
unit's active users (and, seriously overdue, its head: the engine).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.models import Opinion
from renda.core.deadlines import DeadlineKind, DeadlineRow, register_deadline_kind


def opinion_rows(opinions):
    rows = opinions.filter(state=Opinion.State.FORWARDED, due_date__isnull=False).values_list(
        "pk", "content", "due_date", "unit_id"
    )
    basis = _("The county's rule on constituent opinions forwarded to a unit")
    for pk, content, due, unit_id in rows:
        yield DeadlineRow(
            object_id=pk,
            due=due,
            title=content[:60],
            url=Opinion(pk=pk).get_absolute_url(),
            unit_id=unit_id,
            basis=basis,
        )


KIND = DeadlineKind("liaison.opinion", gettext_lazy("Forwarded constituent opinion"), Opinion, opinion_rows)


def register() -> None:
    register_deadline_kind(KIND)
