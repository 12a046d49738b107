"""The menu entries and work-queue counts of suggestion handling, per role."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from proposals.models import CoHandling, Cosignature, State
from renda.core.registry import registry
from tests.proposals.factories import SuggestionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-30 10:00 +0800"):
        yield


def _nav(user):
    return {e.key for e in registry.nav_for(user) if e.key.startswith("proposals.")}


def _counts(user):
    with translation.override("en"):
        return {str(item.label): item.count for item in registry.queue_for(user)}


def test_menu_entries_per_role(users):
    assert _nav(users["staff"]) == {"proposals.ledger", "proposals.review"}
    assert _nav(users["director"]) == {"proposals.ledger", "proposals.approvals"}
    assert _nav(users["unit_user"]) == {"proposals.unit"}
    assert _nav(users["deputy"]) == {"proposals.mine"}


def _assigned(unit, due, **kwargs):
    return SuggestionFactory(assigned=True, lead_unit=unit, reply_due=due, **kwargs)


def test_staff_and_director_counts(staff, director, unit, term):
    SuggestionFactory(term=term)
    SuggestionFactory(term=term, state=State.UNDER_REVIEW)
    _assigned(unit, date(2026, 11, 1), state=State.IN_PROGRESS)
    _assigned(unit, date(2026, 11, 2), state=State.IN_PROGRESS, is_key=True)
    _assigned(unit, date(2026, 12, 20), state=State.TRANSFER_REQUESTED)
    _assigned(unit, date(2026, 12, 20), extension_requested_at=TODAY, extension_reason="复杂")

    staff_counts = _counts(staff)
    assert staff_counts["Suggestions to review"] == 2
    assert staff_counts["Suggestion replies overdue"] == 2
    assert staff_counts["Return requests awaiting decision"] == 1
    director_counts = _counts(director)
    assert director_counts["Extensions awaiting approval"] == 1
    assert director_counts["Return requests awaiting decision"] == 1
    assert director_counts["Key suggestions overdue"] == 1
    with translation.override("en"):
        urls = {str(item.label): item.url for item in registry.queue_for(staff)}
    assert urls["Suggestions to review"] == reverse("proposals:review_queue")


def test_unit_counts(unit_user, unit2, term):
    unit = unit_user.unit
    _assigned(unit, date(2026, 12, 20))  # assigned: awaiting acceptance, due in 20 days
    _assigned(unit, date(2026, 12, 10), state=State.IN_PROGRESS)  # due soon
    _assigned(unit, date(2026, 11, 1), state=State.IN_PROGRESS)  # overdue
    other = _assigned(unit2, date(2026, 12, 20), state=State.IN_PROGRESS)
    CoHandling.objects.create(suggestion=other, unit=unit, due=date(2026, 12, 1))
    counts = _counts(unit_user)
    assert counts["Suggestions assigned to my unit awaiting acceptance"] == 1
    assert counts["Suggestion replies due soon"] == 1
    assert counts["Suggestion replies overdue"] == 1
    assert counts["Co-handling opinions my unit owes"] == 1


def test_deputy_counts(deputy, me, other, term):
    SuggestionFactory(term=term, lead_deputy=me, state=State.REPLIED)
    invited = SuggestionFactory(term=term, lead_deputy=other)
    Cosignature.objects.create(suggestion=invited, deputy=me)
    drafted = SuggestionFactory(term=term, lead_deputy=other, state=State.DRAFT)
    Cosignature.objects.create(suggestion=drafted, deputy=me)
    counts = _counts(deputy)
    assert counts["Replies awaiting my rating"] == 1
    assert counts["Invitations to co-sign a suggestion"] == 1
