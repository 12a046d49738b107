"""The routes of a constituent opinion, from its reception to the feedback that closes it."""

from django.utils.translation import gettext_lazy as _

from liaison.models import Opinion
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
