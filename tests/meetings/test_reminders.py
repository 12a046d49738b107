"""Follow-up tasks in the reminder engine and the work queues: listed, told to the unit, reminded once."""

import io
from datetime import date

import pytest
from django.core.management import call_command

from meetings.meeting_hooks import _director_queue, _unit_queue
from meetings.models import FollowUpTask, Minutes
from renda.core.deadlines import deadline_kinds, rebuild_deadlines
from renda.core.models import Notification, Reminder
from renda.core.registry import registry
from tests.factories import UserFactory
from tests.helpers import MAX_INDEX_QUERIES, open_deadlines, scan_records
from tests.meetings.factories import TaskFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def test_the_provider_is_registered():
    assert "meetings.followup" in deadline_kinds()


def test_open_tasks_are_listed_for_their_units_users(decision, unit, unit2, unit_user, unit2_user):
    UserFactory(username="gone", role="unit", unit=unit, is_active=False)
    due_soon = TaskFactory(decision=decision, unit=unit, due=date(2026, 12, 3))
    TaskFactory(decision=decision, unit=unit2, state=FollowUpTask.State.REPORTED)
    TaskFactory(decision=decision, unit=unit2, state=FollowUpTask.State.DONE)
    [item] = open_deadlines(TODAY)
    assert item.subject == due_soon
    assert item.unit == unit and item.due == date(2026, 12, 3)
    assert item.recipients == (unit_user,)
    assert item.url == f"/meetings/tasks/{due_soon.pk}/"


def test_a_task_due_soon_is_reminded_once_to_its_unit(decision, unit, unit_user):
    task = TaskFactory(decision=decision, unit=unit, due=date(2026, 12, 3))
    scan_records(today=TODAY)
    scan_records(today=TODAY)
    reminder = Reminder.objects.get(object_id=task.pk, content_type__model="followuptask")
    assert reminder.tier == Reminder.Tier.SOON and reminder.unit == unit
    assert Notification.objects.filter(recipient=unit_user, key__startswith="reminder:").count() == 1


def test_send_reminders_reminds_an_overdue_task(decision, unit, unit_user):
    task = TaskFactory(decision=decision, unit=unit, due=date(2026, 11, 25))
    rebuild_deadlines()
    call_command("send_reminders", "--today", "2026-11-30", stdout=io.StringIO())
    reminder = Reminder.objects.get(object_id=task.pk, content_type__model="followuptask")
    assert reminder.tier == Reminder.Tier.OVERDUE
    assert Notification.objects.filter(recipient=unit_user, url=f"/meetings/tasks/{task.pk}/").exists()


def test_the_provider_uses_a_constant_number_of_queries(
    decision, unit, unit_user, django_assert_max_num_queries
):
    def run():
        with django_assert_max_num_queries(MAX_INDEX_QUERIES) as captured:
            rebuild_deadlines(check=True)
        return len(captured)

    TaskFactory(decision=decision, unit=unit)
    small = run()
    for _ in range(15):
        TaskFactory(decision=decision, unit=unit)
    assert run() == small


def test_the_queues_show_the_units_tasks_and_the_minutes_awaiting_approval(
    decision, unit, unit_user, unit2_user, director, staff
):
    TaskFactory(decision=decision, unit=unit, due=date(2020, 1, 1))
    TaskFactory(decision=decision, unit=unit, due=date(2099, 1, 1))
    Minutes.objects.create(meeting=decision.meeting, body="纪要", drafted_by=staff)
    assert [q.count for q in _unit_queue(unit_user)] == [2, 1]
    assert [q.count for q in _unit_queue(unit2_user)] == [0, 0]
    assert _unit_queue(staff) == []
    assert [q.count for q in _director_queue(director)] == [1]
    assert _director_queue(staff) == []
    keys = [key for key, _provider in registry.queues]
    assert {"meetings.unit", "meetings.director", "meetings.staff"} <= set(keys)


def test_the_menu_has_an_entry_for_each_role(staff, deputy, unit_user):
    assert "meetings" in [e.key for e in registry.nav_for(staff)]
    assert [e.key for e in registry.nav_for(deputy) if e.key.startswith("meetings")] == ["meetings.congress"]
    assert [e.key for e in registry.nav_for(unit_user) if e.key.startswith("meetings")] == ["meetings.tasks"]
