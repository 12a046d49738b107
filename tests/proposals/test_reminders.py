"""The suggestion ledger's deadlines in the reminder engine: replies, co-handling opinions, return
requests awaiting a decision and unrated replies; tiers due soon, today, overdue and seriously
overdue (escalated to the supervising leader, staff and the unit's head); once per item, tier and day."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from proposals.models import CoHandling, Reply, State
from renda.core.deadlines import deadline_kinds
from renda.core.models import CalendarDay, Notification, Reminder
from tests.factories import UserFactory
from tests.helpers import open_deadlines, scan_records
from tests.proposals.factories import CoHandlingFactory, ReplyFactory, SuggestionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)  # a Monday


def _due(unit, days, **kwargs):
    state = kwargs.pop("state", State.IN_PROGRESS)
    return SuggestionFactory(
        assigned=True, lead_unit=unit, state=state, reply_due=TODAY + timedelta(days=days), **kwargs
    )


def _told(subject, tier):
    keys = Notification.objects.filter(key__endswith=f":{subject.pk}:{tier}:{TODAY}")
    return set(keys.values_list("recipient", flat=True))


def test_the_provider_is_registered():
    assert {"proposals.reply", "proposals.cohandling", "proposals.transfer", "proposals.rating"} <= set(
        deadline_kinds()
    )


def test_every_open_deadline_is_listed(unit_user, unit2_user, staff, director, deputy, me, term):
    unit = unit_user.unit
    waiting = _due(unit, 60)
    replied = _due(unit, -5, state=State.REPLIED, lead_deputy=me)
    reply = ReplyFactory(suggestion=replied, replied_at=TODAY - timedelta(days=3))
    closed = _due(unit, -90, state=State.CLOSED)
    returning = _due(unit, 80, state=State.TRANSFER_REQUESTED, transfer_due=date(2026, 11, 27))
    co = CoHandlingFactory(suggestion=waiting, unit=unit2_user.unit, due=TODAY)
    CoHandlingFactory(suggestion=waiting, unit=UserFactory(username="t-u3", role="unit").unit, sent_at=TODAY)

    items = open_deadlines(TODAY)
    by_subject = {(type(i.subject).__name__, i.subject.pk): i for i in items}

    assert set(by_subject) == {
        ("Suggestion", waiting.pk),
        ("CoHandling", co.pk),
        ("Suggestion", returning.pk),
        ("Reply", reply.pk),
    }
    assert by_subject[("Suggestion", waiting.pk)].recipients == (unit_user,)
    assert by_subject[("CoHandling", co.pk)].recipients == (unit2_user,)
    decision = by_subject[("Suggestion", returning.pk)]
    assert set(decision.recipients) == {staff, director}
    assert decision.due == date(2026, 12, 4)  # five working days after 27 November
    rating = by_subject[("Reply", reply.pk)]
    assert rating.recipients == (deputy,)
    assert rating.due == TODAY + timedelta(days=12)  # 15 days after the reply
    assert closed.pk not in {i.subject.pk for i in items if isinstance(i.subject, type(closed))}


def test_a_return_decision_counts_the_working_days_of_the_calendar_with_its_corrections(unit_user, staff):
    # Requests read in one batch share one calendar: an admin's day off and make-up working day count
    # for each of them.
    unit = unit_user.unit
    CalendarDay.objects.create(date=date(2026, 12, 2), kind=CalendarDay.Kind.HOLIDAY, note="停电")
    CalendarDay.objects.create(date=date(2026, 12, 19), kind=CalendarDay.Kind.WORKDAY, note="调休上班")
    early = _due(unit, 80, state=State.TRANSFER_REQUESTED, transfer_due=date(2026, 11, 27))
    late = _due(unit, 80, state=State.TRANSFER_REQUESTED, transfer_due=date(2026, 12, 18))

    due = {i.subject.pk: i.due for i in open_deadlines(TODAY) if i.row.kind == "proposals.transfer"}

    assert due == {early.pk: date(2026, 12, 7), late.pk: date(2026, 12, 24)}


def test_the_scan_reminds_each_tier_once_and_escalates_serious_delays(unit_user, unit2_user, staff, roles):
    unit = unit_user.unit
    head = UserFactory(username="t-unit-head", unit=unit, role="unit")
    unit.head = head
    unit.save(update_fields=["head"])
    leader = UserFactory(username="t-leader", display_name="常委会副主任", role="director")
    items = {
        "soon": _due(unit, 5),
        "today": _due(unit, 0),
        "overdue": _due(unit, -10, state=State.EXTENDED),
        "serious": _due(unit, -40, supervising_leader=leader),
    }
    later = _due(unit, 8)
    co_late = CoHandlingFactory(suggestion=later, unit=unit2_user.unit, due=TODAY - timedelta(days=2))

    counts = scan_records(today=TODAY)

    assert counts == {"soon": 1, "today": 1, "overdue": 2, "serious": 1}
    for tier in ("soon", "today", "overdue"):
        assert _told(items[tier], tier) == {unit_user.pk, head.pk}
    assert _told(items["serious"], "serious") == {unit_user.pk, head.pk, leader.pk}
    # Staff oversee every item: the seriously overdue one reaches them in one digest of the day.
    digest = Notification.objects.get(recipient=staff, key__startswith=f"reminder-digest:{TODAY}:")
    assert digest.title.startswith("今日期限提醒：1件")
    assert f"“{items['serious'].title}”" in digest.body
    assert digest.url == reverse("dashboard:overdue")
    assert Reminder.objects.get(object_id=items["serious"].pk, tier="serious").recipients_count == 4
    assert _told(co_late, "overdue") == {unit2_user.pk}
    assert not Reminder.objects.filter(object_id=later.pk, content_type__model="suggestion").exists()

    sent = Notification.objects.count()
    assert scan_records(today=TODAY) == {"soon": 0, "today": 0, "overdue": 0, "serious": 0}
    assert Notification.objects.count() == sent
    assert sum(scan_records(today=TODAY + timedelta(days=1)).values()) > 0  # the next day: reminded again


def test_a_reminder_shows_in_the_suggestions_timeline(client, unit_user, staff):
    suggestion = _due(unit_user.unit, -3)
    scan_records(today=TODAY)
    client.force_login(staff)
    response = client.get(reverse("proposals:detail", args=[suggestion.pk]))
    reminders = [e for e in response.context["timeline"] if e["kind"] == "reminder"]
    assert len(reminders) == 1
    assert reminders[0]["unit"] == unit_user.unit


def test_a_rated_reply_is_no_longer_listed(unit, me, term):
    replied = _due(unit, -5, state=State.REPLIED, lead_deputy=me)
    reply = ReplyFactory(suggestion=replied, replied_at=TODAY)
    Reply.objects.filter(pk=reply.pk).update(satisfaction="satisfied")
    assert not [i for i in open_deadlines(TODAY) if isinstance(i.subject, Reply)]
    assert CoHandling.objects.count() == 0
