"""Excel in and out: one way to answer a download of sheets, and to read an uploaded workbook safely."""

import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, time
from typing import BinaryIO
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_AN_EXCEL_FILE = _(
    "This file is not an Excel workbook (.xlsx). Save it as .xlsx in Excel or WPS and upload it again."
)
EMPTY_WORKBOOK = _("The workbook has no sheet with data.")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOO_LARGE = _("The file is larger than 10 MB.")
# An .xlsx is a zip: what its parts unpack to is what the reader has to parse, whatever the upload weighs.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
TOO_LARGE_UNPACKED = _(
    "The workbook unpacks to more than %(max)s MB. Remove pictures and unused sheets, or split it into "
    "smaller files."
)
# Excel's own parts pack 5 to 30 times; far more is a run of repeated bytes made to blow up when read.
# Small parts may pack tighter harmlessly, so only parts of more than a megabyte are measured.
MAX_PACKING_RATIO = 100
PACKING_RATIO_FROM_BYTES = 1024 * 1024
PACKED_TOO_TIGHT = _(
    "The workbook is packed in a way Excel and WPS do not write, which can hide a far larger file. "
    "Open it in Excel or WPS, save it again as .xlsx and upload it again."
)
TOO_MANY_ROWS = _(
    "The workbook has more than %(max)s rows (empty rows under the table count too). Delete the rows "
    "that are not needed or split it into files of at most %(max)s rows."
)
# What openpyxl will parse, counted in the unpacked parts before it opens them. It spends a few
# microseconds on each element of cell data (a row, a cell, a shared string) and up to a hundred on
# others (a merged range, a data validation; a sheet a few hundred): a file of a few hundred kilobytes
# can hold millions. The budgets let a genuine roster at the row limit through (11 or 12 cells a row)
# and keep any file within about what such a roster costs to read.
CELLS_PER_ROW = 16
SHARED_STRINGS_PER_ROW = 10
MAX_OTHER_ELEMENTS = 50_000  # styles, theme, properties, sheet settings, drawings
MAX_SHEETS = 255
TOO_MUCH_MARKUP = _(
    "The workbook holds far more cells, text, formatting or sheets than a file of %(max)s rows needs. "
    "Delete the rows, columns, sheets and formatting that are not needed, or split it into smaller files."
)
MAX_CELL_CHARS = 2000
CELL_TOO_LONG = _("Cell %(cell)s of the sheet “%(sheet)s” holds more than %(max)s characters.")
# Columns read from each row; every form Renda reads is far narrower. Without a bound one cell in
# column XFD would widen every row to 16,384 values.
MAX_COLUMNS = 200

# OWASP's list of what makes a spreadsheet read text as a formula (CSV / formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class WorkbookError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- out ---------------------------------------------------------------------------------------


def cell_value(value):
    """`value` as a cell of a workbook Renda writes may hold it: numbers, booleans, dates and times stay
    typed values; anything else becomes text that a spreadsheet never runs as a formula.

    Text starting with = + - @, a tab or a carriage return gets a leading apostrophe, as OWASP
    recommends (openpyxl then stores a string, never a formula), and the control characters XML
    cannot hold are dropped rather than failing the whole download.
    """
    if value is None or isinstance(value, int | float | date | time):  # bool is an int, datetime a date
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_PREFIXES):
        return f"'{text}"
    return text


