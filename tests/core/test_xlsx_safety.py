"""Every workbook Renda writes stores user text as text: no cell is a formula, and text that a
spreadsheet would run (= + - @ tab CR, OWASP's list) reads back behind an apostrophe."""

import io
from datetime import date, datetime, time

import pytest
import time_machine
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from dashboard.services import take_snapshot
from deputies.models import Level
from liaison.models import Assignment
from publicity.models import Correspondent
from renda.core.models import Unit
from renda.core.xlsx import build_workbook, cell_value
from tests.dashboard.data import build_small_year
from tests.deputies.factories import (
    CampaignEntryFactory,
    CampaignFactory,
    DeputyFactory,
    TrainingFactory,
)
from tests.factories import TermFactory, TownshipFactory, UnitFactory
from tests.liaison.factories import PointFactory, ReceptionFactory, StationFactory
from tests.proposals.factories import SuggestionFactory
from tests.proposals.ledger_helpers import assigned, cohandled, cosign
from tests.publicity.factories import CorrespondentFactory, ExternalPublicationFactory, HonourFactory
from tests.supervision.factories import ActivityFactory, ItemFactory, OpinionFactory, TopicFactory

pytestmark = pytest.mark.django_db

# One payload per first character a spreadsheet treats as the start of a formula.
EQ = '=HYPERLINK("http://x","y")'
PLUS = '+cmd|" /C calc"!A0'
MINUS = '-2+3+cmd|" /C calc"!A0'
AT = '@SUM(1+1)*cmd|" /C calc"!A0'
TAB = "\t=1+1"
CR = "\r=2+2"
PAYLOADS = [EQ, PLUS, MINUS, AT, TAB, CR]
# A CR read back from XML is a line feed; a cell starting with either would have escaped the helper.
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def hostile(payload: str, n: int = 0) -> str:
    """`payload` made unique (names are unique in some tables) without changing its first character."""
    return f"{payload}{n}" if n else payload


def read_back(payload: str) -> str:
    """How a neutralised payload reads back from the file."""
    return "'" + payload.replace("\r", "\n")


def workbook_texts(content: bytes) -> list[str]:
    """Every text cell of the workbook, after checking that no cell at all is a formula or text that a
    spreadsheet would run."""
    book = load_workbook(io.BytesIO(content))  # not data_only: a formula reads back as type "f"
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                where = f"{sheet.title}!{cell.coordinate}"
                assert cell.data_type != "f", f"{where} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGEROUS_STARTS), f"{where}: {cell.value!r}"
                    texts.append(cell.value)
    return texts


def assert_neutralised(response, *payloads: str) -> list[str]:
    """The download is a workbook without formulas in which each payload is a whole cell, neutralised."""
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    texts = workbook_texts(content)
    for payload in payloads:
        assert read_back(payload) in texts, f"{payload!r} is not in the file as {read_back(payload)!r}"
    return texts


# --- the helper --------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(payload):
    assert cell_value(payload) == "'" + payload


@pytest.mark.parametrize(
    "value",
    [-5, 0, 3.25, -0.5, True, False, date(2026, 3, 1), datetime(2026, 3, 1, 8, 30), time(8, 30), None],
)
def test_numbers_dates_and_booleans_stay_typed_values(value):
    assert cell_value(value) is value


@pytest.mark.parametrize(
    "value", ["县农业农村局", "关于加快通村公路建设的建议", "0357-7922345", "'quoted", ""]
)
def test_ordinary_text_is_left_as_it_is(value):
    assert cell_value(value) == value


def test_control_characters_xml_cannot_hold_are_dropped_not_a_failed_download():
    assert cell_value("通村\x0b公路\x00") == "通村公路"


def test_built_workbooks_hold_typed_values_and_neutralised_text():
    content = build_workbook([("Sheet", [EQ, "number"], [[PLUS, -5], [MINUS, 2.5], [AT, date(2026, 1, 2)]])])
    texts = workbook_texts(content)
    assert {read_back(p) for p in (EQ, PLUS, MINUS, AT)} <= set(texts)
    sheet = load_workbook(io.BytesIO(content)).active
    assert [(c.value, c.data_type) for c in sheet["B"][1:]] == [
        (-5, "n"),
        (2.5, "n"),
        (datetime(2026, 1, 2), "d"),
    ]


# --- every export view -------------------------------------------------------------------------

# The downloads of the project (URL names whose route ends in .xlsx) and the test that covers each.
COVERED = {
    "proposals:export": "test_the_suggestion_ledger",
    "proposals:evaluation_xlsx": "test_the_evaluation_scorecards",
    "deputies:export": "test_the_roster",
    "deputies:import_template": "test_the_roster_template",
    "deputies:record_xlsx": "test_the_duty_record",
    "supervision:ledger_export": "test_the_rectification_ledger",
    "publicity:ranking_xlsx": "test_the_correspondents_ranking",
    "dashboard:export": "test_the_dashboard",
    "dashboard:snapshot_export": "test_a_dashboard_snapshot",
}


