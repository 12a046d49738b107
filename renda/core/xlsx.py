"""Excel in and out: one way to answer a download of sheets, and to read an uploaded workbook safely."""

import io
import zipfile
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_AN_EXCEL_FILE = _(
    "This file is not an Excel workbook (.xlsx). Save it as .xlsx in Excel or WPS and upload it again."
)
EMPTY_WORKBOOK = _("The workbook has no sheet with data.")
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TOO_LARGE = _("The file is larger than 10 MB.")


class WorkbookError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def build_workbook(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """sheets: (title, headers, rows). Bold frozen header row, sensible column widths."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, headers, rows in sheets:
        ws = wb.create_sheet(title=str(title)[:31])
        ws.append([str(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F2DCDB")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        widths = [max(6, len(str(h)) * 2 + 2) for h in headers]
        for row in rows:
            values = [
                str(v)
                if v is not None and not isinstance(v, (int, float)) and not hasattr(v, "isoformat")
                else v
                for v in row
            ]
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


def read_rows(upload) -> list[tuple]:
    """Rows of the first non-empty sheet of an uploaded .xlsx as tuples of cell values.

    Raises WorkbookError with a translated message for anything that is not a readable workbook.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise WorkbookError(TOO_LARGE)
    data = upload.read() if hasattr(upload, "read") else upload
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookError(NOT_AN_EXCEL_FILE)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise WorkbookError(NOT_AN_EXCEL_FILE) from exc
    try:
        for ws in wb.worksheets:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            if any(any(v not in (None, "") for v in r) for r in rows):
                return rows
    finally:
        wb.close()
    raise WorkbookError(EMPTY_WORKBOOK)
