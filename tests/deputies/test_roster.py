"""Reading the committee's roster files: headers found wherever they are, cells as real files hold them."""

from datetime import date, datetime

import pytest
from django.utils import translation

from deputies.models import Gender, Level, Party
from deputies.roster import (
    BAD_DATE,
    BAD_GENDER,
    BAD_PARTY,
    MISSING_COLUMNS,
    MISSING_LEVEL,
    NO_HEADER_ROW,
    UNKNOWN_LEVEL,
    UNKNOWN_TOWNSHIP,
    BadValue,
    TownshipMatcher,
    check_roster,
    parse_birth_date,
    parse_ethnicity,
    parse_gender,
    parse_levels,
    parse_party,
    parse_phone,
)
from deputies.validators import BAD_PHONE, FUTURE_BIRTH_DATE, normalise_name
from tests.deputies.conftest import HEADER

TODAY = date(2026, 11, 30)


def _message(call):
    with pytest.raises(BadValue) as exc:
        call()
    return str(exc.value.message)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1975.03", date(1975, 3, 1)),
        ("1975.3", date(1975, 3, 1)),
        ("1975.10", date(1975, 10, 1)),
        (1975.03, date(1975, 3, 1)),  # typed into a number cell
        (1975.12, date(1975, 12, 1)),
        (1975.1, date(1975, 1, 1)),  # as Excel shows the cell
        ("1975年3月", date(1975, 3, 1)),
        ("1975年03月05日", date(1975, 3, 5)),
        ("1975-03-01", date(1975, 3, 1)),
        ("1975/3", date(1975, 3, 1)),
        ("1975/3/8", date(1975, 3, 8)),
        ("１９７５．０３", date(1975, 3, 1)),  # full-width digits
        (" 1975.03 ", date(1975, 3, 1)),
        ("197503", date(1975, 3, 1)),
        ("19750308", date(1975, 3, 8)),
        ("1975-03-08 00:00:00", date(1975, 3, 8)),
        (27454, date(1975, 3, 1)),  # an Excel date serial
        (27454.0, date(1975, 3, 1)),
        (datetime(1975, 3, 8, 0, 0), date(1975, 3, 8)),
        (date(1975, 3, 8), date(1975, 3, 8)),
        (None, None),
        ("", None),
    ],
)
def test_dates_of_birth_in_every_shape_real_files_hold(value, expected):
    assert parse_birth_date(value, today=TODAY) == expected


@pytest.mark.parametrize("value", ["1975.13", "三月", "1975", 1975, "75.03", "1975-02-30", "1850.01"])
def test_what_is_not_a_date_is_reported_with_the_value(value):
    with translation.override("zh-hans"):
        message = _message(lambda: parse_birth_date(value, today=TODAY))
        assert message == str(BAD_DATE % {"value": str(value).strip()})


def test_a_date_of_birth_in_the_future_is_refused():
    with translation.override("zh-hans"):
        assert _message(lambda: parse_birth_date("2027.01", today=TODAY)) == str(FUTURE_BIRTH_DATE)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("县人大代表", [Level.COUNTY]),
        ("县人大代表、乡镇人大代表", [Level.COUNTY, Level.TOWNSHIP]),
        ("乡镇人大代表,县人大代表", [Level.COUNTY, Level.TOWNSHIP]),
        ("县级，乡级", [Level.COUNTY, Level.TOWNSHIP]),
        ("市人大代表；县人大代表", [Level.MUNICIPAL, Level.COUNTY]),
        ("全国人大代表;省人大代表", [Level.NATIONAL, Level.PROVINCIAL]),
        ("国家级", [Level.NATIONAL]),
        ("省级", [Level.PROVINCIAL]),
        ("市级", [Level.MUNICIPAL]),
        ("镇级", [Level.TOWNSHIP]),
        ("乡镇级", [Level.TOWNSHIP]),
        ("镇人大代表", [Level.TOWNSHIP]),
        ("县人大代表、县人大代表", [Level.COUNTY]),
        ("ｘ县人大代表", None),
    ],
)
def test_several_levels_in_one_cell(value, expected):
    if expected is None:
        with pytest.raises(BadValue):
            parse_levels(value)
    else:
        assert parse_levels(value) == expected


def test_an_unknown_level_and_a_missing_one_are_told_apart():
    with translation.override("zh-hans"):
        assert _message(lambda: parse_levels("县人大代表、村代表")) == str(
            UNKNOWN_LEVEL % {"value": "村代表"}
        )
        assert _message(lambda: parse_levels("  ")) == str(MISSING_LEVEL)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("中共党员", Party.CPC),
        ("中国共产党党员", Party.CPC),
        ("中共预备党员", Party.CPC_PROBATIONARY),
        ("共青团员", Party.LEAGUE),
        ("民盟盟员", Party.DEMOCRATIC),
        ("九三学社社员", Party.DEMOCRATIC),
        ("民进会员", Party.DEMOCRATIC),
        ("农工党党员", Party.DEMOCRATIC),
        ("无党派人士", Party.NON_PARTISAN),
        ("群众", Party.MASSES),
        (" 群 众 ", Party.MASSES),
        ("", ""),
        (None, ""),
    ],
)
def test_political_affiliations(value, expected):
    assert parse_party(value) == expected


