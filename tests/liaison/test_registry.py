"""What the liaison app puts into core's registries: menu entries, work-queue items, duty-record sections."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.models import Opinion, Reception
from renda.core.registry import registry
from tests.liaison.factories import OpinionFactory, ReceptionFactory

pytestmark = pytest.mark.django_db


def _queue(user):
    return {str(item.label): item for item in registry.queue_for(user)}


def _nav(user):
    return {entry.key for entry in registry.nav_for(user)}


def test_menu_entries_per_role(users):
    assert {"liaison"} <= _nav(users["staff"])
    assert {"liaison"} <= _nav(users["director"])
    assert "liaison.my_station" in _nav(users["deputy"])
    assert "liaison" not in _nav(users["deputy"])
    assert "liaison.unit_opinions" in _nav(users["unit_user"])
    assert "liaison" not in _nav(users["unit_user"])


def test_staff_queue_counts_routing_overdue_and_unrecorded_receptions(staff, station, reception, unit_user):
    today = timezone.localdate()
    OpinionFactory.create_batch(2, reception=reception)
    OpinionFactory(
        reception=reception,
        state=Opinion.State.FORWARDED,
        unit=unit_user.unit,
        due_date=today - timedelta(days=1),
    )
    OpinionFactory(reception=reception, state=Opinion.State.FORWARDED, unit=unit_user.unit, due_date=today)
    ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today - timedelta(days=2))
    ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today + timedelta(days=2))

    items = list(registry.queue_for(staff))
    # Keyed by the whole link: other apps' items may use the same query strings.
    counts = {item.url: item.count for item in items}
    opinions, receptions = reverse("liaison:opinions"), reverse("liaison:receptions")
    assert counts[f"{opinions}?state=recorded"] == 2
    assert counts[f"{opinions}?overdue=1"] == 1
    assert counts[f"{receptions}?state=planned&period=past"] == 1


def test_unit_queue_counts_forwarded_opinions_with_the_overdue_ones(unit_user, unit2_user, reception):
    today = timezone.localdate()
    OpinionFactory(
        reception=reception,
        state=Opinion.State.FORWARDED,
        unit=unit_user.unit,
        due_date=today - timedelta(days=1),
    )
    OpinionFactory(
        reception=reception,
        state=Opinion.State.FORWARDED,
        unit=unit_user.unit,
        due_date=today + timedelta(days=5),
    )
    OpinionFactory(reception=reception, state=Opinion.State.FORWARDED, unit=unit2_user.unit, due_date=today)

    [item] = [i for i in registry.queue_for(unit_user) if i.url.startswith(reverse("liaison:opinions"))]
    assert item.count == 2
    assert item.level == "danger"
    assert "1" in str(item.hint)


def test_deputy_queue_counts_planned_receptions_on_duty_in_the_next_30_days(deputy, me, station):
    today = timezone.localdate()
    ReceptionFactory(
        station=station, state=Reception.State.PLANNED, date=today + timedelta(days=3), on_duty=[me]
    )
    ReceptionFactory(
        station=station, state=Reception.State.PLANNED, date=today + timedelta(days=40), on_duty=[me]
    )
    ReceptionFactory(station=station, state=Reception.State.PLANNED, date=today + timedelta(days=3))
    [item] = [i for i in registry.queue_for(deputy) if i.url.startswith(reverse("liaison:receptions"))]
    assert item.count == 1


def test_roles_without_liaison_work_get_no_liaison_items(director):
    assert not [i for i in registry.queue_for(director) if "/liaison/" in i.url]


def test_duty_record_sections(me, station, point, reception, staff):
    OpinionFactory.create_batch(2, reception=reception)
    OpinionFactory(reception=reception, state=Opinion.State.CLOSED, feedback="已反馈")
    ReceptionFactory(station=station, date=reception.date.replace(year=reception.date.year - 1), present=[me])

    sections = {s.key: s for s in registry.duty_record(me)}
    assignment = sections["liaison.assignment"]
    assert assignment.rows == [[station.name, point.name, str(station.township)]]
    receptions = sections["liaison.receptions"]
    assert receptions.count == 2
    assert receptions.rows[0] == [reception.date, station.name, "", reception.residents_received]
    opinions = sections["liaison.opinions"]
    assert opinions.count == 3
    assert {row[0]: row[1] for row in opinions.rows}[str(Opinion.State.RECORDED.label)] == 2

    this_year = {s.key: s for s in registry.duty_record(me, year=reception.date.year)}
    assert this_year["liaison.receptions"].count == 1


def test_duty_record_sections_render(me, reception):
    from django.template.loader import render_to_string

    for section in registry.duty_record(me):
        if section.key.startswith("liaison."):
            html = render_to_string(section.template, section.context)
            assert html.strip()
    html = render_to_string(
        "liaison/_duty_receptions.html",
        {s.key: s for s in registry.duty_record(me)}["liaison.receptions"].context,
    )
    assert reception.date.strftime("%Y-%m-%d") in html
