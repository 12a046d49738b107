"""The dashboard's figures on a hand-counted year (tests/dashboard/data.py), and the term filter."""

import json
from datetime import date

import pytest
import time_machine
from django.utils import translation

from dashboard.figures import figures
from liaison.models import Opinion
from tests.dashboard.data import TODAY, build_small_year
from tests.factories import TermFactory
from tests.proposals.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        yield


@pytest.fixture
def year():
    return build_small_year()


@pytest.fixture
def figs(year):
    with translation.override("en"):
        return figures(year=2026, today=TODAY)


def test_the_figures_are_plain_json(figs):
    assert json.loads(json.dumps(figs)) == figs
    assert figs["year"] == 2026
    assert figs["previous_year"] == 2025
    assert figs["as_of"] == "2026-11-30"
    assert figs["term"] is None


def test_suggestion_counts(figs):
    s = figs["suggestions"]
    assert (s["received"]["value"], s["received"]["previous"]) == (5, 1)
    assert s["assigned"]["value"] == 4
    assert s["replied"]["value"] == 2  # the re-handled one owes a reply again
    assert (s["on_time"]["value"], s["on_time"]["share"]) == (1, 25.0)
    assert s["on_time"]["previous_share"] == 100.0
    for key in ("consultation", "satisfaction"):
        assert (s[key]["value"], s[key]["whole"], s[key]["share"]) == (1, 2, 50.0), key
    assert s["satisfaction"]["previous_share"] == 100.0
    assert s["rehandled"]["value"] == 1


def test_outcome_shares_are_of_the_suggestions_with_a_category(figs):
    outcomes = {o["code"]: (o["value"], o["share"]) for o in figs["suggestions"]["outcomes"]}
    assert outcomes == {"A": (1, 33.3), "B": (1, 33.3), "C": (1, 33.3), "D": (0, 0.0)}
    labels = [o["label"] for o in figs["suggestions"]["outcomes"]]
    assert labels[0] == "A 已解决或基本解决"


def test_overdue_suggestions_by_lead_unit(figs):
    overdue = figs["suggestions"]["overdue"]
    assert overdue["value"] == 1
    assert [(r["label"], r["value"]) for r in overdue["by_unit"]] == [("县交通运输局", 1)]


def test_supervision_counts(figs):
    sv = figs["supervision"]
    assert {r["code"]: r["value"] for r in sv["activities"]["by_kind"] if r["value"]} == {
        "work_report": 1,
        "survey": 1,
    }
    assert sv["activities"]["value"] == 2
    assert {r["code"]: r["value"] for r in sv["opinions"]["by_state"] if r["value"]} == {"sent": 1}
    assert {r["code"]: r["value"] for r in sv["items"]["by_state"]} == {
        "not_started": 1,
        "in_progress": 1,
        "done": 1,
        "verified": 0,
    }
    assert [(r["label"], r["value"]) for r in sv["items_overdue"]["by_unit"]] == [("县农业农村局", 1)]


def test_liaison_counts_per_station(figs):
    li = figs["liaison"]
    rows = {
        r["label"]: (r["receptions"], r["opinions"], r["closed"], r["closed_share"]) for r in li["stations"]
    }
    assert rows["测试一号联络站"] == (2, 3, 1, 33.3)
    assert rows["测试二号联络站"] == (0, 0, 0, None)
    assert (li["receptions"]["value"], li["opinions"]["value"], li["closed"]["value"]) == (2, 3, 1)


def test_deputies_taking_part(figs):
    de = figs["deputies"]
    assert de["total"]["value"] == 3  # the resigned deputy is not counted
    assert (de["suggestion"]["value"], de["suggestion"]["share"]) == (2, 66.7)  # d1 leads, d2 co-signs
    assert (de["activity"]["value"], de["activity"]["share"]) == (1, 33.3)
    assert (de["training"]["value"], de["training"]["share"]) == (1, 33.3)


def test_articles_per_month_in_local_time(figs):
    months = {m["month"]: m["value"] for m in figs["publicity"]["per_month"]}
    assert months[3] == 2  # 31 March 23:30 in Ji County is still March
    assert months[11] == 1
    assert sum(months.values()) == figs["publicity"]["articles"]["value"] == 3
    assert len(months) == 12


