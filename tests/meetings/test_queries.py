"""The meeting list and the papers pack keep a constant number of queries whatever the size of the data."""

import pytest
from django.urls import reverse

from meetings.models import Attendance, Meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory
from tests.supervision.factories import ActivityFactory, ItemFactory, OpinionFactory

pytestmark = pytest.mark.django_db


def _count(client, url, django_assert_max_num_queries, bound=30):
    client.get(url)  # warm the caches (content types, session) that the first request fills
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _meetings(n, staff):
    for _ in range(n):
        meeting = MeetingFactory(prepared_by=staff, state=Meeting.State.HELD)
        AgendaItemFactory(meeting=meeting)


def test_the_meeting_list_keeps_a_constant_query_count(login, staff, django_assert_max_num_queries):
    client = login(staff)
    url = reverse("meetings:index")
    _meetings(2, staff)
    small = _count(client, url, django_assert_max_num_queries)
    _meetings(20, staff)
    assert _count(client, url, django_assert_max_num_queries) == small


def _agenda(meeting, n):
    start = meeting.items.count()
    for i in range(n):
        activity = ActivityFactory()
        opinion = OpinionFactory(activity=activity, sent=True)
        ItemFactory(opinion=opinion)
        ItemFactory(opinion=opinion)
        AgendaItemFactory(meeting=meeting, order=start + i + 1, activity=activity)
        AgendaItemFactory(meeting=meeting, order=start + i + 100, review_opinion=opinion)
        Attendance.objects.create(meeting=meeting, name=f"委员{start + i}", is_member=False)


@pytest.mark.parametrize("name", ["meetings:papers", "meetings:meeting_detail"])
def test_the_papers_and_the_meeting_page_keep_a_constant_query_count(
    login, staff, held_meeting, name, django_assert_max_num_queries
):
    client = login(staff)
    url = reverse(name, args=[held_meeting.pk])
    _agenda(held_meeting, 1)
    small = _count(client, url, django_assert_max_num_queries, 40)
    _agenda(held_meeting, 8)
    assert _count(client, url, django_assert_max_num_queries, 40) == small
