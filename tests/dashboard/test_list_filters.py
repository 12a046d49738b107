"""The filters added to the apps' lists for the dashboard's links: the suggestion ledger's term, lead
unit, assigned, replied, on time, consultation, rated, satisfaction, outcome and re-handled filters, and
the year of the constituent-opinion list."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from proposals.filters import LedgerFilter
from proposals.models import Suggestion
from tests.dashboard.data import build_small_year
from tests.factories import TermFactory
from tests.proposals.factories import CoHandlingFactory, SuggestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        yield


@pytest.fixture
def year():
    return build_small_year()


def _states(params) -> set[str]:
    qs = Suggestion.objects.exclude(state="draft")
    return set(LedgerFilter(params, queryset=qs, today=date(2026, 11, 30)).qs.values_list("state", flat=True))


def test_each_figure_filter_keeps_its_rows(year):
    assert _states({"year": "2026", "assigned": "1"}) == {"evaluated", "replied", "in_progress", "rehandling"}
    assert _states({"year": "2026", "replied": "1"}) == {"evaluated", "replied"}
    assert _states({"year": "2026", "on_time": "1"}) == {"evaluated"}
    assert _states({"year": "2026", "consulted": "1"}) == {"evaluated", "rehandling"}
    assert _states({"year": "2026", "rated": "1"}) == {"evaluated", "rehandling"}
    assert _states({"year": "2026", "satisfaction": ["satisfied", "basically"]}) == {"evaluated"}
    assert _states({"year": "2026", "outcome": "C"}) == {"rehandling"}
    assert _states({"year": "2026", "rehandled": "1"}) == {"rehandling"}


def test_an_unticked_filter_keeps_everything(year):
    assert len(_states({"year": "2026", "on_time": "", "rehandled": ""})) == 5


def test_the_lead_unit_filter_leaves_out_co_handled_suggestions(year):
    led = Suggestion.objects.filter(lead_unit=year.unit2).count()
    CoHandlingFactory(suggestion=Suggestion.objects.filter(lead_unit=year.unit).first(), unit=year.unit2)
    qs = Suggestion.objects.exclude(state="draft")
    assert LedgerFilter({"lead_unit": year.unit2.pk}, queryset=qs).qs.count() == led
    assert LedgerFilter({"unit": year.unit2.pk}, queryset=qs).qs.count() == led + 1


def test_the_term_filter(year):
    SuggestionFactory(term=TermFactory(number=15, name="第十五届"), lead_deputy=year.deputies[0])
    qs = Suggestion.objects.exclude(state="draft")
    assert LedgerFilter({"term": year.term.pk}, queryset=qs).qs.count() == 6  # five of 2026, one of 2025
    assert LedgerFilter({}, queryset=qs).qs.count() == 7


def test_the_print_view_names_the_satisfaction_filter(login, staff, year):
    response = login(staff).get(
        reverse("proposals:ledger_print"), {"satisfaction": ["satisfied", "basically"], "on_time": "1"}
    )
    assert response.status_code == 200
    summary = dict(response.context["summary"])
    # The page speaks Chinese by default: compare with the same catalog.
    with translation.override("zh-hans"):
        satisfaction, on_time = gettext("Satisfaction"), gettext("Replied on time only")
        rated = f"{gettext('Satisfied')}、{gettext('Basically satisfied')}"
    assert summary[satisfaction] == rated
    assert on_time in summary


def test_the_opinion_list_filters_by_year(login, staff, year):
    response = login(staff).get(reverse("liaison:opinions"), {"year": 2026})
    assert response.context["filter"].qs.count() == 3
    response = login(staff).get(reverse("liaison:opinions"), {"year": 2025})
    assert response.context["filter"].qs.count() == 1


def test_the_ledger_shows_and_keeps_a_filter_it_has_no_control_for(login, staff, year):
    """A dashboard figure links with on_time=1; the ledger names it, keeps it when the form is sent
    again, and offers a link without it."""
    client = login(staff)
    response = client.get(reverse("proposals:ledger"), {"year": "2026", "on_time": "1", "page": "1"})
    assert response.status_code == 200
    others = response.context["other_filters"]
    assert [o["name"] for o in others] == ["on_time"]  # year has its own control
    assert others[0]["values"] == ["1"]
    assert others[0]["without"] == "year=2026"
    page = response.content.decode()
    assert '<input type="hidden" name="on_time" value="1">' in page
    with translation.override("zh-hans"):
        assert gettext("Replied on time only") in page
    shown = response.context["page_obj"].paginator.count
    without = client.get(reverse("proposals:ledger"), {"year": "2026"}).context["page_obj"].paginator.count
    assert shown < without


def test_the_ledger_without_extra_filters_shows_no_such_line(login, staff, year):
    response = login(staff).get(reverse("proposals:ledger"), {"year": "2026", "overdue": "1"})
    assert response.context["other_filters"] == []
