"""Reception days: staff plan and record them; a deputy records from their phone one they attended
at their own station; refused input leaves nothing behind; each role sees its own receptions."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from liaison import services
from liaison.models import Reception
from liaison.workflow import RECEPTION_MOVES
from renda.core.workflow import ILLEGAL_MOVE, transitions_of
from tests.liaison.factories import LiaisonDeputyFactory, ReceptionFactory

pytestmark = pytest.mark.django_db


def _zh(message):
    with translation.override("zh-hans"):
        return str(message)


@pytest.fixture
def today():
    return timezone.localdate()


# Planning -------------------------------------------------------------------------------------------


def test_staff_plan_and_announce_a_reception(client, staff, station, point, me, today):
    client.force_login(staff)
    response = client.post(
        reverse("liaison:reception_create"),
        {
            "station": station.pk,
            "point": point.pk,
            "date": (today + timedelta(days=10)).isoformat(),
            "place": "桑峨村村委会",
            "topic": "冬季取暖",
            "on_duty": [me.pk],
            "announced_at": today.isoformat(),
        },
    )
    reception = Reception.objects.get(place="桑峨村村委会")
    assert response.url == reception.get_absolute_url()
    assert reception.state == Reception.State.PLANNED
    assert list(reception.on_duty.all()) == [me]
    assert reception.announced_at == today


def test_an_announcement_after_the_day_is_refused_at_the_field(client, staff, station, today):
    client.force_login(staff)
    response = client.post(
        reverse("liaison:reception_create"),
        {
            "station": station.pk,
            "date": today.isoformat(),
            "place": "某地",
            "announced_at": (today + timedelta(days=1)).isoformat(),
        },
    )
    assert response.context["form"].errors["announced_at"] == [_zh(services.ANNOUNCED_AFTER_RECEPTION)]
    assert not Reception.objects.filter(place="某地").exists()


def test_a_planned_point_must_belong_to_the_station(client, staff, station, point2, today):
    client.force_login(staff)
    response = client.post(
        reverse("liaison:reception_create"),
        {"station": station.pk, "point": point2.pk, "date": today.isoformat(), "place": "某地"},
    )
    assert "point" in response.context["form"].errors
    assert not Reception.objects.filter(place="某地").exists()


def test_staff_change_a_plan_but_not_a_held_reception(client, staff, station, reception, today):
    planned = ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today)
    client.force_login(staff)
    data = {"station": station.pk, "date": today.isoformat(), "place": "改到村委会"}
    assert client.post(reverse("liaison:reception_edit", args=[planned.pk]), data).status_code == 302
    planned.refresh_from_db()
    assert planned.place == "改到村委会"
    assert client.get(reverse("liaison:reception_edit", args=[reception.pk])).status_code == 404


def test_staff_cancel_a_planned_reception_and_a_second_cancel_says_why_not(client, staff, station, today):
    planned = ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today)
    client.force_login(staff)
    url = reverse("liaison:reception_cancel", args=[planned.pk])
    client.post(url, {"note": "降雪"})
    planned.refresh_from_db()
    assert planned.state == Reception.State.CANCELLED
    assert [t.action for t in transitions_of(planned)] == ["cancel"]

    response = client.post(url, follow=True)
    assert response.status_code == 200
    with translation.override("zh-hans"):
        expected = str(
            ILLEGAL_MOVE
            % {"state": Reception.State.CANCELLED.label, "action": RECEPTION_MOVES["cancel"].label}
        )
    assert expected in [str(m) for m in get_messages(response.wsgi_request)]


# Recording by staff ---------------------------------------------------------------------------------


def test_staff_record_a_planned_reception_as_held(client, staff, station, me, today):
    planned = ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today, on_duty=[me])
    client.force_login(staff)
    other = LiaisonDeputyFactory(name="另一位代表")
    response = client.post(
        reverse("liaison:reception_record", args=[planned.pk]),
        {
            "date": today.isoformat(),
            "place": planned.place,
            "residents_received": 12,
            "notes": "接待群众12人次",
            "present": [me.pk, other.pk],
        },
    )
    assert response.url == planned.get_absolute_url()
    planned.refresh_from_db()
    assert planned.state == Reception.State.HELD
    assert planned.residents_received == 12
    assert planned.recorded_by == staff
    assert set(planned.present.all()) == {me, other}
    assert [t.action for t in transitions_of(planned)] == ["record"]


def test_a_future_reception_cannot_be_recorded_as_held(client, staff, station, today):
    planned = ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today + timedelta(days=3))
    client.force_login(staff)
    response = client.post(
        reverse("liaison:reception_record", args=[planned.pk]),
        {"date": (today + timedelta(days=3)).isoformat(), "place": "某地", "residents_received": 3},
    )
    assert response.context["form"].errors["date"] == [_zh(services.RECEPTION_IN_FUTURE)]
    planned.refresh_from_db()
    assert (planned.state, planned.residents_received) == (Reception.State.PLANNED, 8)


def test_the_service_refuses_a_future_date_and_a_negative_count_and_saves_nothing(staff, station, today):
    planned = ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today)
    with pytest.raises(services.ValidationError) as exc:
        services.reception_record(
            reception=planned,
            date=today + timedelta(days=1),
            place="某地",
            point=None,
            residents_received=-1,
            by=staff,
        )
    assert exc.value.message_dict == {
        "date": [str(services.RECEPTION_IN_FUTURE)],
        "residents_received": [str(services.RESIDENTS_NEGATIVE)],
    }
    planned.refresh_from_db()
    assert planned.state == Reception.State.PLANNED
    assert not transitions_of(planned).exists()


def test_a_cancelled_reception_cannot_be_recorded(staff, station, today):
    cancelled = ReceptionFactory(station=station, state=Reception.State.CANCELLED, date=today)
    with pytest.raises(services.IllegalMove):
        services.reception_record(
            reception=cancelled, date=today, place="某地", point=None, residents_received=1, by=staff
        )


def test_staff_correct_the_record_of_a_held_reception(client, staff, reception, today):
    client.force_login(staff)
    response = client.post(
        reverse("liaison:reception_record", args=[reception.pk]),
        {"date": reception.date.isoformat(), "place": reception.place, "residents_received": 20},
    )
    assert response.status_code == 302
    reception.refresh_from_db()
    assert (reception.state, reception.residents_received) == (Reception.State.HELD, 20)


# Recording by a deputy ------------------------------------------------------------------------------


def _own(client, **changes):
    data = {
        "date": timezone.localdate().isoformat(),
        "place": "桑峨村村委会",
        "point": "",
        "residents_received": 6,
        "notes": "群众反映道路问题",
    }
    data.update(changes)
    return client.post(reverse("liaison:reception_record_own"), data)


def test_a_deputy_records_a_reception_they_attended_and_is_present_automatically(
    client, deputy, me, station, point
):
    client.force_login(deputy)
    response = _own(client, point=point.pk)
    reception = Reception.objects.get(place="桑峨村村委会")
    assert response.url == reception.get_absolute_url()
    assert (reception.station, reception.point, reception.state) == (station, point, Reception.State.HELD)
    assert list(reception.present.all()) == [me]
    assert reception.recorded_by == deputy
    assert reception.residents_received == 6
    [transition] = transitions_of(reception)
    assert (transition.action, transition.by) == ("record", deputy)


def test_a_deputy_cannot_record_a_future_reception(client, deputy, me):
    client.force_login(deputy)
    response = _own(client, date=(timezone.localdate() + timedelta(days=1)).isoformat())
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [_zh(services.RECEPTION_IN_FUTURE)]
    assert not Reception.objects.exists()


def test_a_negative_number_of_residents_is_refused_at_the_field(client, deputy, me):
    client.force_login(deputy)
    response = _own(client, residents_received=-3)
    assert response.context["form"].errors["residents_received"] == [_zh(services.RESIDENTS_NEGATIVE)]
    assert not Reception.objects.exists()


def test_a_deputy_cannot_record_at_a_point_of_another_station(client, deputy, me, point2):
    client.force_login(deputy)
    response = _own(client, point=point2.pk)
    assert "point" in response.context["form"].errors
    assert not Reception.objects.exists()


def test_a_deputy_records_a_planned_reception_of_their_station(client, deputy, me, station, today):
    planned = ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today, present=[])
    client.force_login(deputy)
    response = client.post(
        reverse("liaison:reception_record", args=[planned.pk]),
        {"date": today.isoformat(), "place": planned.place, "residents_received": 4},
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert planned.state == Reception.State.HELD
    assert list(planned.present.all()) == [me]


# The ledger -----------------------------------------------------------------------------------------


def test_a_deputy_sees_their_stations_receptions_and_those_they_attended(
    client, deputy, me, reception, reception2, station2
):
    visited = ReceptionFactory(station=station2, place="应邀参加", present=[me])
    client.force_login(deputy)
    response = client.get(reverse("liaison:receptions"))
    assert set(response.context["page_obj"]) == {reception, visited}
    assert reception2 not in response.context["page_obj"]


def test_staff_and_directors_see_every_reception(client, director, reception, reception2):
    client.force_login(director)
    response = client.get(reverse("liaison:receptions"))
    assert set(response.context["page_obj"]) == {reception, reception2}


def test_reception_filters(client, staff, station, station2):
    jan = ReceptionFactory(station=station, date=timezone.localdate().replace(month=1, day=12))
    feb = ReceptionFactory(station=station, date=timezone.localdate().replace(month=2, day=12))
    other = ReceptionFactory(station=station2, date=timezone.localdate().replace(month=1, day=20))
    planned = ReceptionFactory(
        station=station, state=Reception.State.PLANNED, date=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(staff)

    def rows(**query):
        return set(client.get(reverse("liaison:receptions"), query).context["page_obj"])

    assert rows(station=station.pk) == {jan, feb, planned}
    assert rows(month=1) == {jan, other} | ({planned} if planned.date.month == 1 else set())
    assert rows(year=timezone.localdate().year, station=station2.pk) == {other}
    assert rows(state="planned") == {planned}
    assert rows(state="planned", period="past") == {planned}
    assert rows(period="upcoming") == set()


def test_a_deputy_filters_the_receptions_they_are_on_duty_for(client, deputy, me, station, today):
    mine = ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today, on_duty=[me])
    ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today)
    client.force_login(deputy)
    response = client.get(
        reverse("liaison:receptions"), {"state": "planned", "period": "upcoming", "on_duty": "me"}
    )
    assert list(response.context["page_obj"]) == [mine]


def test_only_deputies_get_the_on_duty_filter(client, staff):
    client.force_login(staff)
    assert "on_duty" not in client.get(reverse("liaison:receptions")).context["filter"].form.fields
