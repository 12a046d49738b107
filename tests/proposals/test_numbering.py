"""Numbering at acceptance: one gapless sequence per session, or per term and year between sessions,
safe when several staff members assign at the same moment (checked on PostgreSQL with threads)."""

import threading
import time
from datetime import date

import pytest
from django.db import connection

from proposals import services
from proposals.locking import CONFLICT, SuggestionChanged
from proposals.models import NumberSequence, Policy, State, Suggestion
from proposals.numbering import number_take, sequence_key
from renda.core.versions import version_of
from tests.factories import SessionFactory, TermFactory, UnitFactory
from tests.proposals.factories import SuggestionFactory

TODAY = date(2026, 3, 2)


@pytest.mark.django_db
def test_sequence_keys(term):
    session = SessionFactory(term=term, number=3, name="第三次会议")
    assert sequence_key(SuggestionFactory(term=term, session=session)) == f"s:{session.pk}"
    assert sequence_key(SuggestionFactory(term=term, year=2027)) == "y:16:2027"


@pytest.mark.django_db
def test_numbers_follow_each_other_and_a_numbered_suggestion_keeps_its_number(term):
    first, second = SuggestionFactory(term=term), SuggestionFactory(term=term)
    number_take(suggestion=first)
    number_take(suggestion=second)
    assert (first.number, second.number) == (1, 2)
    number_take(suggestion=first)
    assert first.number == 1
    assert NumberSequence.objects.get(key="y:16:2026").last == 2


@pytest.mark.django_db
def test_terms_and_years_have_their_own_sequences(term):
    other_term = TermFactory(number=17, name="第十七届")
    a = number_take(suggestion=SuggestionFactory(term=term, year=2026))
    b = number_take(suggestion=SuggestionFactory(term=term, year=2027))
    c = number_take(suggestion=SuggestionFactory(term=other_term, year=2026))
    assert (a.number, b.number, c.number) == (1, 1, 1)


@pytest.mark.django_db
def test_a_refused_assignment_leaves_no_gap(term, staff, unit):
    good = SuggestionFactory(term=term)
    bad = SuggestionFactory(term=term)
    with pytest.raises(Exception):  # noqa: B017 - any refusal: the point is what it leaves behind
        services.suggestion_assign(suggestion=bad, lead_unit=unit, co_units=[unit], by=staff, today=TODAY)
    services.suggestion_assign(suggestion=good, lead_unit=unit, by=staff, today=TODAY)
    good.refresh_from_db()
    assert good.number == 1


def _in_threads(n, work):
    """Run work(i) in n threads released at once; return their results or exceptions."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def slow_deadlines(monkeypatch):
    """Hold each assignment's transaction open a moment after its number is taken, so that the
    others really wait on the locked sequence row."""
    real = services.deadline_after

    def slow(*args, **kwargs):
        time.sleep(0.2)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "deadline_after", slow)


@pytest.mark.services("postgres")
def test_simultaneous_assignments_get_consecutive_numbers(
    transactional_db, term, staff, unit, slow_deadlines
):
    Policy.current()
    items = [SuggestionFactory(term=term) for _ in range(6)]

    results = _in_threads(
        len(items),
        lambda i: (
            services.suggestion_assign(suggestion=items[i], lead_unit=unit, by=staff, today=TODAY).number
        ),
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [1, 2, 3, 4, 5, 6]
    numbers = list(Suggestion.objects.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert NumberSequence.objects.get(key="y:16:2026").last == 6


@pytest.mark.services("postgres")
def test_the_first_assignment_of_a_new_sequence_is_safe_too(transactional_db, term, staff, unit):
    """Both find no sequence row yet; one creates it, the other waits for it and goes on."""
    Policy.current()
    items = [SuggestionFactory(term=term, year=2030) for _ in range(2)]
    results = _in_threads(
        2,
        lambda i: (
            services.suggestion_assign(suggestion=items[i], lead_unit=unit, by=staff, today=TODAY).number
        ),
    )
    assert sorted(results) == [1, 2], results


@pytest.mark.services("postgres")
def test_two_staff_assigning_the_same_suggestion_at_once(transactional_db, term, staff, slow_deadlines):
    Policy.current()
    suggestion = SuggestionFactory(term=term)
    shown = version_of(suggestion)
    units = [UnitFactory(name="县住建局"), UnitFactory(name="县水利局")]

    results = _in_threads(
        2,
        lambda i: services.suggestion_assign(
            suggestion=suggestion, lead_unit=units[i], by=staff, today=TODAY, version=shown
        ),
    )

    done = [r for r in results if isinstance(r, Suggestion)]
    refused = [r for r in results if isinstance(r, SuggestionChanged)]
    assert len(done) == 1, results
    assert len(refused) == 1, results
    assert refused[0].message == CONFLICT
    suggestion.refresh_from_db()
    assert suggestion.state == State.ASSIGNED
    assert suggestion.lead_unit == done[0].lead_unit
    assert (suggestion.number, NumberSequence.objects.get().last) == (1, 1)
