"""What the meetings part of this app registers in core: navigation, work queues, the open deadlines of
follow-up tasks for the reminder engine, and its demo data.

Layering: core's registries (renda.core.registry, renda.core.reminders, renda.core.demo), filled here
from MeetingsConfig.ready(); core never imports meetings.
"""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.registry import NavEntry, QueueItem, registry
from renda.core.reminders import DueItem, register_deadlines


def _users_by_unit(unit_ids) -> dict[int, tuple]:
    found = defaultdict(list)
    for user in get_user_model().objects.filter(is_active=True, unit_id__in=set(unit_ids)).order_by("pk"):
        found[user.unit_id].append(user)
    return {unit_id: tuple(users) for unit_id, users in found.items()}


def followup_deadlines(today: date) -> Iterator[DueItem]:
    """Every open follow-up task of a decision, whether due soon or not (two queries in all)."""
    from renda.meetings.selectors import open_tasks
    from renda.meetings.services import task_url

    tasks = list(open_tasks().select_related("decision", "unit").order_by("due", "pk"))
    users = _users_by_unit(t.unit_id for t in tasks)
    kind = _("Follow-up task of a decision")
    for task in tasks:
        yield DueItem(
            subject=task,
            kind=kind,
            title=f"{task.decision.title}: {task.description[:60]}",
            url=task_url(task),
            due=task.due,
            unit=task.unit,
            recipients=users.get(task.unit_id, ()),
        )


def _unit_queue(user) -> list[QueueItem]:
    from renda.meetings.selectors import open_tasks, unit_of

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
    from renda.meetings.models import Minutes
    from renda.meetings.workflow import APPROVE_MINUTES

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
    from renda.meetings.models import FollowUpTask
    from renda.meetings.workflow import MANAGE

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
    from renda.meetings import demo
    from renda.meetings.workflow import AS_DEPUTY, AS_UNIT, VIEW

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
    register_deadlines("meetings.followup", followup_deadlines)
    demo.register()
