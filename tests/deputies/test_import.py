"""The roster import: preview first, then all rows or none, by the web page and by the command."""

import io
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from deputies.models import Deputy, Level, Mandate, Party
from deputies.roster import (
    BAD_DATE,
    DUPLICATE_EXISTING,
    DUPLICATE_IN_FILE,
    MISSING_NAME,
    NO_CURRENT_TERM,
    UNKNOWN_LEVEL,
    UNKNOWN_TOWNSHIP,
)
from deputies.validators import BAD_PHONE
from deputies.views import IMPORT_SESSION_KEY, ROSTER_REFUSED
from renda.core.xlsx import NOT_AN_EXCEL_FILE
from tests.deputies.conftest import HEADER, ROSTER_HEADERS, upload, xlsx_bytes
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("deputies:import")
CONFIRM_URL = reverse("deputies:import_confirm")

TITLE = ["吉县第十六届人民代表大会代表名单"]
GOOD_ROWS = [
    TITLE,
    [],
    HEADER,
    [1, "张　三", "男", "汉", "1975.03", "中共党员", "县人大代表、乡镇人大代表", "第一选区", "吉昌镇",
     "吉昌镇桑峨村党支部书记", "13912345678", ""],
    [2, " 李丽 ", "女", "汉族", datetime(1980, 5, 6), "群众", "县级", "第二选区", "屯里",
     "屯里镇卫生院医生", "0357-7922345", "新任"],
    [3, "王建国", "男", "回", 29221, "民盟盟员", "市人大代表,县人大代表", "第三选区", "车城乡",
     "县果业发展中心主任", "７９２２３４５", None],
]  # fmt: skip


def bad_rows():
    """The good file with one mistake per row, plus a repeated row."""
    return [
        TITLE,
        [],
        HEADER,
        [1, "", "男", "汉", "1975.03", "中共党员", "县人大代表", "第一选区", "吉昌镇", "", "13912345678", ""],
        [2, "李丽", "女", "汉族", "1980.05", "群众", "县级", "第二选区", "西城镇", "", "0357-7922345", ""],
        [
            3,
            "王建国",
            "男",
            "回",
            "1970.01",
            "民盟盟员",
            "县人大代表",
            "第三选区",
            "车城乡",
            "",
            "1391234567",
            "",
        ],
        [4, "赵敏", "女", "汉", "1970年13月", "群众", "县人大代表", "第三选区", "车城乡", "", "", ""],
        [5, "孙强", "男", "汉", "1971.02", "群众", "村代表", "第三选区", "车城乡", "", "", ""],
        [6, "王建国", "男", "回", "1970.01", "民盟盟员", "县人大代表", "第三选区", "车城乡", "", "", ""],
        [7, "钱进", "男", "汉", "1966.06", "群众", "县人大代表", "第三选区", "车城乡", "", "", ""],
    ]


def corrected_rows():
    return [
        HEADER,
        [
            1,
            "周平",
            "男",
            "汉",
            "1975.03",
            "中共党员",
            "县人大代表",
            "第一选区",
            "吉昌镇",
            "",
            "13912345678",
            "",
        ],
        [2, "李丽", "女", "汉族", "1980.05", "群众", "县级", "第二选区", "屯里镇", "", "0357-7922345", ""],
        [
            3,
            "王建国",
            "男",
            "回",
            "1970.01",
            "民盟盟员",
            "县人大代表",
            "第三选区",
            "车城乡",
            "",
            "13912345679",
            "",
        ],
        [4, "赵敏", "女", "汉", "1970年12月", "群众", "县人大代表", "第三选区", "车城乡", "", "", ""],
        [5, "孙强", "男", "汉", "1971.02", "群众", "乡镇人大代表", "第三选区", "车城乡", "", "", ""],
    ]


@pytest.fixture
def staff_client(login, staff, term, townships):
    return login(staff)


def _preview(client, data):
    return client.post(IMPORT_URL, {"file": upload(data)})


def _confirm(client):
    token = client.session[IMPORT_SESSION_KEY]["token"]
    return client.post(CONFIRM_URL, {"token": token})