def test_a_term_narrows_the_suggestions(year):
    other = TermFactory(number=15, name="第十五届")
    SuggestionFactory(term=other, lead_deputy=year.deputies[0])
    assert figures(year=2026, today=TODAY)["suggestions"]["received"]["value"] == 6
    narrowed = figures(year=2026, term=year.term, today=TODAY)
    assert narrowed["suggestions"]["received"]["value"] == 5
    assert narrowed["term"] == {"id": year.term.pk, "name": "第十六届"}
    assert f"term={year.term.pk}" in narrowed["suggestions"]["received"]["url"]
    # The term may be given by its pk too.
    assert figures(year=2026, term=other.pk, today=TODAY)["suggestions"]["received"]["value"] == 1


def test_an_empty_year_has_zeros_and_no_shares(year):
    figs = figures(year=2030, today=date(2030, 1, 2))
    s = figs["suggestions"]
    assert s["received"]["value"] == 0
    # The ledger offers no year without suggestions: the zeros link nowhere rather than to every row.
    assert s["received"]["url"] == s["on_time"]["url"] == ""
    assert s["received"]["previous_url"] == ""
    assert s["on_time"]["share"] is None
    assert s["satisfaction"]["share"] is None
    assert figs["liaison"]["closed"]["share"] is None
    assert figs["publicity"]["articles"]["value"] == 0


def test_an_opinion_closed_later_changes_the_live_figures(year, figs):
    Opinion.objects.filter(state=Opinion.State.RECORDED).update(state=Opinion.State.CLOSED)
    assert figures(year=2026, today=TODAY)["liaison"]["closed"]["value"] == 3
    assert figs["liaison"]["closed"]["value"] == 1


def test_the_page_lists_the_units_with_the_most_and_counts_the_rest():
    from dashboard.figures import PAGE_ROWS
    from tests.dashboard.data import _assigned
    from tests.factories import UnitFactory

    TermFactory(number=16, name="第十六届", is_current=True)
    units = [UnitFactory(name=f"县测试局{n:02d}") for n in range(PAGE_ROWS + 2)]
    for n, unit in enumerate(units):
        for _ in range(3 if n == 5 else 1):  # 县测试局05 is the most overdue
            _assigned(lead_unit=unit, state="in_progress")
    page = figures(year=2026, today=TODAY, limit=PAGE_ROWS)["suggestions"]["overdue"]
    assert len(page["by_unit"]) == PAGE_ROWS
    assert (page["by_unit"][0]["label"], page["by_unit"][0]["value"]) == ("县测试局05", 3)
    assert (page["value"], page["more"]) == (PAGE_ROWS + 4, 2)  # every unit's overdue suggestions
    full = figures(year=2026, today=TODAY)["suggestions"]["overdue"]
    assert (len(full["by_unit"]), full["value"], full["more"]) == (PAGE_ROWS + 2, PAGE_ROWS + 4, 0)


def test_the_page_lists_the_busiest_stations_and_sums_the_rest_in_one_row():
    from dashboard.figures import PAGE_ROWS
    from liaison.models import Reception
    from tests.liaison.factories import ReceptionFactory, StationFactory

    stations = [StationFactory(name=f"测试{n:02d}号联络站", sort_order=n) for n in range(PAGE_ROWS + 3)]
    for n, station in enumerate(stations):
        for _ in range(2 if n >= 3 else 1):  # the first three in the committee's order are the quietest
            ReceptionFactory(station=station, date=date(2026, 5, 10))
    ReceptionFactory(station=stations[0], date=date(2026, 6, 10), state=Reception.State.PLANNED)
    li = figures(year=2026, today=TODAY, limit=PAGE_ROWS)["liaison"]
    assert [r["label"] for r in li["stations"]] == [s.name for s in stations[3:]]
    assert li["others"] == {"stations": 3, "receptions": 3, "opinions": 0, "closed": 0, "closed_share": None}
    assert li["receptions"]["value"] == 2 * PAGE_ROWS + 3  # the total is of every station
    # A county's stations all fit: every one, in the committee's order, and no row for the rest.
    full = figures(year=2026, today=TODAY)["liaison"]
    assert [r["label"] for r in full["stations"]] == [s.name for s in stations]
    assert full["others"] is None
