"""Unit scorecards per year and the yearly evaluation notice (测评通报): the figures, their rules,
constant queries, the pages and the workbook."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from proposals.ledger import sort_scorecards, unit_scorecards, year_summary
from proposals.models import Satisfaction, State
from proposals.views.ledger import evaluation_title, score_headers
from tests.factories import UnitFactory
from tests.proposals.factories import (
    ConsultationFactory,
    ProgressUpdateFactory,
    ReplyFactory,
    SuggestionFactory,
)
from tests.proposals.ledger_helpers import assigned

pytestmark = pytest.mark.django_db

SCORECARDS = reverse("proposals:scorecards")


def _replied(unit, *, on, due=date(2026, 6, 2), outcome="A", rating="", state=State.EVALUATED, **fields):
    s = assigned(unit, replied_at=on, reply_due=due, outcome=outcome, state=state, **fields)
    ReplyFactory(suggestion=s, unit=unit, outcome=outcome, replied_at=on, satisfaction=rating)
    return s


@pytest.fixture
def year_2026(unit, unit2):
    """县农业农村局: five suggestions of 2026 in every kind of situation; 县交通运输局: one."""
    on_time = _replied(unit, on=date(2026, 5, 20), rating=Satisfaction.SATISFIED)
    ConsultationFactory(suggestion=on_time, unit=unit, date=date(2026, 3, 20))
    late_implemented = _replied(
        unit, on=date(2026, 6, 10), outcome="B", rating=Satisfaction.BASICALLY, state=State.CLOSED
    )
    ProgressUpdateFactory(suggestion=late_implemented, is_done=True)
    waiting = assigned(unit, state=State.IN_PROGRESS)
    ConsultationFactory(suggestion=waiting, unit=unit)
    rehandling = assigned(
        unit,
        replied_at=date(2026, 5, 1),
        reply_due=date(2026, 7, 1),
        outcome="D",
        satisfaction=Satisfaction.UNSATISFIED,
        rehandling_rounds=1,
        state=State.REHANDLING,
    )
    ReplyFactory(
        suggestion=rehandling, unit=unit, outcome="D", replied_at=date(2026, 5, 1), satisfaction="unsatisfied"
    )
    implementing = _replied(
        unit, on=date(2026, 5, 25), outcome="C", rating=Satisfaction.SATISFIED, state=State.IMPLEMENTING
    )
    ProgressUpdateFactory(suggestion=implementing, is_done=False)
    other = _replied(unit2, on=date(2026, 5, 10), rating=Satisfaction.SATISFIED)
    ConsultationFactory(suggestion=other, unit=unit, date=date(2026, 3, 1))  # not the lead unit's
    ConsultationFactory(suggestion=other, unit=unit2, date=date(2026, 5, 11))  # after the reply
    _replied(unit, on=date(2025, 5, 20), year=2025, rating=Satisfaction.UNSATISFIED)  # another year
    SuggestionFactory(year=2026)  # not assigned: received, not assigned
    return {"unit": unit, "unit2": unit2}


def test_the_figures_follow_the_rules(year_2026):
    cards = {c["name"]: c for c in unit_scorecards(2026)}
    agri = cards["县农业农村局"]
    assert {k: agri[k] for k in ("assigned", "replied", "on_time", "consulted", "rated", "satisfied")} == {
        "assigned": 5,
        "replied": 3,  # in re-handling owes a reply again; in progress has none yet
        "on_time": 2,  # the late one does not count
        "consulted": 1,  # a consultation before the reply
        "rated": 4,  # every rated reply, the unsatisfied one of the re-handled included
        "satisfied": 3,
    }
    assert (agri["bc"], agri["bc_done"], agri["rehandled"]) == (2, 1, 1)
    assert agri["on_time_share"] == 40.0
    assert agri["consulted_share"] == 33.3
    assert agri["satisfaction_share"] == 75.0
    assert agri["implementation_share"] == 50.0
    transport = cards["县交通运输局"]
    assert (transport["assigned"], transport["on_time"], transport["consulted"]) == (1, 1, 0)
    assert transport["consulted_share"] == 0.0
    assert transport["implementation_share"] is None  # no B or C reply: nothing to implement


def test_units_are_ranked_by_satisfaction_then_on_time(year_2026):
    assert [(c["rank"], c["name"]) for c in unit_scorecards(2026)] == [
        (1, "县交通运输局"),
        (2, "县农业农村局"),
    ]


def test_the_year_summary_adds_up_the_units(year_2026):
    cards = unit_scorecards(2026)
    summary = year_summary(2026, cards)
    assert (summary["received"], summary["accepted"], summary["assigned"], summary["units"]) == (7, 6, 6, 2)
    assert summary["on_time"] == 3
    assert summary["satisfaction_share"] == 80.0


@pytest.mark.parametrize("size", [3, 30])
def test_the_scorecards_cost_two_queries_whatever_the_size(size, django_assert_num_queries):
    units = [UnitFactory() for _ in range(3)]
    for i in range(size):
        _replied(units[i % 3], on=date(2026, 5, 20), rating=Satisfaction.SATISFIED)
    with django_assert_num_queries(2):
        cards = unit_scorecards(2026)
    assert sum(c["assigned"] for c in cards) == size


def test_sorting_by_a_column_and_back_to_the_rank(year_2026):
    cards = unit_scorecards(2026)
    by_assigned, sort = sort_scorecards(cards, "-assigned")
    assert sort == "-assigned"
    assert [c["name"] for c in by_assigned] == ["县农业农村局", "县交通运输局"]
    by_share, _sort = sort_scorecards(cards, "implementation_share")
    assert by_share[-1]["implementation_share"] is None  # no figure: last
    same, sort = sort_scorecards(cards, "password")
    assert (same, sort) == (cards, "")


# --- the pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        SCORECARDS,
        reverse("proposals:evaluation", args=[2026]),
        reverse("proposals:evaluation_xlsx", args=[2026]),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["deputy", "unit_user"])
def test_deputies_and_units_are_refused(client, users, role):
    client.force_login(users[role])
    assert client.get(SCORECARDS).status_code == 403
    assert client.get(reverse("proposals:evaluation", args=[2026])).status_code == 403
    assert client.get(reverse("proposals:evaluation_xlsx", args=[2026])).status_code == 403


@pytest.mark.parametrize("role", ["staff", "director"])
def test_staff_and_directors_see_the_scorecards(client, users, role, year_2026):
    client.force_login(users[role])
    response = client.get(SCORECARDS, {"year": 2026, "sort": "name"})
    assert response.status_code == 200
    assert [c["name"] for c in response.context["cards"]] == sorted(["县农业农村局", "县交通运输局"])


def test_the_scorecards_default_to_the_latest_year(client, staff, year_2026):
    client.force_login(staff)
    assert client.get(SCORECARDS).context["year"] == 2026
    assert client.get(SCORECARDS, {"year": "x"}).context["year"] == 2026


def test_the_evaluation_notice_is_a_printable_page(client, director, year_2026):
    client.force_login(director)
    with translation.override("en"):
        response = client.get(reverse("proposals:evaluation", args=[2026]))
        assert response.status_code == 200
        assert response.context["title"] == evaluation_title(2026)
        assert "2026" in response.context["title"]
    assert [c["rank"] for c in response.context["cards"]] == [1, 2]
    assert response.context["shares"]["satisfaction"] == "80.0%"
    assert "js-print" in response.content.decode()


def test_an_impossible_year_answers_404(client, staff):
    client.force_login(staff)
    assert client.get(reverse("proposals:evaluation", args=[1900])).status_code == 404


def test_the_evaluation_workbook_holds_the_ranked_units(client, staff, year_2026):
    client.force_login(staff)
    with translation.override("en"):
        response = client.get(reverse("proposals:evaluation_xlsx", args=[2026]))
        headers = [str(h) for h in score_headers()]
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = [tuple(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert list(rows[0]) == headers
    assert [r[:3] for r in rows[1:]] == [(1, "县交通运输局", 1), (2, "县农业农村局", 5)]
    assert rows[2][5:9] == (40, 33.3, 75, 50)
