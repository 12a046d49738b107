"""Stations, points, assignments and coverage: staff create and change them; the rules hold at the field."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from deputies.models import Deputy, Level
from liaison import services
from liaison.models import Assignment, Opinion, Point, Reception, Station
from liaison.selectors import assignments_at, coverage_counts, deputies_by_level, station_overview
from tests.liaison.factories import (
    AssignmentFactory,
    LiaisonDeputyFactory,
    OpinionFactory,
    ReceptionFactory,
)

pytestmark = pytest.mark.django_db


def _station_data(township, **changes):
    data = {
        "name": "壶口镇人大代表联络站",
        "township": township.pk,
        "address": "壶口镇人民政府一楼",
        "contact_name": "景华成",
        "contact_phone": "0357-7900001",
        "schedule": "每月8日",
        "sort_order": 3,
    }
    data.update(changes)
    return data


def test_staff_create_a_station(client, staff, township):
    client.force_login(staff)
    response = client.post(reverse("liaison:station_create"), _station_data(township))
    station = Station.objects.get(name="壶口镇人大代表联络站")
    assert response.status_code == 302
    assert response.url == station.get_absolute_url()
    assert (station.township, station.schedule, station.sort_order) == (township, "每月8日", 3)


def test_a_station_name_is_unique_and_nothing_is_saved_twice(client, staff, station, township):
    client.force_login(staff)
    response = client.post(reverse("liaison:station_create"), _station_data(township, name=station.name))
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert Station.objects.filter(name=station.name).count() == 1


def test_staff_edit_a_station(client, staff, station, township):
    client.force_login(staff)
    response = client.post(
        reverse("liaison:station_edit", args=[station.pk]),
        _station_data(township, name=station.name, contact_name="新联络人"),
    )
    assert response.status_code == 302
    station.refresh_from_db()
    assert station.contact_name == "新联络人"


def _point_data(station, township, **changes):
    data = {
        "station": station.pk,
        "name": "锦绣社区人大代表联络点",
        "township": township.pk,
        "village": "锦绣社区",
        "address": "锦绣社区党群服务中心",
        "contact_name": "常平光",
        "contact_phone": "15878486488",
        "schedule": "",
    }
    data.update(changes)
    return data


def test_staff_create_a_point_in_the_stations_township(client, staff, station, township):
    client.force_login(staff)
    response = client.post(reverse("liaison:point_create"), _point_data(station, township))
    point = Point.objects.get(name="锦绣社区人大代表联络点")
    assert response.url == point.get_absolute_url()
    assert point.station == station


def test_a_point_under_a_station_of_another_township_needs_the_confirmation(
    client, staff, station, township2
):
    client.force_login(staff)
    url = reverse("liaison:point_create")
    data = _point_data(station, township2)

    response = client.post(url, data)

    form = response.context["form"]
    with translation.override("zh-hans"):
        expected = str(
            services.POINT_IN_OTHER_TOWNSHIP
            % {"station": station, "station_township": station.township, "township": township2}
        )
        assert form.errors["station"] == [expected]
    # The confirmation box appears with the message, and nothing was saved.
    assert 'type="checkbox" name="confirm_other_township"' in response.content.decode()
    assert not Point.objects.filter(name=data["name"]).exists()

    response = client.post(url, {**data, "confirm_other_township": "on"})
    assert response.status_code == 302
    assert Point.objects.get(name=data["name"]).township == township2


def test_the_confirmation_box_is_hidden_until_it_is_needed(client, staff):
    client.force_login(staff)
    html = client.get(reverse("liaison:point_create")).content.decode()
    assert 'type="hidden" name="confirm_other_township"' in html
    assert 'type="checkbox" name="confirm_other_township"' not in html


def test_the_service_refuses_another_township_without_confirmation(staff, station, township2):
    data = {"station": station, "name": "某点", "township": township2, "village": "某村"}
    with pytest.raises(services.ValidationError) as exc:
        services.point_create(data=data, by=staff)
    assert "station" in exc.value.error_dict
    assert not Point.objects.filter(name="某点").exists()


def test_staff_edit_a_point(client, staff, point, station, township):
    client.force_login(staff)
    response = client.post(
        reverse("liaison:point_edit", args=[point.pk]),
        _point_data(station, township, name=point.name, contact_name="新联系人"),
    )
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.contact_name == "新联系人"


# Assignments ----------------------------------------------------------------------------------------


def test_staff_assign_an_unassigned_deputy(client, staff, station, point):
    person = LiaisonDeputyFactory(name="新代表")
    client.force_login(staff)
    response = client.post(
        reverse("liaison:assignment_create"), {"deputy": person.pk, "station": station.pk, "point": point.pk}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(deputy=person)
    assert (assignment.station, assignment.point) == (station, point)


def test_a_point_of_another_station_is_refused_at_the_point_field(client, staff, station, point2):
    person = LiaisonDeputyFactory(name="新代表")
    client.force_login(staff)
    response = client.post(
        reverse("liaison:assignment_create"), {"deputy": person.pk, "station": station.pk, "point": point2.pk}
    )
    with translation.override("zh-hans"):
        expected = str(services.POINT_NOT_IN_STATION % {"station": point2.station})
        assert response.context["form"].errors["point"] == [expected]
    assert not Assignment.objects.filter(deputy=person).exists()


def test_one_assignment_per_deputy_moving_replaces_it(client, staff, me, station2, point2):
    client.force_login(staff)
    response = client.post(
        reverse("liaison:assignment_edit", args=[me.pk]), {"station": station2.pk, "point": point2.pk}
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(deputy=me).count() == 1
    assert Assignment.objects.get(deputy=me).station == station2


def test_an_already_assigned_deputy_is_not_offered_again(client, staff, me, station):
    client.force_login(staff)
    response = client.post(reverse("liaison:assignment_create"), {"deputy": me.pk, "station": station.pk})
    assert "deputy" in response.context["form"].errors
    assert Assignment.objects.filter(deputy=me).count() == 1


def test_an_inactive_deputy_cannot_be_assigned(staff, station):
    person = LiaisonDeputyFactory(
        name="已辞职", status=Deputy.Status.RESIGNED, status_date=timezone.localdate()
    )
    with pytest.raises(services.ValidationError) as exc:
        services.assignment_set(deputy=person, station=station, by=staff)
    assert exc.value.message_dict["deputy"] == [str(services.DEPUTY_NOT_ACTIVE)]


def test_staff_remove_an_assignment(client, staff, me, station):
    client.force_login(staff)
    response = client.post(reverse("liaison:assignment_remove", args=[me.pk]))
    assert response.url == station.get_absolute_url()
    assert not Assignment.objects.filter(deputy=me).exists()


# Station pages and coverage -------------------------------------------------------------------------


def test_station_overview_counts_points_deputies_receptions_of_the_year_and_open_opinions(station, point):
    year = timezone.localdate().year
    AssignmentFactory.create_batch(3, station=station)
    AssignmentFactory(
        station=station,
        deputy=LiaisonDeputyFactory(status=Deputy.Status.RESIGNED, status_date=timezone.localdate()),
    )
    held = ReceptionFactory(station=station, date=timezone.localdate().replace(month=1, day=5))
    ReceptionFactory(station=station, date=timezone.localdate().replace(year=year - 1))
    ReceptionFactory(station=station, state=Reception.State.PLANNED, date=timezone.localdate())
    OpinionFactory(reception=held)
    OpinionFactory(reception=held, state=Opinion.State.CLOSED, feedback="已反馈")

    row = station_overview(year=year).get(pk=station.pk)

    assert (row.point_count, row.deputy_count, row.reception_count, row.open_opinion_count) == (1, 3, 1, 1)


def test_station_deputies_are_grouped_by_each_level_they_hold(station):
    both = AssignmentFactory(
        station=station, deputy=LiaisonDeputyFactory(levels=[Level.COUNTY, Level.TOWNSHIP])
    )
    county = AssignmentFactory(station=station, deputy=LiaisonDeputyFactory(levels=[Level.COUNTY]))
    none = AssignmentFactory(station=station, deputy=LiaisonDeputyFactory(levels=[]))

    groups = deputies_by_level(assignments_at(station=station))

    assert [(g["level"], {a.pk for a in g["assignments"]}) for g in groups] == [
        (Level.COUNTY, {both.pk, county.pk}),
        (Level.TOWNSHIP, {both.pk}),
        ("", {none.pk}),
    ]


def test_station_page_shows_each_deputy_with_their_level(client, director, station, me):
    client.force_login(director)
    with translation.override("zh-hans"):
        response = client.get(station.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    groups = response.context["groups"]
    assert [(g["level"], [a.deputy for a in g["assignments"]]) for g in groups] == [(Level.COUNTY, [me])]
    assert me.name in response.content.decode()


def test_coverage_lists_unassigned_active_deputies_and_counts_levels_per_station(
    client, staff, station, station2
):
    AssignmentFactory(station=station, deputy=LiaisonDeputyFactory(levels=[Level.COUNTY, Level.TOWNSHIP]))
    AssignmentFactory(station=station, deputy=LiaisonDeputyFactory(levels=[Level.NATIONAL]))
    AssignmentFactory(station=station2, deputy=LiaisonDeputyFactory(levels=[Level.TOWNSHIP]))
    waiting = LiaisonDeputyFactory(name="待进站")
    LiaisonDeputyFactory(name="已终止", status=Deputy.Status.TERMINATED, status_date=timezone.localdate())

    counts = coverage_counts()
    rows = {row["station"]: row for row in counts["rows"]}
    levels = [code for code, _label in counts["levels"]]
    assert dict(zip(levels, rows[station]["levels"], strict=True)) == {
        Level.NATIONAL: 1,
        Level.PROVINCIAL: 0,
        Level.MUNICIPAL: 0,
        Level.COUNTY: 1,
        Level.TOWNSHIP: 1,
    }
    assert rows[station]["total"] == 2
    assert rows[station2]["total"] == 1
    assert counts["total"] == 3

    client.force_login(staff)
    response = client.get(reverse("liaison:coverage"))
    assert list(response.context["page_obj"]) == [waiting]