def test_an_unknown_political_affiliation_is_reported():
    with translation.override("zh-hans"):
        assert _message(lambda: parse_party("宗教人士")) == str(BAD_PARTY % {"value": "宗教人士"})


def test_gender():
    assert parse_gender("男") == Gender.MALE
    assert parse_gender(" 女 ") == Gender.FEMALE
    with translation.override("zh-hans"):
        assert _message(lambda: parse_gender("M")) == str(BAD_GENDER % {"value": "M"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13912345678", "13912345678"),
        (13912345678, "13912345678"),
        (13912345678.0, "13912345678"),
        ("１３９１２３４５６７８", "13912345678"),
        ("139 1234 5678", "13912345678"),
        ("+8613912345678", "13912345678"),
        ("0357-7922345", "0357-7922345"),
        ("03577922345", "03577922345"),
        ("7922345", "7922345"),
        ("０３５７－７９２２３４５", "0357-7922345"),
        ("", ""),
        (None, ""),
    ],
)
def test_phones_that_are_accepted(value, expected):
    assert parse_phone(value) == expected


@pytest.mark.parametrize(
    "value", ["12912345678", "1391234567", "139123456789", "792234", "电话", "0357-79223"]
)
def test_phones_that_are_refused(value):
    with translation.override("zh-hans"):
        assert _message(lambda: parse_phone(value)) == str(BAD_PHONE % {"value": value})


def test_names_lose_every_space_including_full_width_ones():
    assert normalise_name("张　三") == "张三"
    assert normalise_name(" 王 建 国 ") == "王建国"
    assert normalise_name("阿依古丽·买买提") == "阿依古丽·买买提"


def test_ethnicity_gets_its_suffix_and_defaults_to_han():
    assert parse_ethnicity("汉") == "汉族"
    assert parse_ethnicity("回族") == "回族"
    assert parse_ethnicity(None) == "汉族"


def test_townships_are_found_with_or_without_their_suffix(townships):
    matcher = TownshipMatcher(list(townships.values()))
    assert matcher.match("吉昌镇") == townships["吉昌镇"]
    assert matcher.match("吉昌") == townships["吉昌镇"]
    assert matcher.match(" 车城 ") == townships["车城乡"]
    assert matcher.match("屯里镇代表团") == townships["屯里镇"]
    assert matcher.match("东城乡") == townships["东城乡"]
    assert matcher.match("") is None
    with translation.override("zh-hans"):
        assert _message(lambda: matcher.match("西城镇")) == str(UNKNOWN_TOWNSHIP % {"value": "西城镇"})


def _check(rows, townships, existing=frozenset()):
    return check_roster(rows, today=TODAY, townships=list(townships.values()), existing=set(existing))


def test_the_header_row_is_found_under_a_title_with_columns_in_any_order(townships):
    rows = [
        ("吉县第十六届人民代表大会代表名单", None, None),
        (None, None, None),
        ("联系电话", "代表\n层级", "性 别", "备注", "姓名（必填）", "所属乡镇"),
        ("13912345678", "县人大代表", "男", "任意", "张三", "吉昌"),
    ]
    report = _check(rows, townships)
    assert report.ok, report.problems
    assert report.header_row == 3
    [row] = report.rows
    assert row.number == 4
    assert row.values["name"] == "张三"
    assert row.values["township"] == townships["吉昌镇"]
    assert row.levels == [Level.COUNTY]


def test_a_file_without_the_header_row_is_refused_as_a_whole(townships):
    report = _check([("名单",), ("张三", "男")], townships)
    with translation.override("zh-hans"):
        assert [str(p.message) for p in report.problems] == [
            str(NO_HEADER_ROW % {"columns": "姓名、性别、代表层级", "rows": 20})
        ]


def test_a_header_row_without_a_required_column_is_refused(townships):
    report = _check([("姓名", "性别", "所属乡镇"), ("张三", "男", "吉昌镇")], townships)
    with translation.override("zh-hans"):
        assert [str(p.message) for p in report.problems] == [
            str(MISSING_COLUMNS % {"row": 1, "columns": "代表层级"})
        ]


def test_empty_rows_and_extra_columns_are_ignored(townships):
    rows = [
        HEADER,
        [
            1,
            "张三",
            "男",
            "汉",
            "1975.03",
            "中共党员",
            "县人大代表",
            "第一选区",
            "吉昌镇",
            "村支书",
            "13912345678",
            "注",
        ],
        [None] * 12,
        [2, None, None, None, None, None, None, None, None, None, None, "只有备注"],
    ]
    report = _check(rows, townships)
    assert report.ok
    assert len(report.rows) == 1


def test_problems_of_a_row_come_in_the_order_of_the_files_columns(townships):
    rows = [
        ("联系电话", "姓名", "出生年月", "性别", "代表层级"),
        ("123", "张三", "1975.13", "男", "县人大代表"),
    ]
    [row] = _check(rows, townships).rows
    assert [p.column for p in row.problems] == ["联系电话", "出生年月"]
