"""The roster import is bounded before it starts: a file too large, a zip bomb, too many rows or
elements, or a cell too long is refused with its message, reading stops early, and nothing is saved."""

import io
import zipfile
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from deputies import services
from deputies.forms import RosterUploadForm
from deputies.models import Deputy
from deputies.views import IMPORT_SESSION_KEY, UPLOAD_EXPIRED
from renda.core import xlsx
from renda.core.xlsx import (
    CELL_TOO_LONG,
    MAX_CELL_CHARS,
    MAX_UPLOAD_BYTES,
    PACKED_TOO_TIGHT,
    TOO_LARGE,
    TOO_LARGE_UNPACKED,
    TOO_MANY_ROWS,
    TOO_MUCH_MARKUP,
    WorkbookError,
    read_rows,
)
from tests.deputies.conftest import HEADER, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("deputies:import")
CONFIRM_URL = reverse("deputies:import_confirm")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def deputy_row(n: int, occupation: str = "吉昌镇桑峨村党支部书记") -> list:
    return [n, f"张{n}", "男", "汉族", "1975.03", "中共党员", "县人大代表", "第一选区", "吉昌镇", occupation,
            f"139{n:08d}", ""]  # fmt: skip


def roster(deputies: int) -> bytes:
    """A roster of `deputies` rows under the header, written as openpyxl streams it."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代表名单")
    ws.append(HEADER)
    for n in range(1, deputies + 1):
        ws.append(deputy_row(n))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def handmade(sheet_xml: bytes, *, sheets: int = 1) -> bytes:
    """A workbook written by hand, as an attacker would: the few parts openpyxl needs, every sheet
    pointing at the one sheet part."""
    entries = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, sheets + 1))
    targets = "".join(
        f'<Relationship Id="rId{i}" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
        for i in range(1, sheets + 1)
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>{entries}</sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{targets}'
            "</Relationships>",
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return out.getvalue()


def inline_string_rows(rows: int) -> bytes:
    """The measured attack: `rows` numbered rows of one inline string each and no dimension, under
    a megabyte for 300,000 rows. (Rows all alike pack over 300 times and meet PACKED_TOO_TIGHT.)"""
    body = b"".join(
        b'<row r="%d"><c t="inlineStr"><is><t>x</t></is></c></row>' % n for n in range(1, rows + 1)
    )
    return handmade(
        b'<worksheet xmlns="' + MAIN.encode() + b'"><sheetData>' + body + b"</sheetData></worksheet>"
    )


def zip_bomb(unpacked: int) -> bytes:
    """A small workbook whose sheet part unpacks to `unpacked` bytes, mostly one repeated byte."""
    out = io.BytesIO(handmade(b""))
    block = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/worksheets/sheet2.xml", "w") as part,
    ):
        for _ in range(unpacked // len(block)):
            part.write(block)
        part.write(b" " * (unpacked % len(block)))
    return out.getvalue()


@pytest.fixture
def staff_client(login, staff, term, townships):
    return login(staff)


@pytest.fixture
def reading(monkeypatch):
    """How much of a workbook openpyxl read: times opened, rows its sheet parser produced, and rows
    handed to the reader (rows a sheet skips are filled in and count too)."""
    counts = {"opened": 0, "parsed": 0, "handed": 0}
    real_load, real_parse, real_rows = (
        xlsx.load_workbook,
        WorkSheetParser.parse,
        ReadOnlyWorksheet._cells_by_row,
    )

    def load(*args, **kwargs):
        counts["opened"] += 1
        return real_load(*args, **kwargs)

    def parse(self):
        for row in real_parse(self):
            counts["parsed"] += 1
            yield row

    def cells_by_row(self, *args, **kwargs):
        for row in real_rows(self, *args, **kwargs):
            counts["handed"] += 1
            yield row

    monkeypatch.setattr(xlsx, "load_workbook", load)
    monkeypatch.setattr(WorkSheetParser, "parse", parse)
    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", cells_by_row)
    return counts


def refusal(data) -> str:
    with pytest.raises(WorkbookError) as exc:
        read_rows(data)
    return str(exc.value.message)


def assert_refused_at_the_field(client, data: bytes, message) -> None:
    """Posted to the import page: the message at the file field, no preview kept, no deputy saved."""
    with translation.override("zh-hans"):
        response = client.post(IMPORT_URL, {"file": upload(data)})
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [str(message)]
    assert IMPORT_SESSION_KEY not in client.session
    assert Deputy.objects.count() == 0


# --- size --------------------------------------------------------------------------------------

OVER_10_MB = b"PK\x03\x04" + bytes(MAX_UPLOAD_BYTES)


class Unreadable(io.BytesIO):
    """An upload that fails if anything reads it."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def read(self, *args):
        raise AssertionError("the upload was read")


