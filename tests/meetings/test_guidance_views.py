"""Township guidance: who may open the pages, the arrangement of guiding directors, cadres and visits
refused at the field, and the township page's figures at a constant number of queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from deputies.models import Deputy
from liaison.models import Opinion
from meetings import register_services as services
from meetings.models import GuidanceAssignment, GuidanceVisit, TownshipCadre
from proposals.models import State as SuggestionState
from renda.accounts.roles import Role
from renda.core.models import Notification
from tests.deputies.factories import DeputyFactory
from tests.factories import TownshipFactory, UserFactory
from tests.liaison.factories import OpinionFactory, PointFactory, ReceptionFactory, StationFactory
from tests.proposals.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Pages in English, so that messages compare with their msgids whatever the catalog holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def town(db):
    return TownshipFactory(name="吉昌镇", kind="town")


@pytest.fixture
def other_town(db):
    return TownshipFactory(name="屯里镇", kind="town")


@pytest.fixture
def director2(roles):
    return UserFactory(username="t-director2", display_name="杨振华", role=Role.DIRECTOR)


@pytest.fixture
def visit(town, director):
    return GuidanceVisit.objects.create(
        kind=GuidanceVisit.Kind.VISIT,
        township=town,
        date=date(2026, 4, 16),
        leader=director,
        subject="督导接待工作",
    )


@pytest.fixture
def cadre(town):
    return TownshipCadre.objects.create(
        township=town, name="程立新", role=TownshipCadre.Role.CHAIRMAN, phone="13903570101"
    )


def _read_urls(town, visit):
    return [
        reverse("meetings:guidance_index"),
        reverse("meetings:guidance_visit_list"),
        reverse("meetings:township", args=[town.pk]),
    ]


def _write_urls(visit, cadre):
    return [
        reverse("meetings:guidance_arrange"),
        reverse("meetings:guidance_cadre_create"),
        reverse("meetings:guidance_cadre_edit", args=[cadre.pk]),
        reverse("meetings:guidance_visit_create"),
        reverse("meetings:guidance_visit_edit", args=[visit.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, town, visit, cadre):
    for url in _read_urls(town, visit) + _write_urls(visit, cadre):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["deputy", "unit_user"])
def test_deputies_and_units_are_refused(login, users, town, visit, cadre, who):
    client = login(users[who])
    for url in _read_urls(town, visit) + _write_urls(visit, cadre):
        assert client.get(url).status_code == 403, url


def test_directors_read_and_staff_also_keep(login, director, staff, town, visit, cadre):
    client = login(director)
    for url in _read_urls(town, visit):
        assert client.get(url).status_code == 200, url
    for url in _write_urls(visit, cadre):
        assert client.get(url).status_code == 403, url
    client = login(staff)
    for url in _read_urls(town, visit) + _write_urls(visit, cadre):
        assert client.get(url).status_code == 200, url


def test_a_missing_township_answers_404(login, director):
    assert login(director).get(reverse("meetings:township", args=[9999])).status_code == 404


# Arrangement ----------------------------------------------------------------------------------------


def test_staff_arrange_the_guiding_directors_and_the_new_leader_is_told(
    login, staff, director, director2, town, other_town
):
    GuidanceAssignment.objects.create(township=town, leader=director)
    response = login(staff).post(
        reverse("meetings:guidance_arrange"),
        {
            f"township_{town.pk}": director.pk,
            f"township_{other_town.pk}": director2.pk,
            "since": "2026-11-01",
        },
    )
    assert response.status_code == 302
    arrangement = dict(GuidanceAssignment.objects.values_list("township__name", "leader__username"))
    assert arrangement == {"吉昌镇": "t-director", "屯里镇": "t-director2"}
    assert GuidanceAssignment.objects.get(township=other_town).since == date(2026, 11, 1)
    # Only the director given a new township hears of it.
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["t-director2"]


def test_emptying_a_choice_removes_the_arrangement(login, staff, director, town, other_town):
    GuidanceAssignment.objects.create(township=town, leader=director)
    login(staff).post(reverse("meetings:guidance_arrange"), {f"township_{town.pk}": ""})
    assert not GuidanceAssignment.objects.exists()


def test_only_directors_can_be_chosen(login, staff, deputy, town):
    response = login(staff).post(reverse("meetings:guidance_arrange"), {f"township_{town.pk}": deputy.pk})
    assert response.status_code == 200
    assert f"township_{town.pk}" in response.context["form"].errors
    assert not GuidanceAssignment.objects.exists()


def test_the_service_refuses_a_leader_who_is_not_a_director_and_saves_nothing(
    staff, director, deputy, town, other_town
):
    with pytest.raises(services.ValidationError):
        services.guidance_arrange(leaders={town: director, other_town: deputy}, by=staff)
    assert not GuidanceAssignment.objects.exists()


def test_the_index_lists_every_active_township_with_its_director(login, director, town, other_town):
    TownshipFactory(name="东城乡", is_active=False)
    GuidanceAssignment.objects.create(township=town, leader=director)
    response = login(director).get(reverse("meetings:guidance_index"))
    assert {t.name for t in response.context["townships"]} == {"吉昌镇", "屯里镇"}
    assert response.context["by_director"] == [(director, [town])]


# Cadres and visits ----------------------------------------------------------------------------------


def test_staff_add_a_cadre_to_a_township(login, staff, town):
    response = login(staff).post(
        reverse("meetings:guidance_cadre_create"),
        {"township": town.pk, "role": "staff", "name": "牛晓峰", "phone": "13903570103", "is_current": "on"},
    )
    assert response.status_code == 302 and response.url == reverse("meetings:township", args=[town.pk])
    assert TownshipCadre.objects.get().name == "牛晓峰"


def test_a_visit_needs_its_township_and_nothing_is_saved(login, staff, director):
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:guidance_visit_create"),
            {"kind": "visit", "township": "", "date": "2026-05-01", "leader": director.pk, "subject": "调研"},
        )
        expected = str(services.VISIT_NEEDS_TOWNSHIP)
    assert [str(e) for e in response.context["form"].errors["township"]] == [expected]
    assert not GuidanceVisit.objects.exists()


def test_an_exchange_meeting_is_for_every_township(login, staff, director):
    response = login(staff).post(
        reverse("meetings:guidance_visit_create"),
        {
            "kind": "exchange",
            "township": "",
            "date": "2026-07-14",
            "leader": director.pk,
            "subject": "经验交流会",
        },
    )
    assert response.status_code == 302
    assert GuidanceVisit.objects.get().township is None


def test_a_visit_led_by_someone_outside_the_director_meeting_is_refused(login, staff, town):
    response = login(staff).post(
        reverse("meetings:guidance_visit_create"),
        {"kind": "visit", "township": town.pk, "date": "2026-05-01", "leader": staff.pk, "subject": "调研"},
    )
    assert "leader" in response.context["form"].errors
    assert not GuidanceVisit.objects.exists()


def test_the_visit_list_filters_by_kind_and_township(login, director, town, other_town):
    for kind, place, subject in [
        ("visit", town, "甲"),
        ("visit", other_town, "乙"),
        ("exchange", None, "丙"),
    ]:
        GuidanceVisit.objects.create(
            kind=kind, township=place, date=date(2026, 5, 1), leader=director, subject=subject
        )
    client = login(director)

    def subjects(**query):
        return sorted(
            v.subject for v in client.get(reverse("meetings:guidance_visit_list"), query).context["page_obj"]
        )

    assert subjects() == ["丙", "乙", "甲"]
    assert subjects(kind="exchange") == ["丙"]
    assert subjects(township=town.pk) == ["甲"]


# The township page ----------------------------------------------------------------------------------


def _congress_work(town, other_town, *, n):
    """n of each thing in `town` in 2026, and decoys elsewhere or in other years."""
    station = StationFactory(township=town)
    point = PointFactory(station=station, township=town)
    far_station = StationFactory(township=other_town)
    for i in range(n):
        DeputyFactory(township=town)
        reception = ReceptionFactory(station=station, date=date(2026, 3, 1 + i))
        OpinionFactory(reception=reception)
        OpinionFactory(reception=reception, state=Opinion.State.CLOSED)
        ReceptionFactory(
            station=far_station,
            point=PointFactory(station=far_station, township=town),
            date=date(2026, 4, 1 + i),
        )
        SuggestionFactory(lead_deputy=DeputyFactory(township=other_town), delegation=town)
    DeputyFactory(township=town, status=Deputy.Status.RESIGNED, status_date=date(2025, 1, 1))
    DeputyFactory(township=other_town)
    ReceptionFactory(station=station, point=point, date=date(2025, 6, 1))
    ReceptionFactory(station=station, date=date(2026, 6, 1), state="planned")
    ReceptionFactory(station=far_station, date=date(2026, 6, 1))
    SuggestionFactory(lead_deputy=DeputyFactory(township=town), delegation=town, year=2025)
    SuggestionFactory(lead_deputy=DeputyFactory(township=town), delegation=town, state=SuggestionState.DRAFT)


def test_the_township_page_counts_its_congress_work(login, director, town, other_town, cadre, visit):
    _congress_work(town, other_town, n=2)
    GuidanceAssignment.objects.create(township=town, leader=director)
    response = login(director).get(reverse("meetings:township", args=[town.pk]), {"year": 2026})
    place = response.context["township"]
    # 2 deputies + the 2 lead deputies of 2025 and draft suggestions; the resigned one is not counted.
    assert place.deputy_count == 4
    assert (place.station_count, place.point_count) == (1, 3)
    assert place.reception_count == 4
    assert (place.opinion_count, place.open_opinion_count) == (4, 2)
    assert place.suggestion_count == 2
    assert response.context["guidance"].leader == director
    assert [c.name for c in response.context["cadres"]] == ["程立新"]
    assert [v.subject for v in response.context["visits"]] == ["督导接待工作"]


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, {"year": 2026}).status_code == 200
    return len(ctx.captured_queries)


def test_the_township_page_costs_the_same_queries_at_two_sizes(login, director, town, other_town, cadre):
    client = login(director)
    url = reverse("meetings:township", args=[town.pk])
    GuidanceAssignment.objects.create(township=town, leader=director)
    _congress_work(town, other_town, n=1)
    GuidanceVisit.objects.create(
        kind="visit", township=town, date=date(2026, 1, 5), leader=director, subject="一"
    )
    small = _queries(client, url)
    _congress_work(town, other_town, n=6)
    for i in range(5):
        GuidanceVisit.objects.create(
            kind="visit", township=town, date=date(2026, 2, 1 + i), leader=director, subject=f"访{i}"
        )
        TownshipCadre.objects.create(township=town, name=f"干部{i}", role="staff")
    assert _queries(client, url) == small


def test_the_guidance_index_costs_the_same_queries_at_two_sizes(login, director, town, other_town):
    client = login(director)
    url = reverse("meetings:guidance_index")
    GuidanceAssignment.objects.create(township=town, leader=director)
    small = _queries(client, url)
    GuidanceAssignment.objects.create(township=other_town, leader=director)
    for place in (town, other_town):
        TownshipCadre.objects.create(township=place, name=f"{place.name}主席", role="chairman")
        GuidanceVisit.objects.create(
            kind="visit", township=place, date=date(2026, 2, 1), leader=director, subject="访"
        )
    assert _queries(client, url) == small
