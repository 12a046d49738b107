"""The legal moves of a constituent opinion (from reception to feedback) and of a reception day."""

from django.utils.translation import gettext_lazy as _

from liaison.models import Opinion, Reception
from renda.core.workflow import Move

State = Opinion.State

MOVES = {
    "answer": Move(sources={State.RECORDED}, target=State.ANSWERED, label=_("answered on the spot")),
    "refer": Move(sources={State.RECORDED}, target=State.REFERRED, label=_("referred to the township")),
    "forward": Move(sources={State.RECORDED}, target=State.FORWARDED, label=_("forwarded to a unit")),
    "propose": Move(
        sources={State.RECORDED}, target=State.TO_SUGGESTION, label=_("turned into a suggestion")
    ),
    "unit_reply": Move(sources={State.FORWARDED}, target=State.UNIT_REPLIED, label=_("replied by the unit")),
    "close": Move(
        sources={State.ANSWERED, State.REFERRED, State.FORWARDED, State.UNIT_REPLIED},
        target=State.CLOSED,
        label=_("closed with feedback"),
    ),
}

# Working days a unit has to reply to a forwarded opinion, unless staff set another deadline.
FORWARD_REPLY_WORKING_DAYS = 15

ReceptionState = Reception.State

# A reception day is planned, then recorded as held (by staff, or by a deputy who attended) or cancelled.
RECEPTION_MOVES = {
    "record": Move(sources={ReceptionState.PLANNED}, target=ReceptionState.HELD, label=_("recorded as held")),
    "cancel": Move(sources={ReceptionState.PLANNED}, target=ReceptionState.CANCELLED, label=_("cancelled")),
}
