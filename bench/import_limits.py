"""Benchmark of the roster upload's bounds against hostile and oversized workbooks (not a test).

    .venv/bin/python bench/import_limits.py

It writes, in a temporary folder deleted at the end, the files that kept a gunicorn worker busy
before the bounds (a 300,000-row workbook of inline strings, under a megabyte; a 41.9 MB workbook),
a few more hostile shapes (a zip bomb, a flood of slow elements) and two genuine rosters, one of a
county's size and one at the row limit. Each goes through the roster form's validation as an
upload, as the import page validates it (Django on the embedded default database, DJANGO_DEBUG=true;
the form touches no table), and a table shows the file, its size, the outcome (the form's message,
or the rows read) and the seconds the validation took.
"""

import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.pop("DATABASE_URL", None)  # the embedded default: this never writes a table anyway
    os.environ["DJANGO_DEBUG"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    import django

    django.setup()


def handmade(path: Path, write_sheet, *, extra_parts=()) -> None:
    """A workbook written by hand as an attacker would: the few parts openpyxl needs; the sheet part
    is streamed by `write_sheet(file)`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
            '<sheet name="代表名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            write_sheet(sheet)
        for name, data, compression in extra_parts:
            z.writestr(name, data, compress_type=compression)


def _sheet(rows):
    def write(file):
        file.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
        for chunk in rows():
            file.write(chunk)
        file.write(b"</sheetData></worksheet>")

    return write


def inline_string_rows(path: Path, count: int = 300_000) -> None:
    def rows():
        for start in range(1, count + 1, 10_000):
            yield b"".join(
                b'<row r="%d"><c t="inlineStr"><is><t>x</t></is></c></row>' % n
                for n in range(start, min(start + 10_000, count + 1))
            )

    handmade(path, _sheet(rows))


def large_workbook(path: Path, size: int = 41_900_000) -> None:
    """A readable workbook of one row padded with an incompressible picture to `size` bytes."""
    picture = os.urandom(size - 2_000)

    def rows():
        yield b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c></row>'

    handmade(path, _sheet(rows), extra_parts=[("xl/media/image1.png", picture, zipfile.ZIP_STORED)])


def zip_bomb(path: Path, unpacked: int = 200 * 1024 * 1024) -> None:
    def write(file):
        block = b" " * (1024 * 1024)
        for _ in range(unpacked // len(block)):
            file.write(block)

    handmade(path, write)


def slow_elements(path: Path, count: int = 200_000) -> None:
    """One row, then `count` data validations, which openpyxl reads after the rows."""

    def write(file):
        file.write(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"/></sheetData><dataValidations>'.encode())
        file.write(b"".join(b'<dataValidation sqref="A%d"/>' % n for n in range(1, count + 1)))
        file.write(b"</dataValidations></worksheet>")

    handmade(path, write)


def genuine_roster(path: Path, deputies: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("代表名单")
    ws.append(["序号", "姓名", "性别", "民族", "出生年月", "政治面貌", "代表层级", "选区", "所属乡镇",
               "工作单位及职务", "联系电话"])  # fmt: skip
    for n in range(1, deputies + 1):
        ws.append([n, f"张{n}", "男", "汉族", "1975.03", "中共党员", "县人大代表", f"第{n % 40 + 1}选区",
                   "吉昌镇", f"吉昌镇第{n}村党支部书记", f"139{n:08d}"])  # fmt: skip
    wb.save(path)


def validate(path: Path) -> tuple[str, float]:
    """The roster form's validation of `path` uploaded as Django hands it over: an UploadedFile."""
    from django.core.files.uploadedfile import UploadedFile

    from deputies.forms import RosterUploadForm

    with path.open("rb") as file:
        upload = UploadedFile(file=file, name=path.name, size=path.stat().st_size)
        start = time.perf_counter()
        form = RosterUploadForm(data={}, files={"file": upload})
        valid = form.is_valid()
        seconds = time.perf_counter() - start
    if valid:
        return f"accepted: {len(form.rows)} rows read", seconds
    return " ".join(str(m) for m in form.errors["file"]), seconds


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.utils import translation

    translation.activate("en")
    max_rows = settings.IMPORT_MAX_ROWS
    files = [
        ("300,000 rows of inline strings", inline_string_rows),
        ("41.9 MB workbook", large_workbook),
        ("zip bomb (200 MB of spaces)", zip_bomb),
        ("200,000 data validations", slow_elements),
        ("genuine roster, 2,000 deputies", lambda p: genuine_roster(p, 2000)),
        (f"genuine roster, {max_rows - 1:,} deputies", lambda p: genuine_roster(p, max_rows - 1)),
    ]
    print(f"IMPORT_MAX_ROWS={max_rows}; python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="renda-import-") as folder:
        rows = []
        for index, (label, build) in enumerate(files, start=1):
            path = Path(folder) / f"file{index}.xlsx"
            build(path)
            outcome, seconds = validate(path)
            rows.append((label, f"{path.stat().st_size / 1e6:.2f} MB", outcome, f"{seconds:.2f}"))
    header = ("file", "size", "outcome", "seconds")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    for row in [header, (*("-" * w for w in widths), "-------"), *rows]:
        print(f"{row[0]:<{widths[0]}}  {row[1]:>{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]:>7}")


if __name__ == "__main__":
    main()
