"""Snapshots: the dashboard's figures frozen on a day for the meeting papers."""

import io

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from dashboard.figures import figures
from dashboard.models import Snapshot
from dashboard.services import take_snapshot
from proposals.models import State, Suggestion
from tests.dashboard.data import TODAY, build_small_year
from tests.proposals.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        yield


@pytest.fixture
def year():
    return build_small_year()


def test_a_snapshot_stores_the_figures_of_the_day(year, staff):
    snapshot = take_snapshot(title="第二十五次主任会议", year=2026, term=year.term, user=staff)
    snapshot.refresh_from_db()
    assert snapshot.taken_on == TODAY
    assert snapshot.term == year.term
    assert snapshot.taken_by == staff
    assert snapshot.figures == figures(year=2026, term=year.term, today=TODAY)


def test_a_snapshot_does_not_change_when_the_data_does(year, staff, login):
    snapshot = take_snapshot(title="第二十五次主任会议", year=2026, user=staff)
    Suggestion.objects.filter(state=State.IN_PROGRESS).update(state=State.REPLIED, replied_at=TODAY)
    SuggestionFactory(lead_deputy=year.deputies[0])
    assert figures(year=2026, today=TODAY)["suggestions"]["received"]["value"] == 6

    snapshot = Snapshot.objects.get(pk=snapshot.pk)
    assert snapshot.figures["suggestions"]["received"]["value"] == 5
    assert snapshot.figures["suggestions"]["overdue"]["value"] == 1
    response = login(staff).get(reverse("dashboard:snapshot", args=[snapshot.pk]))
    assert response.status_code == 200
    assert response.context["snapshot"].figures["suggestions"]["replied"]["value"] == 2
    assert "dashboard/_figures.html" in [t.name for t in response.templates]


def test_staff_and_directors_take_a_snapshot_from_the_dashboard(year, director, login):
    client = login(director)
    response = client.post(
        reverse("dashboard:snapshot_create"), {"title": " 主任会议材料 ", "year": 2026, "term": year.term.pk}
    )
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("dashboard:snapshot", args=[snapshot.pk])
    assert (snapshot.title, snapshot.year, snapshot.term, snapshot.taken_by) == (
        "主任会议材料",
        2026,
        year.term,
        director,
    )
    listed = client.get(reverse("dashboard:snapshots"))
    assert list(listed.context["page_obj"]) == [snapshot]


def test_a_snapshot_needs_a_title_and_a_year(director, login):
    with translation.override("en"):
        response = login(director).post(reverse("dashboard:snapshot_create"), {"title": "  ", "year": "x"})
    assert response.status_code == 400
    assert Snapshot.objects.count() == 0
    assert set(response.context["form"].errors) == {"title", "year"}


@pytest.mark.parametrize("who", ["deputy", "unit_user"])
def test_deputies_and_units_cannot_take_or_see_snapshots(users, who, login, staff):
    snapshot = take_snapshot(title="材料", year=2026, user=staff)
    client = login(users[who])
    assert client.post(reverse("dashboard:snapshot_create"), {"title": "x", "year": 2026}).status_code == 403
    assert client.get(reverse("dashboard:snapshot", args=[snapshot.pk])).status_code == 403
    assert Snapshot.objects.count() == 1


def test_taking_a_snapshot_needs_a_post(director, login):
    assert login(director).get(reverse("dashboard:snapshot_create")).status_code == 405


def test_a_missing_snapshot_is_404(director, login):
    assert login(director).get(reverse("dashboard:snapshot", args=[999])).status_code == 404


def test_a_snapshot_exports_its_frozen_figures(year, staff, login):
    snapshot = take_snapshot(title="材料", year=2026, user=staff)
    SuggestionFactory(lead_deputy=year.deputies[0])
    response = login(staff).get(reverse("dashboard:snapshot_export", args=[snapshot.pk]))
    book = load_workbook(io.BytesIO(response.content))
    first = next(book.worksheets[0].iter_rows(min_row=2, max_row=2, values_only=True))
    assert first[1] == 5


def test_the_partial_renders_a_frozen_snapshot_on_its_own(year, staff):
    """The meetings app's papers pack includes the partial with a snapshot's figures only."""
    snapshot = take_snapshot(title="材料", year=2026, user=staff)
    with translation.override("en"):
        html = render_to_string("dashboard/_figures.html", {"figures": snapshot.figures})
    assert "Deputies&#x27; suggestions" in html or "Deputies' suggestions" in html
    assert snapshot.figures["suggestions"]["on_time"]["url"].replace("&", "&amp;") in html
    assert "测试一号联络站" in html
    assert "25.0%" in html
    assert "November 30, 2026" in html or "Nov. 30, 2026" in html
