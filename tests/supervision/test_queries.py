"""The ledger and the unit's queue keep a constant number of queries whatever the number of rows."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.supervision.factories import ItemFactory, OpinionFactory, ProgressFactory

pytestmark = pytest.mark.django_db


def _items(n, *, unit, activity, body, today, by):
    for i in range(n):
        opinion = OpinionFactory(activity=activity, recipient=body, sent=True)
        item = ItemFactory(
            opinion=opinion, unit=unit, deadline=today + timedelta(days=i - n // 2), state="in_progress"
        )
        ProgressFactory(item=item, by=by)


def _count(client, url, django_assert_max_num_queries, bound):
    client.get(url)  # warm the caches (content types, session) that the first request fills
    with django_assert_max_num_queries(bound) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        reverse("supervision:ledger"),
        reverse("supervision:ledger") + "?overdue=1&state=in_progress",
        reverse("supervision:index"),
    ],
)
def test_staff_pages_keep_a_constant_query_count(
    login, staff, unit, activity, body, today, url, django_assert_max_num_queries
):
    client = login(staff)
    _items(3, unit=unit, activity=activity, body=body, today=today, by=staff)
    small = _count(client, url, django_assert_max_num_queries, 40)
    _items(27, unit=unit, activity=activity, body=body, today=today, by=staff)
    large = _count(client, url, django_assert_max_num_queries, 40)
    assert large == small


def test_the_unit_queue_keeps_a_constant_query_count(
    login, unit_user, unit, activity, body, today, django_assert_max_num_queries
):
    client = login(unit_user)
    url = reverse("supervision:unit_queue") + "?show=all"
    _items(3, unit=unit, activity=activity, body=body, today=today, by=unit_user)
    small = _count(client, url, django_assert_max_num_queries, 40)
    _items(27, unit=unit, activity=activity, body=body, today=today, by=unit_user)
    large = _count(client, url, django_assert_max_num_queries, 40)
    assert large == small


def test_the_opinion_page_keeps_a_constant_query_count(
    login, staff, unit, sent, today, django_assert_max_num_queries
):
    client = login(staff)
    for _ in range(3):
        ProgressFactory(item=ItemFactory(opinion=sent, unit=unit), by=staff)
    small = _count(client, sent.get_absolute_url(), django_assert_max_num_queries, 40)
    for _ in range(20):
        ProgressFactory(item=ItemFactory(opinion=sent, unit=unit), by=staff)
    large = _count(client, sent.get_absolute_url(), django_assert_max_num_queries, 40)
    assert large == small
