"""Who may open which liaison page: anonymous users sign in; wrong roles get 403, or 404 for an
object out of their reach; the right role gets 200. Directors read everything and change nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.models import Opinion, Reception
from tests.liaison.factories import OpinionFactory, ReceptionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(me, other_deputy, station, station2, point, point2, reception, reception2, unit_user, unit2_user):
    today = timezone.localdate()
    forwarded = OpinionFactory(
        reception=reception,
        state=Opinion.State.FORWARDED,
        unit=unit_user.unit,
        due_date=today + timedelta(days=10),
    )
    recorded = OpinionFactory(reception=reception2)
    planned = ReceptionFactory(
        station=station, date=today + timedelta(days=5), state=Reception.State.PLANNED, on_duty=[me]
    )
    return {
        "station": station,
        "station2": station2,
        "point": point,
        "point2": point2,
        "me": me,
        "reception": reception,
        "reception2": reception2,
        "planned": planned,
        "forwarded": forwarded,
        "recorded": recorded,
    }


S, D, DEP, U = "staff", "director", "deputy", "unit_user"

# name, url(world), expected status per role (anything not listed: 403)
PAGES = [
    ("index", lambda w: reverse("liaison:index"), {S: 200, D: 200}),
    ("coverage", lambda w: reverse("liaison:coverage"), {S: 200, D: 200}),
    ("my station", lambda w: reverse("liaison:my_station"), {DEP: 302}),
    (
        "own station",
        lambda w: reverse("liaison:station_detail", args=[w["station"].pk]),
        {S: 200, D: 200, DEP: 200},
    ),
    (
        "other station",
        lambda w: reverse("liaison:station_detail", args=[w["station2"].pk]),
        {S: 200, D: 200, DEP: 404},
    ),
    ("new station", lambda w: reverse("liaison:station_create"), {S: 200}),
    ("edit station", lambda w: reverse("liaison:station_edit", args=[w["station"].pk]), {S: 200}),
    (
        "own point",
        lambda w: reverse("liaison:point_detail", args=[w["point"].pk]),
        {S: 200, D: 200, DEP: 200},
    ),
    (
        "other point",
        lambda w: reverse("liaison:point_detail", args=[w["point2"].pk]),
        {S: 200, D: 200, DEP: 404},
    ),
    ("new point", lambda w: reverse("liaison:point_create"), {S: 200}),
    ("edit point", lambda w: reverse("liaison:point_edit", args=[w["point"].pk]), {S: 200}),
    ("new assignment", lambda w: reverse("liaison:assignment_create"), {S: 200}),
    ("edit assignment", lambda w: reverse("liaison:assignment_edit", args=[w["me"].pk]), {S: 200}),
    ("receptions", lambda w: reverse("liaison:receptions"), {S: 200, D: 200, DEP: 200}),
    ("own reception", lambda w: w["reception"].get_absolute_url(), {S: 200, D: 200, DEP: 200}),
    ("other reception", lambda w: w["reception2"].get_absolute_url(), {S: 200, D: 200, DEP: 404}),
    ("plan reception", lambda w: reverse("liaison:reception_create"), {S: 200}),
    ("edit plan", lambda w: reverse("liaison:reception_edit", args=[w["planned"].pk]), {S: 200}),
    (
        "record planned",
        lambda w: reverse("liaison:reception_record", args=[w["planned"].pk]),
        {S: 200, DEP: 200},
    ),
    (
        "record other",
        lambda w: reverse("liaison:reception_record", args=[w["reception2"].pk]),
        {S: 200, DEP: 404},
    ),
    ("record own", lambda w: reverse("liaison:reception_record_own"), {DEP: 200}),
    (
        "add opinion",
        lambda w: reverse("liaison:opinion_create", args=[w["reception"].pk]),
        {S: 200, DEP: 200},
    ),
    (
        "add opinion elsewhere",
        lambda w: reverse("liaison:opinion_create", args=[w["reception2"].pk]),
        {S: 200, DEP: 404},
    ),
    ("opinions", lambda w: reverse("liaison:opinions"), {S: 200, D: 200, DEP: 200, U: 200}),
    ("forwarded opinion", lambda w: w["forwarded"].get_absolute_url(), {S: 200, D: 200, DEP: 200, U: 200}),
    ("other opinion", lambda w: w["recorded"].get_absolute_url(), {S: 200, D: 200, DEP: 404, U: 404}),
]

ROLES = [S, D, DEP, U]


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_users_are_sent_to_sign_in(client, world, name, url, expected):
    response = client.get(url(world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_each_role_gets_what_it_may_see(client, users, world, role, name, url, expected):
    client.force_login(users[role])
    assert client.get(url(world)).status_code == expected.get(role, 403)


def test_staff_without_a_deputy_cannot_use_the_deputys_own_record_page(client, staff):
    client.force_login(staff)
    assert client.get(reverse("liaison:reception_record_own")).status_code == 403


def test_a_deputy_without_a_station_lands_on_their_receptions(client, deputy):
    client.force_login(deputy)
    response = client.get(reverse("liaison:my_station"))
    assert response.status_code == 302
    assert response.url == reverse("liaison:receptions")


def test_my_station_leads_a_placed_deputy_to_their_station(client, deputy, me, station):
    client.force_login(deputy)
    assert client.get(reverse("liaison:my_station")).url == station.get_absolute_url()


def test_a_deputy_may_not_record_a_reception_of_their_station_already_held_by_others(
    client, deputy, me, station
):
    held = ReceptionFactory(station=station, present=[])
    client.force_login(deputy)
    assert client.get(reverse("liaison:reception_record", args=[held.pk])).status_code == 403


def test_a_deputy_who_was_not_present_cannot_add_opinions(client, deputy, me, station):
    held = ReceptionFactory(station=station, present=[])
    client.force_login(deputy)
    assert client.get(reverse("liaison:opinion_create", args=[held.pk])).status_code == 403


@pytest.mark.parametrize(
    ("name", "url", "data"),
    [
        ("new station", lambda w: reverse("liaison:station_create"), {"name": "x"}),
        ("new point", lambda w: reverse("liaison:point_create"), {"name": "x"}),
        ("plan", lambda w: reverse("liaison:reception_create"), {"place": "x"}),
        ("cancel", lambda w: reverse("liaison:reception_cancel", args=[w["planned"].pk]), {}),
        ("remove assignment", lambda w: reverse("liaison:assignment_remove", args=[w["me"].pk]), {}),
        (
            "answer",
            lambda w: reverse("liaison:opinion_act", args=[w["recorded"].pk, "answer"]),
            {"answer-answer": "好"},
        ),
        (
            "close",
            lambda w: reverse("liaison:opinion_act", args=[w["forwarded"].pk, "close"]),
            {"close-feedback": "已反馈"},
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_directors_read_but_never_write(client, director, world, name, url, data):
    client.force_login(director)
    before = (
        Reception.objects.filter(state=Reception.State.CANCELLED).count(),
        Opinion.objects.filter(state=Opinion.State.RECORDED).count(),
    )
    assert client.post(url(world), data).status_code == 403
    after = (
        Reception.objects.filter(state=Reception.State.CANCELLED).count(),
        Opinion.objects.filter(state=Opinion.State.RECORDED).count(),
    )
    assert before == after


def test_a_unit_user_may_not_route_an_opinion_only_reply(client, unit_user, world):
    client.force_login(unit_user)
    url = reverse("liaison:opinion_act", args=[world["forwarded"].pk, "close"])
    assert client.post(url, {"close-feedback": "已反馈"}).status_code == 403
    world["forwarded"].refresh_from_db()
    assert world["forwarded"].state == Opinion.State.FORWARDED


def test_a_unit_user_cannot_reply_for_another_unit(client, unit2_user, world):
    client.force_login(unit2_user)
    url = reverse("liaison:opinion_act", args=[world["forwarded"].pk, "unit_reply"])
    assert client.post(url, {"unit_reply-reply": "已办理"}).status_code == 404


def test_an_unknown_action_is_not_found(client, staff, world):
    client.force_login(staff)
    url = reverse("liaison:opinion_act", args=[world["recorded"].pk, "delete"])
    assert client.post(url, {}).status_code == 404
