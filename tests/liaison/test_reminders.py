"""Forwarded opinions' deadlines in the reminder engine: every tier once per item and day, to the unit's
active users, in the opinion's history, and read in a constant number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from liaison.models import Opinion
from renda.core.deadlines import deadline_kinds, rebuild_deadlines
from renda.core.models import Deadline, Notification, Reminder, ReminderPolicy
from tests.factories import UserFactory
from tests.helpers import MAX_INDEX_QUERIES, scan_records
from tests.liaison.factories import OpinionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)  # a Monday


def _forwarded(reception, unit, due):
    return OpinionFactory(reception=reception, state=Opinion.State.FORWARDED, unit=unit, due_date=due)


@pytest.fixture
def tiers(reception, unit_user):
    unit = unit_user.unit
    return {
        "soon": _forwarded(reception, unit, TODAY + timedelta(days=3)),
        "today": _forwarded(reception, unit, TODAY),
        "overdue": _forwarded(reception, unit, TODAY - timedelta(days=4)),
        "serious": _forwarded(reception, unit, TODAY - timedelta(days=45)),
        "later": _forwarded(reception, unit, TODAY + timedelta(days=20)),
    }


def _key(opinion, tier, day=TODAY):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Opinion)
    return f"reminder:{content_type.pk}:{opinion.pk}:{tier}:{day.isoformat()}"


def test_the_provider_is_registered():
    assert "liaison.opinion" in deadline_kinds()


def test_each_tier_reminds_the_units_active_users_once_a_day(tiers, unit_user, roles):
    colleague = UserFactory(username="t-unit-colleague", unit=unit_user.unit, role="unit")
    UserFactory(username="t-unit-gone", unit=unit_user.unit, role="unit", is_active=False)

    assert scan_records(today=TODAY) == {"soon": 1, "today": 1, "overdue": 1, "serious": 1}
    assert scan_records(today=TODAY) == {"soon": 0, "today": 0, "overdue": 0, "serious": 0}

    for tier in ("soon", "today", "overdue", "serious"):
        assert set(
            Notification.objects.filter(key=_key(tiers[tier], tier)).values_list("recipient", flat=True)
        ) == {unit_user.pk, colleague.pk}
    assert not Reminder.objects.filter(object_id=tiers["later"].pk).exists()
    assert Notification.objects.count() == 8


def test_the_next_day_reminds_again(tiers):
    scan_records(today=TODAY)
    # soon (2 days left), today -> overdue, overdue, serious; "later" is still 19 days away.
    assert scan_records(today=TODAY + timedelta(days=1)) == {
        "soon": 1,
        "today": 0,
        "overdue": 2,
        "serious": 1,
    }


def test_a_seriously_overdue_opinion_is_escalated_to_the_unit_head(tiers, unit_user, roles):
    head = UserFactory(username="t-unit-head", role="unit")
    unit = unit_user.unit
    unit.head = head
    unit.save()
    scan_records(today=TODAY)
    assert Notification.objects.filter(recipient=head, key=_key(tiers["serious"], "serious")).exists()
    assert not Notification.objects.filter(recipient=head, key=_key(tiers["overdue"], "overdue")).exists()


def test_replied_and_closed_opinions_are_not_reminded(reception, unit_user):
    OpinionFactory(
        reception=reception,
        state=Opinion.State.UNIT_REPLIED,
        unit=unit_user.unit,
        due_date=TODAY - timedelta(days=3),
    )
    assert sum(scan_records(today=TODAY).values()) == 0


def test_the_reminders_are_in_the_opinions_history(client, staff, tiers):
    scan_records(today=TODAY)
    client.force_login(staff)
    response = client.get(reverse("liaison:opinion_detail", args=[tiers["overdue"].pk]))
    assert [(r.day, r.tier) for r in response.context["reminders"]] == [(TODAY, "overdue")]
    with translation.override("zh-hans"):
        assert str(Reminder.Tier.OVERDUE.label) in response.content.decode()


def _provider_queries(reception, unit, n):
    Opinion.objects.all().delete()
    for i in range(n):
        _forwarded(reception, unit, TODAY - timedelta(days=i))
    Deadline.objects.all().delete()  # every row is then missing from the index
    with CaptureQueriesContext(connection) as queries:
        [diff] = rebuild_deadlines(check=True)
    assert len(diff.missing) == n
    return len(queries)


def test_the_provider_reads_in_a_constant_number_of_queries(reception, unit_user):
    ReminderPolicy.current()
    assert (
        _provider_queries(reception, unit_user.unit, 3)
        == _provider_queries(reception, unit_user.unit, 30)
        <= MAX_INDEX_QUERIES
    )
