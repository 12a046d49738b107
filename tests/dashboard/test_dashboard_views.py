"""The director meeting's dashboard page: who may open it, what it shows, its .xlsx, its links to the
rows behind each figure, and a number of queries that does not grow with the data."""

import io
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import load_workbook

from dashboard.figures import figures
from tests.dashboard.data import TODAY, build_bulk, build_small_year

pytestmark = pytest.mark.django_db

URL = reverse("dashboard:index")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        yield


@pytest.fixture
def year():
    return build_small_year()


# --- Access -------------------------------------------------------------------------------------

PAGES = [
    URL,
    reverse("dashboard:export"),
    reverse("dashboard:snapshots"),
    reverse("dashboard:activities"),
    reverse("dashboard:opinions"),
    reverse("dashboard:deputies"),
    reverse("dashboard:articles"),
]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_is_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["deputy", "unit_user"])
def test_deputies_and_units_are_refused(login, users, who, path):
    assert login(users[who]).get(path).status_code == 403


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("who", ["director", "staff", "admin"])
def test_directors_staff_and_admins_open_every_page(login, users, who, path):
    assert login(users[who]).get(path).status_code == 200


# --- The page -----------------------------------------------------------------------------------


def test_the_page_shows_this_years_figures_by_default(login, director, year):
    response = login(director).get(URL)
    figs = response.context["figures"]
    assert figs["year"] == 2026
    assert figs["suggestions"]["received"]["value"] == 5
    html = response.content.decode()
    # Every figure is a link to its rows; the charts get their data through json_script.
    assert f'href="{figs["suggestions"]["on_time"]["url"]}"'.replace("&", "&amp;") in html
    assert 'id="dashboard-charts"' in html
    assert "js/dashboard.js" in html
    assert "vendor/echarts/echarts.min.js" in html
    assert "<script>" not in html  # nothing inline: the CSP stays strict


def test_the_year_and_term_can_be_chosen(login, director, year):
    response = login(director).get(URL, {"year": 2025, "term": year.term.pk})
    figs = response.context["figures"]
    assert (figs["year"], figs["term"]["id"]) == (2025, year.term.pk)
    assert figs["suggestions"]["received"]["value"] == 1


def test_a_year_that_makes_no_sense_shows_this_year(login, director, year):
    response = login(director).get(URL, {"year": "1900x"})
    assert response.status_code == 200
    assert response.context["figures"]["year"] == 2026


def test_the_reference_overview_stays_on_the_page(login, director):
    response = login(director).get(URL)
    assert "accounts_by_role" in response.context["overview"]
    assert reverse("dashboard:overdue") in response.content.decode()


def test_the_export_holds_the_figures(login, director, year):
    response = login(director).get(reverse("dashboard:export"), {"year": 2026})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    # The file speaks the page's language (Chinese by default): compare with the same catalog.
    with translation.override("zh-hans"):
        sheets = [gettext("Suggestions"), gettext("Outcome categories"), gettext("Liaison stations")]
        received, on_time = pgettext("dashboard", "Received"), gettext("Replied on time")
        satisfied = gettext("Satisfied or basically satisfied")
    assert set(sheets) <= set(book.sheetnames)
    rows = {r[0]: r[1:] for r in book[sheets[0]].iter_rows(min_row=2, values_only=True)}
    assert rows[received][0] == 5
    assert rows[received][2] == 1  # 2025
    assert rows[on_time][:2] == (1, 25)
    assert rows[satisfied][:2] == (1, 50)
    outcomes = [r[1] for r in book[sheets[1]].iter_rows(min_row=2, values_only=True)]
    assert outcomes == [1, 1, 1, 0]
    stations = {r[0]: r[1:] for r in book[sheets[2]].iter_rows(min_row=2, values_only=True)}
    assert stations["测试一号联络站"] == (2, 3, 1, 33.3)
    months = [r[1] for r in book.worksheets[-1].iter_rows(min_row=2, values_only=True)]
    assert months[2] == 2 and months[-1] == 3


def test_the_page_lists_the_units_with_the_most_and_the_export_every_unit(login, director, year):
    from dashboard.figures import PAGE_ROWS
    from tests.dashboard.data import _assigned
    from tests.factories import UnitFactory

    for n in range(PAGE_ROWS + 1):
        _assigned(lead_unit=UnitFactory(name=f"县测试局{n:02d}"), state="in_progress")
    client = login(director)
    overdue = client.get(URL).context["figures"]["suggestions"]["overdue"]
    # year's own overdue suggestion (县交通运输局) makes PAGE_ROWS + 2 units.
    assert (len(overdue["by_unit"]), overdue["more"], overdue["value"]) == (PAGE_ROWS, 2, PAGE_ROWS + 2)
    book = load_workbook(io.BytesIO(client.get(reverse("dashboard:export"), {"year": 2026}).content))
    with translation.override("zh-hans"):
        sheet = book[gettext("Overdue suggestions by unit")]
    assert len(list(sheet.iter_rows(min_row=2))) == PAGE_ROWS + 2


