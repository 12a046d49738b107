"""The correspondents' yearly ranking: counts per year, outlets, honours, and its .xlsx export."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from publicity.selectors import correspondent_ranking
from tests.publicity.factories import CorrespondentFactory, ExternalPublicationFactory, HonourFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    he, wang, cao = (CorrespondentFactory(name=n) for n in ("贺晓峰", "王丽萍", "曹建军"))
    for d in (date(2026, 1, 5), date(2026, 3, 9), date(2026, 7, 1)):
        ExternalPublicationFactory(date=d, outlet="人民代表报", correspondents=[he])
    ExternalPublicationFactory(date=date(2026, 5, 5), outlet="临汾日报", correspondents=[he, wang])
    ExternalPublicationFactory(date=date(2025, 5, 5), outlet="临汾日报", correspondents=[wang])
    ExternalPublicationFactory(date=date(2025, 6, 5), outlet="学习强国", correspondents=[wang])
    HonourFactory(correspondent=wang, year=2026)
    HonourFactory(correspondent=cao, year=2025)
    return he, wang, cao


def test_the_ranking_counts_one_year(people):
    rows = correspondent_ranking(2026)
    assert [(r.name, r.year_count) for r in rows] == [("贺晓峰", 4), ("王丽萍", 1)]
    assert rows[0].year_outlets == [("人民代表报", 3), ("临汾日报", 1)]
    assert rows[1].year_honours == ["优秀通讯员"]
    rows_2025 = correspondent_ranking(2025)
    # An honoured correspondent without publications that year still appears.
    assert [(r.name, r.year_count) for r in rows_2025] == [("王丽萍", 2), ("曹建军", 0)]


def test_the_ranking_page_and_export(client, staff, people):
    client.force_login(staff)
    page = client.get(reverse("publicity:ranking"), {"year": 2026})
    assert page.status_code == 200
    assert page.context["total"] == 5
    assert client.get(reverse("publicity:ranking"), {"year": "abc"}).status_code == 200
    export = client.get(reverse("publicity:ranking_xlsx"), {"year": 2026})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (rows[1][0], rows[1][1], rows[1][3]) == (1, "贺晓峰", 4)
    assert rows[2][1] == "王丽萍" and rows[2][5] == "优秀通讯员"


def test_the_ranking_takes_a_constant_number_of_queries(django_assert_num_queries, people):
    with django_assert_num_queries(3):
        correspondent_ranking(2026)
    for i in range(5):
        ExternalPublicationFactory(date=date(2026, 8, 1 + i), correspondents=[CorrespondentFactory()])
    with django_assert_num_queries(3):
        correspondent_ranking(2026)
