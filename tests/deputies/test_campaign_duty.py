"""The campaigns section (代表行动) of the duty record: campaigns joined, entries, by year, its sheet."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from deputies.campaign_duty import campaigns_section
from renda.core.registry import registry
from tests.deputies.factories import CampaignEntryFactory, CampaignFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(deputy_row, deputy2_row, staff):
    """张志强 takes part in three campaigns: entries in two of them, one with a photo; 刘丽娟 in one."""
    apples = CampaignFactory(
        title="苹果示范园建设",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 10, 31),
        participants=[deputy_row],
    )
    clean = CampaignFactory(
        title="城乡环境大整洁",
        start_date=date(2025, 4, 1),
        end_date=date(2025, 9, 30),
        participants=[deputy_row, deputy2_row],
    )
    tourism = CampaignFactory(
        title="助力旅发大会", start_date=date(2025, 10, 1), end_date=None, participants=[deputy_row]
    )
    CampaignFactory(title="别人的行动", participants=[deputy2_row])
    return {
        "apples": apples,
        "clean": clean,
        "tourism": tourism,
        "entries": [
            CampaignEntryFactory(
                campaign=apples,
                deputy=deputy_row,
                recorded_by=staff,
                date=date(2024, 4, 2),
                text="查看示范园修剪。",
            ),
            CampaignEntryFactory(
                campaign=apples,
                deputy=deputy_row,
                recorded_by=staff,
                date=date(2024, 6, 9),
                text="协调防雹网材料。",
                photo="campaigns/1/a.jpg",
            ),
            CampaignEntryFactory(
                campaign=clean, deputy=deputy_row, recorded_by=staff, date=date(2025, 5, 3), text="清理垃圾。"
            ),
            CampaignEntryFactory(
                campaign=clean,
                deputy=deputy2_row,
                recorded_by=staff,
                date=date(2025, 5, 4),
                text="别人的记录。",
            ),
        ],
    }


def test_the_section_is_registered_after_the_trainings():
    keys = [key for _order, key, _p in registry.duty_sections]
    assert keys.index("deputies.trainings") < keys.index("deputies.campaigns")


def test_the_whole_record_lists_campaigns_joined_and_the_deputys_entries(deputy_row, record):
    section = campaigns_section(deputy_row)
    blocks = section.context["blocks"]
    assert [b["campaign"].title for b in blocks] == ["苹果示范园建设", "城乡环境大整洁", "助力旅发大会"]
    assert [[e.text for e in b["entries"]] for b in blocks] == [
        ["查看示范园修剪。", "协调防雹网材料。"],
        ["清理垃圾。"],
        [],
    ]
    assert [b["photo_count"] for b in blocks] == [1, 0, 0]
    assert (section.count, section.context["entry_count"], section.context["photo_count"]) == (3, 3, 1)
    assert section.rows == [
        ["苹果示范园建设", "2024-03-01 – 2024-10-31", date(2024, 4, 2), "查看示范园修剪。", 0],
        ["苹果示范园建设", "2024-03-01 – 2024-10-31", date(2024, 6, 9), "协调防雹网材料。", 1],
        ["城乡环境大整洁", "2025-04-01 – 2025-09-30", date(2025, 5, 3), "清理垃圾。", 0],
        ["助力旅发大会", "2025-10-01 –", None, "", 0],
    ]
    assert all(len(row) == len(section.headers) for row in section.rows)


def test_a_year_shows_the_campaigns_running_then_and_that_years_entries(deputy_row, record):
    in_2024 = campaigns_section(deputy_row, year=2024)
    assert [b["campaign"].title for b in in_2024.context["blocks"]] == ["苹果示范园建设"]
    in_2025 = campaigns_section(deputy_row, year=2025)
    assert [b["campaign"].title for b in in_2025.context["blocks"]] == ["城乡环境大整洁", "助力旅发大会"]
    # An open-ended campaign runs on into later years.
    assert [b["campaign"].title for b in campaigns_section(deputy_row, year=2026).context["blocks"]] == [
        "助力旅发大会"
    ]
    assert campaigns_section(deputy_row, year=2023).count == 0


def test_the_record_page_shows_the_section(login, deputy, deputy_row, record):
    with translation.override("en"):
        page = login(deputy).get(reverse("deputies:record", args=[deputy_row.pk]), {"year": 2024})
    assert page.status_code == 200
    sections = {section.key: html for section, html in page.context["sections"]}
    html = sections["deputies.campaigns"]
    assert "协调防雹网材料。" in html and "别人的记录。" not in html
    assert reverse("deputies:campaign_photo", args=[record["entries"][1].pk]) in html


def test_the_xlsx_has_a_campaigns_sheet(login, staff, deputy_row, record):
    response = login(staff).get(reverse("deputies:record_xlsx", args=[deputy_row.pk]), {"year": 2025})
    assert response.status_code == 200
    # The export speaks the request's language (Chinese by default), as the section does under it.
    with translation.override("zh-hans"):
        section = campaigns_section(deputy_row, year=2025)
    with translation.override("en"):
        assert campaigns_section(deputy_row).headers == [
            "Campaign",
            "Period",
            "Date",
            "What was done",
            "Photos",
        ]
    wb = load_workbook(io.BytesIO(response.content))
    sheet = wb[section.title[:31]]
    assert [c.value for c in sheet[1]] == section.headers
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in values] == ["城乡环境大整洁", "助力旅发大会"]
    assert values[0][3] == "清理垃圾。"


def test_the_section_takes_the_same_queries_at_any_size(deputy_row, record, staff):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            campaigns_section(deputy_row)
        return len(ctx)

    small = queries()
    for n in range(20):
        campaign = CampaignFactory(participants=[deputy_row])
        CampaignEntryFactory(
            campaign=campaign, deputy=deputy_row, recorded_by=staff, date=date(2025, 4, 2 + n % 20)
        )
    assert queries() == small
