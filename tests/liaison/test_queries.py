"""The liaison lists cost the same number of queries for 3 rows as for 30 (pagination keeps 25)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.models import Opinion
from tests.liaison.factories import (
    AssignmentFactory,
    LiaisonDeputyFactory,
    OpinionFactory,
    PointFactory,
    ReceptionFactory,
    StationFactory,
)

pytestmark = pytest.mark.django_db

SIZES = [3, 30]


def _stations(n):
    for _ in range(n):
        station = StationFactory()
        PointFactory(station=station)
        AssignmentFactory(station=station)
        reception = ReceptionFactory(station=station, date=timezone.localdate())
        OpinionFactory(reception=reception)


def _receptions(n, station, present):
    for i in range(n):
        ReceptionFactory(station=station, date=timezone.localdate() - timedelta(days=i), present=present)


def _opinions(n, reception, unit):
    for i in range(n):
        OpinionFactory(
            reception=reception,
            state=Opinion.State.FORWARDED,
            unit=unit,
            due_date=timezone.localdate() + timedelta(days=i - 5),
        )


@pytest.mark.parametrize("size", SIZES)
def test_station_list_queries_are_constant(client, staff, size, django_assert_max_num_queries):
    _stations(size)
    client.force_login(staff)
    client.get(reverse("liaison:index"))  # warm the session and permission caches
    with django_assert_max_num_queries(8):
        response = client.get(reverse("liaison:index"))
    assert len(response.context["page_obj"]) == min(size, 25)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["staff", "deputy"])
def test_reception_list_queries_are_constant(
    client, users, me, station, size, role, django_assert_max_num_queries
):
    _receptions(size, station, [me, LiaisonDeputyFactory()])
    client.force_login(users[role])
    client.get(reverse("liaison:receptions"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("liaison:receptions"), {"station": station.pk})
    assert len(response.context["page_obj"]) == min(size, 25)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["staff", "unit_user", "deputy"])
def test_opinion_list_queries_are_constant(
    client, users, reception, unit_user, size, role, django_assert_max_num_queries
):
    _opinions(size, reception, unit_user.unit)
    client.force_login(users[role])
    client.get(reverse("liaison:opinions"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("liaison:opinions"), {"state": "forwarded"})
    assert len(response.context["page_obj"]) == min(size, 25)


@pytest.mark.parametrize("size", SIZES)
def test_station_page_queries_are_constant(client, staff, station, size, django_assert_max_num_queries):
    for _ in range(size):
        point = PointFactory(station=station)
        AssignmentFactory(station=station, point=point)
    _receptions(size, station, [])
    client.force_login(staff)
    client.get(station.get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(station.get_absolute_url())


@pytest.mark.parametrize("size", SIZES)
def test_coverage_queries_are_constant(client, staff, station, size, django_assert_max_num_queries):
    for _ in range(size):
        AssignmentFactory(station=station)
        LiaisonDeputyFactory()
    client.force_login(staff)
    client.get(reverse("liaison:coverage"))
    with django_assert_max_num_queries(12):
        client.get(reverse("liaison:coverage"))
