"""Supervision's open deadlines for the reminder engine: which, due when, told to whom, escalated to whom."""

from datetime import date

import pytest

from renda.core.deadlines import deadline_kinds, rebuild_deadlines
from supervision.models import ReviewOpinion
from tests.factories import UserFactory
from tests.helpers import MAX_INDEX_QUERIES, open_deadlines
from tests.supervision.factories import ItemFactory, OpinionFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def test_the_provider_is_registered():
    assert {"supervision.item", "supervision.report"} <= set(deadline_kinds())


def test_open_items_and_awaited_reports_are_listed(activity, body, unit, unit2, unit_user, director, roles):
    body_user = UserFactory(username="gov", role="unit", unit=body)
    UserFactory(username="gone", role="unit", unit=unit, is_active=False)
    leader_opinion = OpinionFactory(
        activity=activity,
        recipient=body,
        state=ReviewOpinion.State.SENT,
        sent_on=date(2026, 7, 29),
        report_due=date(2026, 10, 29),
        supervising_leader=director,
    )
    overdue = ItemFactory(opinion=leader_opinion, unit=unit, deadline=date(2026, 11, 10), state="in_progress")
    not_started = ItemFactory(opinion=leader_opinion, unit=unit2, deadline=date(2027, 3, 31))
    # Not open deadlines: done, verified, an item of an unsent opinion, a closed opinion's report.
    ItemFactory(opinion=leader_opinion, unit=unit, state="done", percent=100)
    ItemFactory(opinion=leader_opinion, unit=unit, state="verified", percent=100)
    draft = OpinionFactory(activity=activity, recipient=body)
    ItemFactory(opinion=draft, unit=unit, deadline=date(2026, 12, 1))
    OpinionFactory(activity=activity, recipient=body, sent=True, state=ReviewOpinion.State.CLOSED)
    again = OpinionFactory(
        activity=activity,
        recipient=body,
        state=ReviewOpinion.State.RECTIFYING_AGAIN,
        sent_on=date(2026, 5, 27),
        report_due=date(2026, 11, 24),
        round=2,
    )

    found = open_deadlines(TODAY)
    assert all(d.row.closed_at is None for d in found)
    by_subject = {(type(d.subject).__name__, d.subject.pk): d for d in found}
    assert set(by_subject) == {
        ("RectificationItem", overdue.pk),
        ("RectificationItem", not_started.pk),
        ("ReviewOpinion", leader_opinion.pk),
        ("ReviewOpinion", again.pk),
    }

    item = by_subject[("RectificationItem", overdue.pk)]
    assert (item.due, item.unit, item.url) == (date(2026, 11, 10), unit, overdue.get_absolute_url())
    assert item.recipients == (unit_user,)
    assert item.escalate_to == (director,)
    assert by_subject[("RectificationItem", not_started.pk)].recipients == ()
    assert by_subject[("RectificationItem", not_started.pk)].due == date(2027, 3, 31)

    report = by_subject[("ReviewOpinion", leader_opinion.pk)]
    assert (report.due, report.unit, report.recipients) == (date(2026, 10, 29), body, (body_user,))
    assert report.escalate_to == (director,)
    assert by_subject[("ReviewOpinion", again.pk)].due == date(2026, 11, 24)
    assert by_subject[("ReviewOpinion", again.pk)].escalate_to == ()


def test_the_provider_uses_a_constant_number_of_queries(
    activity, body, unit, unit_user, director, django_assert_max_num_queries
):
    def run():
        with django_assert_max_num_queries(MAX_INDEX_QUERIES) as captured:
            rebuild_deadlines(check=True)
        return len(captured)

    opinion = OpinionFactory(activity=activity, recipient=body, sent=True, supervising_leader=director)
    ItemFactory(opinion=opinion, unit=unit)
    small = run()
    for _ in range(20):
        o = OpinionFactory(activity=activity, recipient=body, sent=True, supervising_leader=director)
        ItemFactory(opinion=o, unit=unit)
    assert run() == small
