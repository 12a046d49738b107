"""The one place that says which moves of a suggestion are legal (代表法 Art. 51-52, DESIGN.md).

Services call `renda.core.workflow.move(suggestion, MOVES, action, by=...)` after locking the row.
"""

from django.utils.translation import gettext_lazy as _

from proposals.models import State
from renda.core.workflow import Move

MOVES = {
    # The deputy's side.
    "submit": Move(sources={State.DRAFT, State.RETURNED}, target=State.SUBMITTED, label=_("submitted")),
    "withdraw": Move(
        sources={State.DRAFT, State.SUBMITTED, State.RETURNED}, target=State.WITHDRAWN, label=_("withdrawn")
    ),
    # Review by the committee's staff.
    "review": Move(sources={State.SUBMITTED}, target=State.UNDER_REVIEW, label=_("taken up for review")),
    "return": Move(
        sources={State.SUBMITTED, State.UNDER_REVIEW}, target=State.RETURNED, label=_("returned for revision")
    ),
    "reject": Move(
        sources={State.SUBMITTED, State.UNDER_REVIEW}, target=State.REJECTED, label=_("not accepted")
    ),
    "merge": Move(sources={State.SUBMITTED, State.UNDER_REVIEW}, target=State.MERGED, label=_("merged")),
    # Acceptance (立案, numbered) and assignment (交办) in one step; also re-assignment after a return.
    "assign": Move(
        sources={State.SUBMITTED, State.UNDER_REVIEW, State.TRANSFER_REQUESTED},
        target=State.ASSIGNED,
        label=_("assigned"),
    ),
    # The lead unit.
    "accept": Move(sources={State.ASSIGNED}, target=State.IN_PROGRESS, label=_("accepted by the unit")),
    "request_transfer": Move(
        sources={State.ASSIGNED}, target=State.TRANSFER_REQUESTED, label=_("asked to be returned")
    ),
    "refuse_transfer": Move(
        sources={State.TRANSFER_REQUESTED}, target=State.IN_PROGRESS, label=_("kept with the unit")
    ),
    "extend": Move(sources={State.ASSIGNED, State.IN_PROGRESS}, target=State.EXTENDED, label=_("extended")),
    "reply": Move(
        sources={State.ASSIGNED, State.IN_PROGRESS, State.EXTENDED, State.REHANDLING},
        target=State.REPLIED,
        label=_("replied"),
    ),
    # The lead deputy's rating.
    "rate": Move(sources={State.REPLIED}, target=State.EVALUATED, label=_("rated")),
    "rehandle": Move(
        sources={State.REPLIED}, target=State.REHANDLING, label=_("sent back to be handled again")
    ),
    # Afterwards.
    "implement": Move(
        sources={State.EVALUATED}, target=State.IMPLEMENTING, label=_("kept open until implemented")
    ),
    "close": Move(sources={State.EVALUATED, State.IMPLEMENTING}, target=State.CLOSED, label=_("closed")),
}