def test_a_file_over_10_mb_given_as_bytes_is_refused(reading):
    assert refusal(OVER_10_MB) == str(TOO_LARGE)
    with pytest.raises(WorkbookError):
        services.roster_check(data=OVER_10_MB, today=date(2026, 5, 1))
    assert reading["opened"] == 0


def test_a_file_over_10_mb_given_as_an_upload_is_refused_before_it_is_read():
    assert refusal(Unreadable(MAX_UPLOAD_BYTES + 1)) == str(TOO_LARGE)


def test_the_roster_form_checks_the_size_of_the_upload():
    form = RosterUploadForm(data={}, files={"file": upload(OVER_10_MB)})
    assert not form.is_valid()
    assert form.errors["file"] == [str(TOO_LARGE)]


def test_a_file_over_10_mb_is_refused_at_the_import_page(staff_client):
    assert_refused_at_the_field(staff_client, OVER_10_MB, TOO_LARGE)


def test_the_command_refuses_a_file_over_10_mb(tmp_path, term, townships):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(OVER_10_MB)
    with translation.override("en"), pytest.raises(CommandError, match="larger than 10 MB"):
        call_command("import_deputies", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Deputy.objects.count() == 0


# --- rows --------------------------------------------------------------------------------------


def test_a_workbook_with_more_rows_than_the_limit_is_refused_before_its_rows_are_read(
    settings, staff_client, reading
):
    settings.IMPORT_MAX_ROWS = 50
    data = roster(55)  # 56 rows with the header
    with translation.override("zh-hans"):
        assert refusal(data) == str(TOO_MANY_ROWS % {"max": 50})
    assert reading == {"opened": 0, "parsed": 0, "handed": 0}
    assert_refused_at_the_field(staff_client, data, TOO_MANY_ROWS % {"max": 50})


def test_a_workbook_of_exactly_the_limit_is_read(settings, staff_client, reading):
    settings.IMPORT_MAX_ROWS = 50
    assert len(read_rows(roster(49))) == 50
    response = staff_client.post(IMPORT_URL, {"file": upload(roster(49))})
    assert response.status_code == 200
    assert len(response.context["report"].rows) == 49
    assert IMPORT_SESSION_KEY in staff_client.session


def test_reading_stops_at_the_first_row_past_the_limit_when_the_sheet_skips_rows(settings, reading):
    """Two rows in the file, 1 and 5000: openpyxl fills in the 4998 between, and those count."""
    settings.IMPORT_MAX_ROWS = 50
    sheet = (
        f'<worksheet xmlns="{MAIN}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
        '<row r="5000"><c r="A5000" t="inlineStr"><is><t>张三</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    assert refusal(handmade(sheet)) == str(TOO_MANY_ROWS % {"max": 50})
    assert reading["handed"] == 51
    assert reading["parsed"] <= 2


def test_the_measured_attack_of_300000_inline_string_rows_is_refused_unread(staff_client, reading):
    data = inline_string_rows(300_000)
    assert len(data) < 1024 * 1024  # a small upload: what it costs is in the rows
    with translation.override("zh-hans"):
        assert refusal(data) == str(TOO_MANY_ROWS % {"max": 20000})
    assert reading["opened"] == 0
    assert reading["parsed"] <= 20001
    assert_refused_at_the_field(staff_client, data, TOO_MANY_ROWS % {"max": 20000})


def test_the_upload_form_reads_the_workbook_once(staff_client, reading):
    response = staff_client.post(IMPORT_URL, {"file": upload(roster(3))})
    assert response.status_code == 200
    assert len(response.context["report"].rows) == 3
    assert reading["opened"] == 1


def test_the_confirmation_reads_the_kept_file_within_the_limits_too(settings, staff_client):
    staff_client.post(IMPORT_URL, {"file": upload(roster(3))})
    token = staff_client.session[IMPORT_SESSION_KEY]["token"]
    settings.IMPORT_MAX_ROWS = 2
    response = staff_client.post(CONFIRM_URL, {"token": token})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(UPLOAD_EXPIRED)]
    assert Deputy.objects.count() == 0


# --- cells -------------------------------------------------------------------------------------


def test_a_cell_longer_than_the_limit_is_refused_with_its_place(staff_client):
    data = xlsx_bytes([HEADER, deputy_row(1, occupation="长" * (MAX_CELL_CHARS + 1))])
    message = CELL_TOO_LONG % {"cell": "J2", "sheet": "代表名单", "max": MAX_CELL_CHARS}
    with translation.override("zh-hans"):
        assert refusal(data) == str(message)
    assert_refused_at_the_field(staff_client, data, message)


def test_a_cell_of_exactly_the_limit_is_read():
    rows = read_rows(xlsx_bytes([HEADER, deputy_row(1, occupation="长" * MAX_CELL_CHARS)]))
    assert len(rows[1][9]) == MAX_CELL_CHARS


# --- zip bombs and floods of elements ----------------------------------------------------------


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(staff_client, reading):
    data = zip_bomb(101 * 1024 * 1024)
    assert len(data) < 1024 * 1024
    with translation.override("zh-hans"):
        assert refusal(data) == str(TOO_LARGE_UNPACKED % {"max": 100})
    assert reading["opened"] == 0
    assert_refused_at_the_field(staff_client, data, TOO_LARGE_UNPACKED % {"max": 100})


def test_a_part_packed_far_tighter_than_excel_packs_is_refused(reading):
    assert refusal(zip_bomb(5 * 1024 * 1024)) == str(PACKED_TOO_TIGHT)
    assert reading["opened"] == 0


def test_a_flood_of_slow_elements_is_refused_before_openpyxl_opens_it(staff_client, reading):
    """60,000 data validations: openpyxl spends tens of microseconds on each, after the rows."""
    validations = b"".join(b'<dataValidation sqref="A%d"/>' % n for n in range(1, 60_001))
    sheet = (
        b'<worksheet xmlns="'
        + MAIN.encode()
        + b'"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + "姓名".encode()
        + b"</t></is></c></row></sheetData><dataValidations>"
        + validations
        + b"</dataValidations></worksheet>"
    )
    data = handmade(sheet)
    with translation.override("zh-hans"):
        assert refusal(data) == str(TOO_MUCH_MARKUP % {"max": 20000})
    assert reading["opened"] == 0
    assert_refused_at_the_field(staff_client, data, TOO_MUCH_MARKUP % {"max": 20000})


def test_a_flood_of_sheets_is_refused_before_openpyxl_opens_it(reading):
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData/></worksheet>'.encode()
    assert refusal(handmade(sheet, sheets=300)) == str(TOO_MUCH_MARKUP % {"max": 20000})
    assert reading["opened"] == 0


def test_a_tag_cut_between_two_chunks_of_the_scan_is_counted(monkeypatch, settings):
    settings.IMPORT_MAX_ROWS = 3
    monkeypatch.setattr(xlsx, "_SCAN_CHUNK_BYTES", 7)  # every tag is cut somewhere
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{"<row/>" * 4}</sheetData></worksheet>'.encode()
    assert refusal(handmade(sheet)) == str(TOO_MANY_ROWS % {"max": 3})


def test_a_namespace_prefix_does_not_hide_rows(settings):
    settings.IMPORT_MAX_ROWS = 3
    sheet = f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{"<x:row/>" * 4}</x:sheetData></x:worksheet>'
    assert refusal(handmade(sheet.encode())) == str(TOO_MANY_ROWS % {"max": 3})


def test_a_genuine_roster_passes_every_bound(staff_client):
    response = staff_client.post(IMPORT_URL, {"file": upload(roster(200))})
    assert response.status_code == 200
    assert len(response.context["report"].rows) == 200
    assert response.context["report"].ok, response.context["problems"][:3]
