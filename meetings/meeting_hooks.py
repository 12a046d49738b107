"""What the meetings part of this app registers in core: navigation, work queues and the open deadlines
of follow-up tasks for the deadline index.

Layering: core's registries (renda.core.registry, renda.core.deadlines), filled here
from MeetingsConfig.ready(); core never imports meetings.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.deadlines import DeadlineKind, DeadlineRow, register_deadline_kind
from renda.core.registry import NavEntry, QueueItem, registry


def followup_rows(tasks):
    """The open follow-up tasks among `tasks`, due on their date, told to their unit's users."""
    from meetings.workflow import OPEN_TASK_STATES

    rows = tasks.filter(state__in=OPEN_TASK_STATES).values_list(
        "pk", "due", "unit_id", "description", "decision__title"
    )
    basis = _("The committee's decision and the county's rule on following it up")
    for pk, due, unit_id, description, decision_title in rows:
        yield DeadlineRow(
            object_id=pk,
            due=due,
            title=f"{decision_title}: {description[:60]}",
            url=reverse("meetings:task_detail", args=[pk]),
            unit_id=unit_id,
            basis=basis,
        )


def _unit_queue(user) -> list[QueueItem]:
    from meetings.selectors import open_tasks, unit_of

    unit_id = unit_of(user)
    if unit_id is None:
        return []
    today = timezone.localdate()
    mine = open_tasks().filter(unit_id=unit_id)
    url = reverse("meetings:task_list")
    return [
        QueueItem(
            label=_("Follow-up tasks of decisions to report on"),
            count=mine.count(),
            url=url,
            level="primary",
        ),
        QueueItem(
            label=_("Follow-up tasks of decisions overdue"),
            count=mine.filter(due__lt=today).count(),
            url=f"{url}?show=overdue",
            level="danger",
        ),
    ]


def _director_queue(user) -> list[QueueItem]:
    from meetings.models import Minutes
    from meetings.workflow import APPROVE_MINUTES

    if not user.has_perm(APPROVE_MINUTES):
        return []
    waiting = Minutes.objects.filter(state=Minutes.State.DRAFT)
    first = waiting.order_by("meeting__date", "pk").select_related("meeting").first()
    return [
        QueueItem(
            label=_("Minutes awaiting approval"),
            count=waiting.count(),
            url=first.meeting.get_absolute_url() + "#minutes" if first else reverse("meetings:index"),
            level="warning",
        )
    ]


def _staff_queue(user) -> list[QueueItem]:
    from meetings.models import FollowUpTask
    from meetings.workflow import MANAGE

    if not user.has_perm(MANAGE):
        return []
    return [
        QueueItem(
            label=_("Follow-up tasks reported, awaiting acceptance"),
            count=FollowUpTask.objects.filter(state=FollowUpTask.State.REPORTED).count(),
            url=f"{reverse('meetings:task_list')}?show=reported",
            level="warning",
        )
    ]


def register() -> None:
    from meetings.workflow import AS_DEPUTY, AS_UNIT, VIEW

    registry.add_nav(
        NavEntry(
            key="meetings",
            label=gettext_lazy("Meetings"),
            url_name="meetings:index",
            icon="people",
            permission=VIEW,
            order=70,
        )
    )
    registry.add_nav(
        NavEntry(
            key="meetings.congress",
            label=gettext_lazy("Congress and decisions"),
            url_name="meetings:congress",
            icon="bank",
            permission=AS_DEPUTY,
            order=74,
        )
    )
    registry.add_nav(
        NavEntry(
            key="meetings.tasks",
            label=gettext_lazy("Follow-up tasks"),
            url_name="meetings:task_list",
            icon="list-task",
            permission=AS_UNIT,
            order=75,
        )
    )
    registry.add_queue("meetings.unit", _unit_queue)
    registry.add_queue("meetings.director", _director_queue)
    registry.add_queue("meetings.staff", _staff_queue)
    from meetings.models import Decision, FollowUpTask

    register_deadline_kind(
        DeadlineKind(
            "meetings.followup",
            gettext_lazy("Follow-up task of a decision"),
            FollowUpTask,
            followup_rows,
            follows={Decision: "decision"},
        )
    )