# --- Every figure opens its rows ------------------------------------------------------------------


def _count_behind(client, url):
    """How many rows the list at `url` shows in all (over every page)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def test_suggestion_figures_open_exactly_their_rows(login, director, year):
    client = login(director)
    s = figures(year=2026, today=TODAY)["suggestions"]
    for key in ("received", "assigned", "replied", "on_time", "consultation", "satisfaction", "rehandled"):
        assert _count_behind(client, s[key]["url"]) == s[key]["value"], key
    assert _count_behind(client, s["satisfaction"]["whole_url"]) == s["satisfaction"]["whole"]
    for key in ("received", "on_time", "satisfaction"):
        assert _count_behind(client, s[key]["previous_url"]) == s[key]["previous"] == 1, key
    for outcome in s["outcomes"]:
        assert _count_behind(client, outcome["url"]) == outcome["value"], outcome["code"]
    assert _count_behind(client, s["overdue"]["url"]) == 1
    for row in s["overdue"]["by_unit"]:
        assert _count_behind(client, row["url"]) == row["value"]


def test_a_unit_row_counts_only_what_the_unit_leads(login, director, year):
    """A unit co-handling an overdue suggestion it does not lead is not counted on the lead's row."""
    from tests.proposals.factories import CoHandlingFactory

    overdue = figures(year=2026, today=TODAY)["suggestions"]["overdue"]["by_unit"][0]
    from proposals.models import Suggestion

    late = Suggestion.objects.overdue(today=TODAY).get()
    CoHandlingFactory(suggestion=late, unit=year.unit)
    mine = figures(year=2026, today=TODAY)["suggestions"]["overdue"]["by_unit"]
    assert [(r["label"], r["value"]) for r in mine] == [(overdue["label"], 1)]
    assert _count_behind(login(director), mine[0]["url"]) == 1


def test_supervision_figures_open_exactly_their_rows(login, director, year):
    client = login(director)
    sv = figures(year=2026, today=TODAY)["supervision"]
    for group, rows in (
        ("activities", sv["activities"]["by_kind"]),
        ("opinions", sv["opinions"]["by_state"]),
        ("items", sv["items"]["by_state"]),
        ("items_overdue", sv["items_overdue"]["by_unit"]),
    ):
        assert _count_behind(client, sv[group]["url"]) == sv[group]["value"], group
        for row in rows:
            assert _count_behind(client, row["url"]) == row["value"], (group, row["label"])


def test_liaison_figures_open_exactly_their_rows(login, director, year):
    client = login(director)
    li = figures(year=2026, today=TODAY)["liaison"]
    for row in li["stations"]:
        assert _count_behind(client, row["receptions_url"]) == row["receptions"]
        assert _count_behind(client, row["opinions_url"]) == row["opinions"]
        assert _count_behind(client, row["closed_url"]) == row["closed"]
    assert _count_behind(client, li["closed"]["url"]) == li["closed"]["value"]


def test_deputy_and_article_figures_open_exactly_their_rows(login, director, year):
    client = login(director)
    figs = figures(year=2026, today=TODAY)
    de = figs["deputies"]
    for key in ("total", "suggestion", "activity", "training"):
        assert _count_behind(client, de[key]["url"]) == de[key]["value"], key
    response = client.get(de["training"]["url"])
    assert [d.name for d in response.context["page_obj"]] == ["测丙"]
    pu = figs["publicity"]
    for month in pu["per_month"]:
        assert _count_behind(client, month["url"]) == month["value"], month["month"]
    assert _count_behind(client, pu["articles"]["url"]) == 3


def test_the_links_stay_inside_the_site(year):
    figs = figures(year=2026, today=TODAY)
    urls = [figs["suggestions"]["received"]["url"], figs["liaison"]["stations"][0]["closed_url"]]
    assert all(urlsplit(u).netloc == "" and u.startswith("/") for u in urls)


# --- Queries ------------------------------------------------------------------------------------


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_data(login, director):
    client = login(director)
    build_bulk(2, tag="a")
    client.get(URL)  # the first visit creates the handling policy row
    small = _queries(client)
    build_bulk(8, tag="b")
    large = _queries(client)
    assert small == large
    assert large < 40
