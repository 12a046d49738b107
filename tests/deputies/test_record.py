"""The duty record (履职档案): derived from the data, one's own for a deputy, printable and exportable."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from deputies.models import Level, Mandate
from deputies.record import levels_section, trainings_section
from renda.core.registry import registry
from tests.deputies.factories import DeputyFactory, TrainingFactory
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(deputy_row, term):
    """张志强: a township deputy last term, county and township deputy now; three trainings."""
    old = TermFactory(number=15)
    Mandate.objects.create(deputy=deputy_row, level=Level.TOWNSHIP, term=old)
    Mandate.objects.create(deputy=deputy_row, level=Level.TOWNSHIP, term=term)
    return {
        "2019": TrainingFactory(
            title="乡镇人大代表履职培训", term=old, start_date=date(2019, 5, 6), end_date=date(2019, 5, 7),
            attendees=[deputy_row],
        ),
        "2025": TrainingFactory(
            title="赴深圳专题培训", kind="topical", where="away", place="深圳", term=term,
            start_date=date(2025, 9, 1), end_date=date(2025, 9, 5), attendees=[deputy_row],
        ),
        "2026": TrainingFactory(
            title="新任代表初任培训", kind="initial", term=term,
            start_date=date(2026, 3, 2), end_date=date(2026, 3, 3), attendees=[deputy_row],
        ),
        "other": TrainingFactory(title="别人的培训", term=term),
    }  # fmt: skip


def _url(deputy, **query):
    url = reverse("deputies:record", args=[deputy.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_deputies_sections_are_registered_in_order():
    keys = [key for _order, key, _p in registry.duty_sections]
    assert keys.index("deputies.levels") < keys.index("deputies.trainings")
    assert keys[0] == "deputies.levels"


def test_the_levels_section_lists_levels_by_term_and_the_posts(deputy_row, history):
    section = levels_section(deputy_row)
    county, township = str(Level.COUNTY.label), str(Level.TOWNSHIP.label)
    assert [(e["term"].name, e["levels"]) for e in section.context["terms"]] == [
        ("第十六届", [county, township]),
        ("第十五届", [township]),
    ]
    assert section.count == 2
    assert section.rows[-2:] == [["第十六届", f"{county}、{township}"], ["第十五届", township]]
    assert deputy_row.occupation in [row[1] for row in section.rows]
    assert all(len(row) == len(section.headers) for row in section.rows)


def test_the_levels_section_of_a_year_shows_the_terms_of_that_year(deputy_row, history):
    assert [e["term"].name for e in levels_section(deputy_row, year=2019).context["terms"]] == ["第十五届"]
    assert [e["term"].name for e in levels_section(deputy_row, year=2026).context["terms"]] == ["第十六届"]


def test_the_trainings_section_lists_what_the_deputy_attended_by_year(deputy_row, history):
    whole = trainings_section(deputy_row)
    assert [t.title for t in whole.context["trainings"]] == [
        "乡镇人大代表履职培训",
        "赴深圳专题培训",
        "新任代表初任培训",
    ]
    assert whole.count == 3
    assert whole.rows[1][0] == "赴深圳专题培训"
    assert whole.rows[1][3:5] == ["深圳", date(2025, 9, 1)]
    assert [t.title for t in trainings_section(deputy_row, year=2025).context["trainings"]] == [
        "赴深圳专题培训"
    ]
    assert trainings_section(deputy_row, year=2024).count == 0


def test_a_deputy_sees_their_own_record_by_the_me_link(login, deputy, deputy_row, history):
    client = login(deputy)
    response = client.get(reverse("deputies:me"))
    assert response.status_code == 302
    assert response.url == _url(deputy_row)
    page = client.get(response.url)
    assert page.status_code == 200
    sections = {section.key: section for section, _html in page.context["sections"]}
    assert sections["deputies.trainings"].count == 3
    assert "新任代表初任培训" in page.content.decode()
    assert "别人的培训" not in page.content.decode()
    assert b"js-print" in page.content
    assert client.get(reverse("deputies:me"), {"year": 2026}).url == _url(deputy_row, year=2026)


def test_the_year_filter(login, deputy, deputy_row, history):
    page = login(deputy).get(_url(deputy_row, year=2026))
    sections = {section.key: section for section, _html in page.context["sections"]}
    assert [t.title for t in sections["deputies.trainings"].context["trainings"]] == ["新任代表初任培训"]
    assert page.context["year"] == 2026
    assert login(deputy).get(_url(deputy_row, year="abc")).context["year"] is None


def test_another_deputys_record_is_404_for_a_deputy(login, deputy, deputy_row, deputy2_row):
    client = login(deputy)
    assert client.get(_url(deputy2_row)).status_code == 404
    assert client.get(reverse("deputies:record_xlsx", args=[deputy2_row.pk])).status_code == 404


def test_a_deputy_account_not_linked_to_the_roster_gets_an_explanation(login, deputy2, deputy_row):
    response = login(deputy2).get(reverse("deputies:me"))
    assert response.status_code == 200
    assert response.templates[0].name == "deputies/record_unlinked.html"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("unit_user", 403),
        ("staff", 200),
        ("director", 200),
        ("admin", 200),
        ("deputy", 200),
        ("deputy2", 404),
    ],
)
def test_who_may_open_a_record(client, users, deputy_row, who, status):
    client.force_login(users[who])
    assert client.get(_url(deputy_row)).status_code == status
    assert client.get(reverse("deputies:record_xlsx", args=[deputy_row.pk])).status_code == status


def test_anonymous_users_are_sent_to_sign_in(client, deputy_row):
    for url in (
        _url(deputy_row),
        reverse("deputies:record_xlsx", args=[deputy_row.pk]),
        reverse("deputies:me"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_me_is_for_deputies_only(login, staff, unit_user):
    assert login(staff).get(reverse("deputies:me")).status_code == 403
    assert login(unit_user).get(reverse("deputies:me")).status_code == 403


def test_the_record_exports_one_sheet_per_section(login, staff, deputy_row, history):
    response = login(staff).get(reverse("deputies:record_xlsx", args=[deputy_row.pk]), {"year": 2025})
    assert response.status_code == 200
    assert "2025" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    sections = registry.duty_record(deputy_row, year=2025)
    assert wb.sheetnames == [s.title[:31] for s in sections]
    trainings = wb[next(s.title for s in sections if s.key == "deputies.trainings")[:31]]
    assert [c.value for c in trainings[1]] == next(
        s.headers for s in sections if s.key == "deputies.trainings"
    )
    assert [row[0].value for row in trainings.iter_rows(min_row=2)] == ["赴深圳专题培训"]
    levels = wb[sections[0].title[:31]]
    assert any(row[1].value == deputy_row.occupation for row in levels.iter_rows(min_row=2))


@pytest.mark.parametrize("count", [1, 12])
def test_the_record_page_has_a_constant_number_of_queries(
    login, staff, deputy_row, term, django_assert_max_num_queries, count
):
    for _ in range(count):
        TrainingFactory(term=term, attendees=[deputy_row])
    client = login(staff)
    client.get(_url(deputy_row))
    with django_assert_max_num_queries(25):
        response = client.get(_url(deputy_row))
    sections = {section.key: section for section, _html in response.context["sections"]}
    assert sections["deputies.trainings"].count == count


def test_a_deputy_without_anything_recorded_still_has_a_record(login, staff, term):
    deputy = DeputyFactory(name="孙强")
    response = login(staff).get(_url(deputy))
    assert response.status_code == 200
