"""The suggestions section of a deputy's duty record (履职档案): led, co-signed, outcomes, by year."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from proposals.models import Cosignature, Satisfaction, State
from proposals.record import suggestions_section
from renda.core.registry import registry
from tests.proposals.factories import SuggestionFactory
from tests.proposals.ledger_helpers import assigned, cosign

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(me, other, unit):
    """冯志刚 leads three filed suggestions and a draft, co-signs one, was invited to and declined others."""
    return {
        "draft": SuggestionFactory(title="草稿", lead_deputy=me, state=State.DRAFT, submitted_at=None),
        "submitted": SuggestionFactory(title="已提交", lead_deputy=me),
        "answered": assigned(
            unit,
            title="已答复",
            lead_deputy=me,
            outcome="A",
            satisfaction=Satisfaction.SATISFIED,
            state=State.EVALUATED,
        ),
        "implementing": assigned(
            unit, title="落实中", lead_deputy=me, outcome="B", state=State.IMPLEMENTING, year=2025
        ),
        "cosigned": cosign(SuggestionFactory(title="附议", lead_deputy=other), me).suggestion,
        "invited": cosign(SuggestionFactory(title="邀请", lead_deputy=other), me, Cosignature.State.INVITED),
        "declined": cosign(
            SuggestionFactory(title="婉拒", lead_deputy=other), me, Cosignature.State.DECLINED
        ),
    }


def test_the_section_is_registered_after_the_levels():
    entries = {key: order for order, key, _p in registry.duty_sections}
    assert entries["proposals.suggestions"] == 20
    assert entries["deputies.levels"] < entries["proposals.suggestions"]


def test_the_section_lists_filed_led_and_confirmed_co_signed_suggestions(me, record):
    section = suggestions_section(me)
    # The newest year first; in a year, the ones without a number before the numbered ones.
    assert [s.title for s in section.context["led"]] == ["已提交", "已答复", "落实中"]
    assert [s.title for s in section.context["cosigned"]] == ["附议"]
    assert section.count == 4
    assert section.context["by_outcome"] == [("A 已解决或基本解决", 1), ("B 正在解决或列入规划", 1)]
    assert section.context["awaiting"] == 1


def test_the_sheet_rows_match_the_headers(me, record):
    with translation.override("en"):
        section = suggestions_section(me)
        assert [str(h) for h in section.headers] == [
            "Role",
            "Number",
            "Title",
            "State",
            "Outcome",
            "Satisfaction",
        ]
        answered = next(row for row in section.rows if row[2] == "已答复")
        assert answered[0] == "Lead deputy"
        assert answered[4] == "A 已解决或基本解决"
        assert answered[5] == str(Satisfaction.SATISFIED.label)
        assert next(row for row in section.rows if row[2] == "附议")[0] == "Co-signer"
    assert all(len(row) == len(section.headers) for row in section.rows)


def test_a_year_narrows_the_section(me, record):
    section = suggestions_section(me, year=2025)
    assert [s.title for s in section.context["led"]] == ["落实中"]
    assert section.context["cosigned"] == []
    assert section.count == 1


def test_a_deputy_without_suggestions_gets_an_empty_section(other):
    section = suggestions_section(other)
    assert section.count == 0
    assert section.rows == []


@pytest.mark.parametrize("role", ["deputy", "staff"])
def test_the_record_page_and_its_workbook_show_the_section(client, users, me, record, role):
    client.force_login(users[role])
    response = client.get(reverse("deputies:record", args=[me.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert record["answered"].get_absolute_url() in page
    assert "婉拒" not in page
    assert "草稿" not in page
    response = client.get(reverse("deputies:record_xlsx", args=[me.pk]))
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    with translation.override("zh-hans"):  # the language the request was served in
        sheet = str(suggestions_section(me).title)
    titles = {row[2] for row in wb[sheet].iter_rows(min_row=2, values_only=True)}
    assert titles == {"已提交", "已答复", "落实中", "附议"}
