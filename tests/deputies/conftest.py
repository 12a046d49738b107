"""Fixtures of the deputies tests: the current term, Ji County's townships, workbooks built in memory."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from renda.core.models import Township
from renda.core.xlsx import XLSX_CONTENT_TYPE
from tests.deputies.factories import DeputyFactory
from tests.factories import TermFactory, TownshipFactory

HEADER = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "政治面貌",
    "代表层级",
    "选区",
    "所属乡镇",
    "工作单位及职务",
    "联系电话",
    "备注",
]

# The columns of the template and the export, in their order.
ROSTER_HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "政治面貌",
    "代表层级",
    "选区",
    "所属乡镇",
    "工作单位及职务",
    "联系电话",
]


@pytest.fixture
def term(db):
    TermFactory(number=15, name="第十五届", start_date=date(2016, 10, 1), end_date=date(2021, 9, 30))
    return TermFactory(number=16, name="第十六届", start_date=date(2021, 10, 1), is_current=True)


@pytest.fixture
def townships(db):
    names = [
        ("吉昌镇", Township.Kind.TOWN),
        ("屯里镇", Township.Kind.TOWN),
        ("车城乡", Township.Kind.TOWNSHIP),
    ]
    found = {name: TownshipFactory(name=name, kind=kind) for name, kind in names}
    found["东城乡"] = TownshipFactory(name="东城乡", is_active=False)
    return found


def xlsx_bytes(rows: list[list]) -> bytes:
    """A workbook whose first sheet holds `rows` as they are, one list per Excel row."""
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名单"
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "代表名单.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX_CONTENT_TYPE)


@pytest.fixture
def deputy_row(deputy, term, townships):
    """The roster row of the `deputy` account (张志强), a county deputy of 吉昌镇."""
    return DeputyFactory(
        name="张志强", user=deputy, township=townships["吉昌镇"], levels=["county"], levels__term=term
    )


@pytest.fixture
def deputy2_row(deputy2, term, townships):
    return DeputyFactory(
        name="刘丽娟", user=deputy2, township=townships["屯里镇"], levels=["township"], levels__term=term
    )
