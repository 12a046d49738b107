"""The legal moves of a meeting, its minutes, a decision's status and a follow-up task, and who makes them.

A meeting is prepared, then held or cancelled. Minutes (会议纪要) are drafted by staff, approved by a
director and archived. A decision is in force until it is amended or repealed (a repealed decision
stays repealed). A follow-up task is open until its unit reports; staff accept the report (done) or
send it back (open again, with a note). Events that do not change a state (publishing a decision,
creating a task) are recorded as Transition rows whose from_state equals their to_state.
"""

from django.utils.translation import gettext_lazy as _

from meetings.models import Decision, FollowUpTask, Meeting, Minutes
from renda.core.workflow import Move

MeetingState = Meeting.State
MinutesState = Minutes.State
DecisionStatus = Decision.Status
TaskState = FollowUpTask.State

MEETING_MOVES = {
    "hold": Move(sources={MeetingState.PLANNED}, target=MeetingState.HELD, label=_("marked held")),
    "cancel": Move(sources={MeetingState.PLANNED}, target=MeetingState.CANCELLED, label=_("cancelled")),
    "reopen": Move(sources={MeetingState.CANCELLED}, target=MeetingState.PLANNED, label=_("prepared again")),
}

MINUTES_MOVES = {
    "approve": Move(sources={MinutesState.DRAFT}, target=MinutesState.APPROVED, label=_("approved")),
    "return": Move(
        sources={MinutesState.APPROVED}, target=MinutesState.DRAFT, label=_("returned for redrafting")
    ),
    "archive": Move(sources={MinutesState.APPROVED}, target=MinutesState.ARCHIVED, label=_("archived")),
}

DECISION_MOVES = {
    "amend": Move(sources={DecisionStatus.IN_FORCE}, target=DecisionStatus.AMENDED, label=_("amended")),
    "repeal": Move(
        sources={DecisionStatus.IN_FORCE, DecisionStatus.AMENDED},
        target=DecisionStatus.REPEALED,
        label=_("repealed"),
    ),
}

TASK_MOVES = {
    "report": Move(sources={TaskState.OPEN}, target=TaskState.REPORTED, label=_("reported")),
    "accept": Move(sources={TaskState.REPORTED}, target=TaskState.DONE, label=_("accepted as done")),
    "send_back": Move(sources={TaskState.REPORTED}, target=TaskState.OPEN, label=_("sent back")),
}

EVENT_LABELS = {
    "created": _("created"),
    "publish": _("published"),
    "unpublish": _("withdrawn from publication"),
}

VIEW = "meetings.view_meetings"
MANAGE = "meetings.manage_meetings"
APPROVE_MINUTES = "meetings.approve_minutes"
AS_UNIT = "accounts.act_as_unit"
AS_DEPUTY = "accounts.act_as_deputy"

# Who may make each minutes move; meeting and decision moves are the managers' (their views require MANAGE).
MINUTES_PERMISSIONS = {"approve": APPROVE_MINUTES, "return": APPROVE_MINUTES, "archive": MANAGE}

OPEN_TASK_STATES = (TaskState.OPEN,)
