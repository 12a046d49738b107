"""Fixtures of the meetings tests: a held director meeting, a congress session, a decision with tasks."""

from datetime import date

import pytest

from meetings.models import Meeting
from tests.meetings.factories import DecisionFactory, MeetingFactory, TaskFactory


@pytest.fixture
def held_meeting(staff):
    return MeetingFactory(state=Meeting.State.HELD, date=date(2026, 11, 20), prepared_by=staff)


@pytest.fixture
def planned_meeting(staff):
    return MeetingFactory(date=date(2026, 11, 20), prepared_by=staff)


@pytest.fixture
def congress_meeting(staff):
    return MeetingFactory(
        kind=Meeting.Kind.CONGRESS, membership=136, state=Meeting.State.HELD, prepared_by=staff
    )


@pytest.fixture
def decision(held_meeting):
    return DecisionFactory(meeting=held_meeting, adopted_on=held_meeting.date)


@pytest.fixture
def task(decision, unit):
    return TaskFactory(decision=decision, unit=unit, due=date(2026, 12, 10))