def test_a_good_file_is_previewed_then_imported_with_its_levels(staff_client, term, townships):
    response = _preview(staff_client, xlsx_bytes(GOOD_ROWS))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.ok
    assert [row.number for row in report.rows] == [4, 5, 6]
    assert Deputy.objects.count() == 0  # the preview writes nothing

    response = _confirm(staff_client)
    assert response.status_code == 302
    assert response.url == reverse("deputies:list")
    assert IMPORT_SESSION_KEY not in staff_client.session

    zhang = Deputy.objects.get(name="张三")
    assert (zhang.gender, zhang.ethnicity, zhang.birth_date, zhang.party) == (
        "male",
        "汉族",
        date(1975, 3, 1),
        Party.CPC,
    )
    assert zhang.township == townships["吉昌镇"]
    assert zhang.name_initials == "zs"
    assert zhang.status == Deputy.Status.ACTIVE
    assert sorted(zhang.mandates.values_list("level", "term")) == sorted(
        [(Level.COUNTY, term.pk), (Level.TOWNSHIP, term.pk)]
    )
    li = Deputy.objects.get(name="李丽")
    assert (li.birth_date, li.township, li.phone, li.party) == (
        date(1980, 5, 6),
        townships["屯里镇"],
        "0357-7922345",
        Party.MASSES,
    )
    wang = Deputy.objects.get(name="王建国")
    assert (wang.birth_date, wang.ethnicity, wang.party, wang.phone) == (
        date(1980, 1, 1),
        "回族",
        Party.DEMOCRATIC,
        "7922345",
    )
    assert wang.level_codes == [Level.MUNICIPAL, Level.COUNTY]


def test_a_file_with_errors_is_refused_row_by_row_and_nothing_is_imported(staff_client):
    DeputyFactory(name="钱进", birth_date=date(1966, 6, 1))
    with translation.override("zh-hans"):
        response = _preview(staff_client, xlsx_bytes(bad_rows()))
        assert response.status_code == 200
        problems = [(p.row, p.column, str(p.message)) for p in response.context["problems"]]
        assert problems == [
            (4, "姓名", str(MISSING_NAME)),
            (5, "所属乡镇", str(UNKNOWN_TOWNSHIP % {"value": "西城镇"})),
            (6, "联系电话", str(BAD_PHONE % {"value": "1391234567"})),
            (7, "出生年月", str(BAD_DATE % {"value": "1970年13月"})),
            (8, "代表层级", str(UNKNOWN_LEVEL % {"value": "村代表"})),
            (9, "姓名", str(DUPLICATE_IN_FILE % {"row": 6})),
            (10, "姓名", str(DUPLICATE_EXISTING)),
        ]
        assert b'action="/deputies/import/confirm/"' not in response.content

        # Even if the confirmation is posted anyway, the stored file is read again and refused.
        response = _confirm(staff_client)
        assert response.status_code == 200
        assert str(ROSTER_REFUSED) in [str(m) for m in response.context["messages"]]
    assert Deputy.objects.count() == 1
    assert Mandate.objects.count() == 0


def test_the_corrected_file_imports(staff_client):
    DeputyFactory(name="钱进", birth_date=date(1966, 6, 1))
    _preview(staff_client, xlsx_bytes(bad_rows()))
    response = _preview(staff_client, xlsx_bytes(corrected_rows()))
    assert response.context["report"].ok
    _confirm(staff_client)
    assert set(Deputy.objects.values_list("name", flat=True)) == {
        "钱进",
        "周平",
        "李丽",
        "王建国",
        "赵敏",
        "孙强",
    }
    assert Mandate.objects.count() == 5


def test_the_confirmation_reads_the_stored_file_again_and_refuses_a_new_duplicate(staff_client):
    response = _preview(staff_client, xlsx_bytes(corrected_rows()))
    assert response.context["report"].ok
    DeputyFactory(name="孙强", birth_date=date(1971, 2, 1))  # entered by someone else meanwhile

    with translation.override("zh-hans"):
        response = _confirm(staff_client)
        assert response.status_code == 200
        assert [(p.row, str(p.message)) for p in response.context["problems"]] == [
            (6, str(DUPLICATE_EXISTING))
        ]
    assert list(Deputy.objects.values_list("name", flat=True)) == ["孙强"]


def test_a_confirmation_without_the_previewed_file_imports_nothing(staff_client):
    response = staff_client.post(CONFIRM_URL, {"token": "forged"})
    assert response.status_code == 302
    assert response.url == IMPORT_URL
    assert Deputy.objects.count() == 0