def build_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """sheets: (title, headers, rows). Bold frozen header row, sensible column widths."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=str(title)[:31])
        ws.append([cell_value(str(h)) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F2DCDB")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        widths = [max(6, len(str(h)) * 2 + 2) for h in headers]
        for row in rows:
            values = [cell_value(v) for v in row]
            ws.append(values)
            for i, value in enumerate(values):
                if i < len(widths):
                    widths[i] = min(60, max(widths[i], len(str(value or "")) * 2 + 2))
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A2"
    if not wb.worksheets:
        wb.create_sheet("Sheet1")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets) -> HttpResponse:
    response = HttpResponse(build_workbook(sheets), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- in ----------------------------------------------------------------------------------------


def _opened(upload: bytes | BinaryIO) -> BinaryIO:
    """A seekable stream of the upload, refused while it is larger than MAX_UPLOAD_BYTES before any
    of it is read: bytes count their length, an uploaded file its size, any other file its end."""
    if isinstance(upload, bytes | bytearray | memoryview):
        size, stream = len(upload), io.BytesIO(upload)
    else:
        stream = upload
        size = getattr(upload, "size", None)
        if size is None:
            size = stream.seek(0, io.SEEK_END)
    if size > MAX_UPLOAD_BYTES:
        raise WorkbookError(TOO_LARGE)
    stream.seek(0)
    return stream


# A start tag and the local name of its element (<x:row ...> is a row to openpyxl too).
_START_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_ELEMENT_KINDS = {
    b"row": "rows",
    b"c": "cells",
    b"si": "strings",
    b"v": "content",
    b"f": "content",
    b"is": "content",
    b"t": "content",
    b"sheet": "sheets",
}
_SCAN_CHUNK_BYTES = 1024 * 1024
_LONGEST_NAME = 256


def _element_limits(max_rows: int) -> dict[str, int]:
    cells, strings = CELLS_PER_ROW * max_rows, SHARED_STRINGS_PER_ROW * max_rows
    return {
        "rows": max_rows,
        "cells": cells,
        "strings": strings,
        "content": 2 * cells + strings,  # a cell's value, or its inline string and text; a string's text
        "sheets": MAX_SHEETS,
        "other": MAX_OTHER_ELEMENTS,
    }


def _count_elements(archive: zipfile.ZipFile, parts: list[zipfile.ZipInfo], *, max_rows: int) -> None:
    """Count the elements of every part by kind and refuse the workbook as soon as a count passes
    its budget, before openpyxl parses any of it.

    Every part is counted, whatever its name, since the workbook's relationships may point anywhere;
    a binary part adds a few stray matches, which only errs on the safe side.
    """
    limits = _element_limits(max_rows)
    counts = dict.fromkeys(limits, 0)
    for part in parts:
        carry = b""
        with archive.open(part) as source:
            while True:
                chunk = source.read(_SCAN_CHUNK_BYTES)
                data, carry = carry + chunk, b""
                if chunk:
                    # A tag cut at the end of the chunk is counted with the next one.
                    cut = data.rfind(b"<", max(0, len(data) - _LONGEST_NAME))
                    if cut >= 0:
                        data, carry = data[:cut], data[cut:]
                for name, n in Counter(_START_TAG.findall(data)).items():
                    counts[_ELEMENT_KINDS.get(name, "other")] += n
                if counts["rows"] > limits["rows"]:
                    raise WorkbookError(TOO_MANY_ROWS % {"max": max_rows})
                if any(counts[kind] > limits[kind] for kind in limits):
                    raise WorkbookError(TOO_MUCH_MARKUP % {"max": max_rows})
                if not chunk:
                    break


def _check_parts(stream: BinaryIO, *, max_rows: int) -> None:
    """Refuse a zip bomb, and a workbook with more rows or elements than the budgets allow, from the
    zip alone, before openpyxl opens it.

    The unpacked sizes are those the zip's directory declares; zipfile never unpacks more of a part
    than its declared size, so a part that lies about it cannot get past these checks either.
    """
    if not zipfile.is_zipfile(stream):
        raise WorkbookError(NOT_AN_EXCEL_FILE)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            if sum(part.file_size for part in parts) > MAX_UNPACKED_BYTES:
                raise WorkbookError(TOO_LARGE_UNPACKED % {"max": MAX_UNPACKED_BYTES // (1024 * 1024)})
            for part in parts:
                tight = part.file_size > MAX_PACKING_RATIO * max(part.compress_size, 1)
                if tight and part.file_size > PACKING_RATIO_FROM_BYTES:
                    raise WorkbookError(PACKED_TOO_TIGHT)
            _count_elements(archive, parts, max_rows=max_rows)
    except WorkbookError:
        raise
    # A broken, encrypted or oddly compressed zip: zipfile and zlib raise any of these.
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        ValueError,
    ) as exc:
        raise WorkbookError(NOT_AN_EXCEL_FILE) from exc
    stream.seek(0)


def _checked_row(row: tuple, *, number: int, sheet: str) -> tuple:
    for index, value in enumerate(row):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            cell = f"{get_column_letter(index + 1)}{number}"
            raise WorkbookError(CELL_TOO_LONG % {"cell": cell, "sheet": sheet, "max": MAX_CELL_CHARS})
    return row


def read_rows(upload: bytes | BinaryIO) -> list[tuple]:
    """Rows of the first non-empty sheet of an uploaded .xlsx as tuples of cell values.

    `upload` is the file's bytes or a binary file (an UploadedFile, an open file). The workbook is
    refused as soon as it breaks a bound, most of them before openpyxl opens it: over
    MAX_UPLOAD_BYTES, a zip bomb, more than settings.IMPORT_MAX_ROWS rows in all its sheets, more
    elements than that many rows need, a cell longer than MAX_CELL_CHARS. It is read once, streamed in
    openpyxl's read-only mode, and reading stops at the first row too many (rows a sheet skips count:
    openpyxl fills them in). Columns past MAX_COLUMNS are not read.

    Raises WorkbookError with a translated message for anything that is not a readable workbook.
    """
    max_rows = settings.IMPORT_MAX_ROWS
    stream = _opened(upload)
    _check_parts(stream, max_rows=max_rows)
    try:
        wb = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise WorkbookError(NOT_AN_EXCEL_FILE) from exc
    read = 0
    try:
        for ws in wb.worksheets:
            rows = []
            width = min(ws.max_column or MAX_COLUMNS, MAX_COLUMNS)
            try:
                for row in ws.iter_rows(values_only=True, max_col=width):
                    read += 1
                    if read > max_rows:
                        raise WorkbookError(TOO_MANY_ROWS % {"max": max_rows})
                    rows.append(_checked_row(row, number=len(rows) + 1, sheet=ws.title))
            except WorkbookError:
                raise
            except Exception as exc:  # a part that is broken or cut short shows only while it is read
                raise WorkbookError(NOT_AN_EXCEL_FILE) from exc
            if any(any(v not in (None, "") for v in r) for r in rows):
                return rows
    finally:
        wb.close()
    raise WorkbookError(EMPTY_WORKBOOK)
