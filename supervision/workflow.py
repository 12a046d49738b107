"""The legal moves of a review opinion (审议意见) and of a rectification item (整改事项), and who makes them.

A review opinion is compiled by staff, approved by the director meeting, sent to a state body with a
report deadline, answered by a written handling report, then closed (no vote, or a vote where no more
than half of the votes cast are 不满意) or sent back to rectify again (more than half 不满意) with a
new deadline, after which the body reports again. A rectification item is started by its unit's first
progress update, done at 100 %, and verified by staff, who may also send it back.

Events that do not change the state (publishing a closed opinion, asking for and deciding an
extension) are recorded as Transition rows whose from_state equals their to_state.
"""

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from renda.core.workflow import Move
from supervision.models import RectificationItem, ReviewOpinion

OpinionState = ReviewOpinion.State
ItemState = RectificationItem.State

OPINION_MOVES = {
    "approve": Move(sources={OpinionState.DRAFT}, target=OpinionState.APPROVED, label=_("approved")),
    "send": Move(sources={OpinionState.APPROVED}, target=OpinionState.SENT, label=_("sent")),
    "report": Move(
        sources={OpinionState.SENT, OpinionState.RECTIFYING_AGAIN},
        target=OpinionState.REPORTED,
        label=_("handling report received"),
    ),
    "close": Move(sources={OpinionState.REPORTED}, target=OpinionState.CLOSED, label=_("closed")),
    "vote_satisfied": Move(
        sources={OpinionState.REPORTED}, target=OpinionState.CLOSED, label=_("voted on: closed")
    ),
    "vote_unsatisfied": Move(
        sources={OpinionState.REPORTED},
        target=OpinionState.RECTIFYING_AGAIN,
        label=_("voted on: to rectify again"),
    ),
}

ITEM_MOVES = {
    "start": Move(sources={ItemState.NOT_STARTED}, target=ItemState.IN_PROGRESS, label=_("started")),
    "complete": Move(
        sources={ItemState.NOT_STARTED, ItemState.IN_PROGRESS}, target=ItemState.DONE, label=_("done")
    ),
    "verify": Move(sources={ItemState.DONE}, target=ItemState.VERIFIED, label=_("verified")),
    "send_back": Move(sources={ItemState.DONE}, target=ItemState.IN_PROGRESS, label=_("sent back")),
}

# Events recorded without a change of state, and their labels in a timeline.
EVENT_LABELS = {
    "publish": _("published"),
    "extension_request": _("extension requested"),
    "extension_approve": _("extension approved"),
    "extension_refuse": _("extension refused"),
    "created": _("created"),
}

MANAGE = "supervision.manage_supervision"
APPROVE = "supervision.approve_supervision"
VIEW = "supervision.view_supervision"
AS_UNIT = "accounts.act_as_unit"

# Who may make each move: the permission a user must hold (a unit user must also be the item's unit).
OPINION_PERMISSIONS = {
    "approve": APPROVE,
    "send": MANAGE,
    "report": MANAGE,
    "close": MANAGE,
    "vote": MANAGE,
    "publish": MANAGE,
}
ITEM_PERMISSIONS = {
    "progress": AS_UNIT,
    "extension_request": AS_UNIT,
    "extension_decide": APPROVE,
    "verify": MANAGE,
    "send_back": MANAGE,
}

# States in which an opinion waits for the body's written report, and items for their unit's work.
AWAITING_REPORT = (OpinionState.SENT, OpinionState.RECTIFYING_AGAIN)
OPEN_ITEM_STATES = (ItemState.NOT_STARTED, ItemState.IN_PROGRESS)

# A rectification item's traffic light: yellow when its deadline is within this many days.
SOON_DAYS = 15


def traffic_light(item, *, today: date) -> str:
    """green, yellow (due within SOON_DAYS days) or red (overdue) for an open item; "" otherwise.

    Computed from the deadline each time, never stored.
    """
    if item.state not in OPEN_ITEM_STATES:
        return ""
    if item.deadline < today:
        return "red"
    if item.deadline <= today + timedelta(days=SOON_DAYS):
        return "yellow"
    return "green"


def unsatisfied_majority(*, satisfied: int, basically: int, unsatisfied: int) -> bool:
    """More than half of the votes cast are 不满意 (监督法: the body must rectify and report again)."""
    return unsatisfied * 2 > satisfied + basically + unsatisfied