@pytest.mark.parametrize(
    "data",
    [
        b"\xd0\xcf\x11\xe0 an old .xls or anything else",
        b"PK\x03\x04 broken zip",
        "姓名,性别\n张三,男".encode(),
    ],
    ids=["not-a-zip", "broken-zip", "csv"],
)
def test_a_file_that_is_not_excel_gets_the_message_at_the_field_not_a_500(staff_client, data):
    with translation.override("zh-hans"):
        response = staff_client.post(IMPORT_URL, {"file": upload(data, name="名单.xls")})
        assert response.status_code == 200
        assert response.context["form"].errors["file"] == [str(NOT_AN_EXCEL_FILE)]
    assert IMPORT_SESSION_KEY not in staff_client.session


def test_a_workbook_without_the_header_row_gets_the_message_at_the_field(staff_client):
    response = _preview(staff_client, xlsx_bytes([["名单"], ["张三", "男"]]))
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert response.templates[0].name == "deputies/roster_import.html"


def test_without_a_current_term_nothing_can_be_imported(login, staff, townships):
    with translation.override("zh-hans"):
        response = _preview(login(staff), xlsx_bytes(corrected_rows()))
        assert str(NO_CURRENT_TERM) in [str(p.message) for p in response.context["problems"]]


def test_the_template_downloads_with_the_committees_headers(staff_client):
    from openpyxl import load_workbook

    response = staff_client.get(reverse("deputies:import_template"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == ROSTER_HEADERS
    assert wb.worksheets[1].max_row == 11  # a note for every column


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("unit_user", 403), ("deputy", 403), ("director", 403), ("staff", 200)],
)
def test_who_may_import(client, users, who, status):
    if who:
        client.force_login(users[who])
    for url in (IMPORT_URL, reverse("deputies:import_template")):
        response = client.get(url)
        assert response.status_code == status
        if who is None:
            assert response.url.startswith(reverse("accounts:login"))
    if who != "staff":
        assert client.post(CONFIRM_URL, {"token": "x"}).status_code == status


# --- the command -------------------------------------------------------------------------------


def _write(tmp_path, rows, name="roster.xlsx"):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    return str(path)


def test_the_command_dry_run_of_a_bad_file_exits_1_with_the_report(tmp_path, term, townships):
    DeputyFactory(name="钱进", birth_date=date(1966, 6, 1))
    stdout, stderr = io.StringIO(), io.StringIO()
    with translation.override("zh-hans"), pytest.raises(CommandError) as exc:
        call_command(
            "import_deputies", _write(tmp_path, bad_rows()), "--dry-run", stdout=stdout, stderr=stderr
        )
    assert exc.value.returncode == 1
    report = stderr.getvalue()
    assert "4" in report and "姓名" in report
    with translation.override("zh-hans"):
        assert str(UNKNOWN_TOWNSHIP % {"value": "西城镇"}) in report
        assert str(BAD_PHONE % {"value": "1391234567"}) in report
    assert len(report.strip().splitlines()) == 7
    assert Deputy.objects.count() == 1


def test_the_command_refuses_a_bad_file_without_dry_run_too(tmp_path, term, townships):
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_deputies", _write(tmp_path, bad_rows()), stdout=io.StringIO(), stderr=stderr)
    assert Deputy.objects.count() == 0
    assert stderr.getvalue()


def test_the_command_dry_run_of_a_good_file_imports_nothing(tmp_path, term, townships):
    stdout = io.StringIO()
    call_command("import_deputies", _write(tmp_path, GOOD_ROWS), "--dry-run", stdout=stdout)
    assert "3" in stdout.getvalue()
    assert Deputy.objects.count() == 0


def test_the_command_imports_a_good_file(tmp_path, term, townships):
    stdout = io.StringIO()
    call_command("import_deputies", _write(tmp_path, GOOD_ROWS), stdout=stdout)
    assert Deputy.objects.count() == 3
    assert Mandate.objects.filter(term=term).count() == 5
    assert "3" in stdout.getvalue()


def test_the_command_refuses_what_is_not_a_workbook(tmp_path, term, townships):
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,性别\n张三,男", encoding="utf-8")
    with translation.override("zh-hans"), pytest.raises(CommandError) as exc:
        call_command("import_deputies", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert exc.value.returncode == 1
    with translation.override("zh-hans"):
        assert str(exc.value) == str(NOT_AN_EXCEL_FILE)
