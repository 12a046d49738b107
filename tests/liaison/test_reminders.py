"""Reminders of forwarded opinions: due within 3 working days, due today, overdue; once per item,
tier and day, however often the scan runs."""

from datetime import date, timedelta

import pytest

from liaison.models import Opinion
from liaison.reminders import opinion_reminders, tier_of
from renda.core.calendar import add_working_days
from renda.core.models import Notification
from renda.core.reminders import registered_reminders
from tests.factories import UserFactory
from tests.liaison.factories import OpinionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)  # a Monday


def _forwarded(reception, unit, due):
    return OpinionFactory(reception=reception, state=Opinion.State.FORWARDED, unit=unit, due_date=due)


@pytest.fixture
def tiers(reception, unit_user):
    unit = unit_user.unit
    return {
        "soon": _forwarded(reception, unit, add_working_days(TODAY, 3)),
        "today": _forwarded(reception, unit, TODAY),
        "overdue": _forwarded(reception, unit, TODAY - timedelta(days=4)),
        "later": _forwarded(reception, unit, add_working_days(TODAY, 4)),
    }


def test_the_provider_is_registered():
    assert registered_reminders()["liaison.opinions"] is opinion_reminders


def test_tiers():
    assert tier_of(TODAY + timedelta(days=1), TODAY) == "soon"
    assert tier_of(TODAY, TODAY) == "today"
    assert tier_of(TODAY - timedelta(days=1), TODAY) == "overdue"


def test_each_tier_reminds_the_units_users_once_a_day(tiers, unit_user, roles):
    colleague = UserFactory(username="t-unit-colleague", unit=unit_user.unit, role="unit")
    UserFactory(username="t-unit-gone", unit=unit_user.unit, role="unit", is_active=False)

    assert opinion_reminders(TODAY) == 6
    assert opinion_reminders(TODAY) == 0  # the same day again: nothing new

    for tier in ("soon", "today", "overdue"):
        key = f"opinion:{tiers[tier].pk}:reminder:{tier}:{TODAY}"
        assert set(Notification.objects.filter(key=key).values_list("recipient", flat=True)) == {
            unit_user.pk,
            colleague.pk,
        }
    assert not Notification.objects.filter(key__startswith=f"opinion:{tiers['later'].pk}:").exists()
    assert Notification.objects.count() == 6


def test_the_next_day_reminds_again(tiers, unit_user):
    opinion_reminders(TODAY)
    # soon (2 working days left), later (now 3), today (now overdue), overdue
    assert opinion_reminders(TODAY + timedelta(days=1)) == 4


def test_replied_and_closed_opinions_are_not_reminded(reception, unit_user):
    OpinionFactory(
        reception=reception,
        state=Opinion.State.UNIT_REPLIED,
        unit=unit_user.unit,
        due_date=TODAY - timedelta(days=3),
    )
    assert opinion_reminders(TODAY) == 0