def _xlsx_routes(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _xlsx_routes(pattern, inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".xlsx"):
            yield f"{namespace}{pattern.name}"


def test_every_xlsx_download_of_the_project_is_covered_here():
    assert set(_xlsx_routes()) == set(COVERED)
    tests = {name for name in globals() if name.startswith("test_")}
    assert set(COVERED.values()) <= tests


def test_the_suggestion_ledger(login, staff):
    term = TermFactory(number=16, name=hostile(EQ, 9), is_current=True)
    township = TownshipFactory(name=TAB)
    lead = DeputyFactory(name=PLUS, township=township)
    suggestion = assigned(UnitFactory(name=AT), title=EQ, lead_deputy=lead, delegation=township, term=term)
    cohandled(suggestion, UnitFactory(name=MINUS))
    cosign(suggestion, DeputyFactory(name=CR))
    response = login(staff).get(reverse("proposals:export"))
    texts = assert_neutralised(response, EQ, PLUS, TAB, AT, MINUS, CR, hostile(EQ, 9))
    # The number starts with the term's name: neutralised as a whole.
    assert any(t.startswith(read_back(hostile(EQ, 9)) + "2026年") for t in texts)


def test_the_evaluation_scorecards(login, staff):
    assigned(UnitFactory(name=EQ))
    assigned(UnitFactory(name=MINUS))
    response = login(staff).get(reverse("proposals:evaluation_xlsx", args=[2026]))
    assert_neutralised(response, EQ, MINUS)


def test_the_roster(login, staff):
    township = TownshipFactory(name=AT)
    DeputyFactory(
        name=EQ,
        ethnicity=PLUS,
        constituency=MINUS,
        township=township,
        occupation=TAB,
        phone="=1+1",
        levels=[Level.COUNTY],
    )
    response = login(staff).get(reverse("deputies:export"))
    assert_neutralised(response, EQ, PLUS, MINUS, AT, TAB, "=1+1")


def test_the_roster_template(login, staff):
    assert_neutralised(login(staff).get(reverse("deputies:import_template")))


def test_the_duty_record(login, staff):
    term = TermFactory(number=16, name="第十六届", is_current=True)
    deputy = DeputyFactory(
        name=EQ,
        ethnicity=PLUS,
        constituency=MINUS,
        occupation=AT,
        township=TownshipFactory(name=TAB),
        levels=[Level.COUNTY],
        levels__term=term,
    )
    TrainingFactory(
        title=hostile(EQ, 1), place=hostile(PLUS, 1), organiser=hostile(MINUS, 1), attendees=[deputy]
    )
    campaign = CampaignFactory(title=hostile(AT, 1), participants=[deputy])
    CampaignEntryFactory(campaign=campaign, deputy=deputy, text=hostile(CR, 1))
    SuggestionFactory(title=hostile(EQ, 2), lead_deputy=deputy)
    ActivityFactory(topic=TopicFactory(title=hostile(PLUS, 2)), place=hostile(MINUS, 2), deputies=[deputy])
    station = StationFactory(name=hostile(AT, 2))
    Assignment.objects.create(deputy=deputy, station=station, point=PointFactory(station=station, name=CR))
    ReceptionFactory(station=station, present=[deputy])
    response = login(staff).get(reverse("deputies:record_xlsx", args=[deputy.pk]))
    assert_neutralised(
        response,
        EQ,
        PLUS,
        MINUS,
        AT,
        TAB,
        hostile(EQ, 1),
        hostile(PLUS, 1),
        hostile(MINUS, 1),
        hostile(AT, 1),
        hostile(CR, 1),
        hostile(EQ, 2),
        hostile(PLUS, 2),
        hostile(MINUS, 2),
        hostile(AT, 2),
        CR,
    )


def test_the_rectification_ledger(login, staff):
    recipient = UnitFactory(name=AT, kind=Unit.Kind.STATE_BODY)
    activity = ActivityFactory(topic=TopicFactory(title=EQ))
    opinion = OpinionFactory(activity=activity, title=PLUS, recipient=recipient, sent=True)
    ItemFactory(opinion=opinion, unit=UnitFactory(name=MINUS), description=TAB)
    response = login(staff).get(reverse("supervision:ledger_export"))
    assert_neutralised(response, EQ, PLUS, AT, MINUS, TAB)


def test_the_correspondents_ranking(login, staff):
    person = CorrespondentFactory(name=EQ, unit=UnitFactory(name=PLUS))
    ExternalPublicationFactory(date=date(2026, 4, 10), outlet=MINUS, correspondents=[person])
    HonourFactory(correspondent=person, year=2026, title=AT)
    assert Correspondent.objects.count() == 1
    response = login(staff).get(reverse("publicity:ranking_xlsx"), {"year": 2026})
    texts = assert_neutralised(response, EQ, PLUS, AT)
    assert any(t.startswith(read_back(MINUS)) for t in texts)  # the outlet with its count


@pytest.fixture
def hostile_year():
    """The dashboard's small year with the units and the station that its figures name renamed."""
    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        year = build_small_year()
        Unit.objects.filter(pk=year.unit.pk).update(name=EQ)
        Unit.objects.filter(pk=year.unit2.pk).update(name=MINUS)
        type(year.station).objects.filter(pk=year.station.pk).update(name=AT)
        type(year.station2).objects.filter(pk=year.station2.pk).update(name=TAB)
        yield year


def test_the_dashboard(login, director, hostile_year):
    response = login(director).get(reverse("dashboard:export"), {"year": 2026})
    # 县农业农村局 (EQ) has the overdue rectification item, 县交通运输局 (MINUS) the overdue suggestion.
    assert_neutralised(response, EQ, MINUS, AT, TAB)


def test_a_dashboard_snapshot(login, staff, hostile_year):
    snapshot = take_snapshot(title=hostile(EQ, 3), year=2026, user=staff)
    response = login(staff).get(reverse("dashboard:snapshot_export", args=[snapshot.pk]))
    assert_neutralised(response, EQ, MINUS, AT, TAB)
