"""The roster as an Excel file: its columns, the reading and checking of an upload, and the export rows.

The column headers and the cell labels (男, 中共党员, 县人大代表 …) are the committee's file format,
not interface text: they stay Chinese in every interface language so that an export re-imports.
The messages of the report are interface text and are translated.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _
from openpyxl.utils.datetime import from_excel

from deputies.models import Deputy, Gender, Level, Party
from deputies.validators import (
    BAD_PHONE,
    FUTURE_BIRTH_DATE,
    is_valid_phone,
    normalise_name,
    normalise_phone,
    normalise_text,
)

# Report messages: one constant each, so that tests and callers compare the same text.
NO_HEADER_ROW = _("No header row with the columns %(columns)s was found in the first %(rows)s rows.")
MISSING_COLUMNS = _("The header row (row %(row)s) lacks the columns %(columns)s.")
NO_DEPUTY_ROWS = _("There are no deputies under the header row.")
NO_CURRENT_TERM = _(
    "No current term is set, so the levels held cannot be recorded. "
    "An administrator must mark the current term first."
)
MISSING_NAME = _("The name is missing.")
TOO_LONG = _("Longer than %(max)s characters.")
MISSING_GENDER = _("The gender is missing; write 男 or 女.")
BAD_GENDER = _("“%(value)s” is not a gender; write 男 or 女.")
BAD_DATE = _("“%(value)s” is not a date; write it as 1975.03, 1975年3月 or 1975-03-01.")
BAD_PARTY = _(
    "“%(value)s” is not a political affiliation; write 中共党员, 中共预备党员, 共青团员, "
    "a democratic party such as 民盟盟员, 无党派人士 or 群众."
)
MISSING_LEVEL = _("No level of deputy is given.")
UNKNOWN_LEVEL = _("“%(value)s” is not a level of deputy; write 全国, 省, 市, 县 or 乡镇人大代表.")
UNKNOWN_TOWNSHIP = _("There is no township called “%(value)s”.")
DUPLICATE_IN_FILE = _("The same name and date of birth as row %(row)s.")
DUPLICATE_EXISTING = _(
    "Probably already in the roster: a deputy with the same name and date of birth exists."
)

HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # what the template and the export write
    aliases: tuple[str, ...] = ()


COLUMNS = [
    Column("name", "姓名", ("代表姓名", "名字")),
    Column("gender", "性别"),
    Column("ethnicity", "民族"),
    Column("birth_date", "出生年月", ("出生日期", "出生年月日", "出生时间")),
    Column("party", "政治面貌", ("党派",)),
    Column("levels", "代表层级", ("层级", "代表级别", "代表类别", "级别")),
    Column("constituency", "选区", ("所在选区", "选区名称")),
    Column("township", "所属乡镇", ("乡镇", "所在乡镇", "代表团", "所属代表团")),
    Column("occupation", "工作单位及职务", ("工作单位和职务", "单位及职务", "工作单位", "职务")),
    Column("phone", "联系电话", ("电话", "手机", "手机号码", "联系方式")),
]
HEADERS = [c.header for c in COLUMNS]
REQUIRED_COLUMNS = ("name", "gender", "levels")

GENDER_LABELS = {"男": Gender.MALE, "男性": Gender.MALE, "女": Gender.FEMALE, "女性": Gender.FEMALE}
GENDER_OUT = {Gender.MALE: "男", Gender.FEMALE: "女"}

PARTY_LABELS = {
    "中共党员": Party.CPC,
    "中国共产党党员": Party.CPC,
    "共产党员": Party.CPC,
    "党员": Party.CPC,
    "中共": Party.CPC,
    "中共预备党员": Party.CPC_PROBATIONARY,
    "预备党员": Party.CPC_PROBATIONARY,
    "共青团员": Party.LEAGUE,
    "团员": Party.LEAGUE,
    "无党派人士": Party.NON_PARTISAN,
    "无党派": Party.NON_PARTISAN,
    "群众": Party.MASSES,
    "民主党派": Party.DEMOCRATIC,
}
# 民革 民盟 民建 民进 农工党 致公党 九三学社 台盟, however the member is named (民盟盟员, 九三学社社员 …).
DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工", "致公", "九三", "台盟", "民主党派")
PARTY_OUT = {
    Party.CPC: "中共党员",
    Party.CPC_PROBATIONARY: "中共预备党员",
    Party.LEAGUE: "共青团员",
    Party.DEMOCRATIC: "民主党派",
    Party.NON_PARTISAN: "无党派人士",
    Party.MASSES: "群众",
}

LEVEL_CORES = {
    "全国": Level.NATIONAL,
    "国家": Level.NATIONAL,
    "省": Level.PROVINCIAL,
    "市": Level.MUNICIPAL,
    "县": Level.COUNTY,
    "乡镇": Level.TOWNSHIP,
    "乡": Level.TOWNSHIP,
    "镇": Level.TOWNSHIP,
}
LEVEL_SUFFIXES = ("人大代表", "代表", "人大", "级")
LEVEL_OUT = {
    Level.NATIONAL: "全国人大代表",
    Level.PROVINCIAL: "省人大代表",
    Level.MUNICIPAL: "市人大代表",
    Level.COUNTY: "县人大代表",
    Level.TOWNSHIP: "乡镇人大代表",
}
LEVEL_SEPARATORS = re.compile(r"[、,，;；/\s]+")

_PAREN_RE = re.compile(r"\(.*?\)")
_SPACE_RE = re.compile(r"\s+")
_TIME_RE = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_DATE_RE = re.compile(r"^(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*(?:[.\-/月]\s*(?:(\d{1,2})\s*日?)?)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


class BadValue(ValueError):
    """A cell that cannot be read; `message` is the translated text of the report."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


# --- cells -------------------------------------------------------------------------------------


def cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return normalise_text(value)


def header_key(text) -> str:
    """A header cell without spaces, line breaks, notes in brackets or required-field stars."""
    text = _SPACE_RE.sub("", normalise_text(text))
    return _PAREN_RE.sub("", text).strip("*※")


_ALIASES = {alias: c.key for c in COLUMNS for alias in (c.header, *c.aliases)}


def parse_gender(value) -> str:
    text = cell_text(value)
    if not text:
        raise BadValue(MISSING_GENDER)
    try:
        return GENDER_LABELS[text]
    except KeyError:
        raise BadValue(BAD_GENDER % {"value": text}) from None


def parse_party(value) -> str:
    text = _SPACE_RE.sub("", cell_text(value))
    if not text:
        return ""
    if text in PARTY_LABELS:
        return PARTY_LABELS[text]
    if any(name in text for name in DEMOCRATIC_PARTIES):
        return Party.DEMOCRATIC
    raise BadValue(BAD_PARTY % {"value": text})


def parse_levels(value) -> list[str]:
    """Levels in one cell: 县人大代表、乡镇人大代表 or 县级,乡级 …, highest first, each once."""
    text = cell_text(value)
    found = []
    for token in LEVEL_SEPARATORS.split(text):
        if not token:
            continue
        core = token
        changed = True
        while changed:
            changed = False
            for suffix in LEVEL_SUFFIXES:
                if core.endswith(suffix) and len(core) > len(suffix):
                    core, changed = core[: -len(suffix)], True
        if core not in LEVEL_CORES:
            raise BadValue(UNKNOWN_LEVEL % {"value": token})
        if LEVEL_CORES[core] not in found:
            found.append(LEVEL_CORES[core])
    if not found:
        raise BadValue(MISSING_LEVEL)
    order = list(Level.values)
    return sorted(found, key=order.index)


def _checked_date(year: int, month: int, day: int, *, shown: str, today: date) -> date:
    try:
        result = date(year, month, day)
    except ValueError:
        raise BadValue(BAD_DATE % {"value": shown}) from None
    if result.year < 1900:
        raise BadValue(BAD_DATE % {"value": shown})
    if result > today:
        raise BadValue(FUTURE_BIRTH_DATE)
    return result


def parse_birth_date(value, *, today: date) -> date | None:
    """A date of birth as Excel stores or people type it; month precision means the first day.

    A number between 1900 and 2100 is what people type as 1975.03 into a number cell; as Excel
    shows it, 1975.1 reads as January. Any larger number is an Excel date serial.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return _checked_date(value.year, value.month, value.day, shown=value.isoformat(), today=today)
    if isinstance(value, bool):
        raise BadValue(BAD_DATE % {"value": value})
    if isinstance(value, int | float):
        if 1900 <= value < 2101:
            if float(value).is_integer():
                raise BadValue(BAD_DATE % {"value": int(value)})
            value = repr(float(value))
        elif value > 0:
            try:
                day = from_excel(value)
            except (ValueError, OverflowError):
                raise BadValue(BAD_DATE % {"value": value}) from None
            day = day.date() if isinstance(day, datetime) else day
            return _checked_date(day.year, day.month, day.day, shown=str(value), today=today)
        else:
            raise BadValue(BAD_DATE % {"value": value})
    text = _TIME_RE.sub("", normalise_text(value).replace("。", "."))
    if not text:
        return None
    match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not match:
        raise BadValue(BAD_DATE % {"value": text})
    year, month, day = match.groups()
    return _checked_date(int(year), int(month), int(day or 1), shown=text, today=today)


def parse_phone(value) -> str:
    text = normalise_phone(value)
    if text and not is_valid_phone(text):
        raise BadValue(BAD_PHONE % {"value": text})
    return text


def parse_ethnicity(value) -> str:
    text = _SPACE_RE.sub("", cell_text(value))
    if not text:
        return "汉族"
    # 汉 -> 汉族, 蒙古 -> 蒙古族: rosters often leave the 族 out.
    return text if text.endswith("族") or len(text) > 4 else f"{text}族"


class TownshipMatcher:
    """Finds a township by its name, also without 镇/乡 (吉昌 -> 吉昌镇) or with 代表团 after it."""

    def __init__(self, townships):
        self.by_name = {}
        # Active townships last, so that they win over a merged-away one of the same short name.
        for township in sorted(townships, key=lambda t: t.is_active):
            self.by_name[township.name.rstrip("镇乡") or township.name] = township
        for township in townships:
            self.by_name[township.name] = township

    def match(self, value):
        text = _SPACE_RE.sub("", cell_text(value))
        if not text:
            return None
        for candidate in (text, text.removesuffix("代表团"), text.removeprefix("吉县")):
            if candidate in self.by_name:
                return self.by_name[candidate]
            if candidate.rstrip("镇乡") in self.by_name:
                return self.by_name[candidate.rstrip("镇乡")]
        raise BadValue(UNKNOWN_TOWNSHIP % {"value": text})


# --- the sheet ---------------------------------------------------------------------------------


@dataclass
class Problem:
    row: int | None  # the Excel row number; None for the whole file
    column: str  # the header as written in the file
    message: str


@dataclass
class RosterRow:
    number: int
    values: dict = field(default_factory=dict)
    levels: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def level_labels(self) -> list[str]:
        labels = dict(Level.choices)
        return [str(labels[code]) for code in self.levels]

    @property
    def gender_label(self) -> str:
        return str(dict(Gender.choices).get(self.values.get("gender"), ""))

    @property
    def party_label(self) -> str:
        return str(dict(Party.choices).get(self.values.get("party"), ""))


@dataclass
class RosterReport:
    header_row: int | None = None
    columns: dict = field(default_factory=dict)  # key -> header as written
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # about the whole file

    @property
    def problems(self) -> list[Problem]:
        found = [Problem(None, "", message) for message in self.errors]
        for row in self.rows:
            found.extend(row.problems)
        return found

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_rows(self) -> int:
        return sum(1 for row in self.rows if row.problems)


def find_header(rows: list[tuple]) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """(index of the header row, key -> column index, key -> header text) of the first row naming 姓名."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        positions, texts = {}, {}
        for col, cell in enumerate(row):
            key = _ALIASES.get(header_key(cell))
            if key and key not in positions:
                positions[key] = col
                texts[key] = _SPACE_RE.sub("", normalise_text(cell))
        if "name" in positions and len(positions) >= 2:
            return index, positions, texts
    return None


_LIMITS = {f: Deputy._meta.get_field(f).max_length for f in ("name", "constituency", "occupation", "phone")}


def check_roster(rows: list[tuple], *, today: date, townships, existing: set[tuple]) -> RosterReport:
    """Read and check every row; `existing` holds the (name, date of birth) of deputies on file.

    Nothing is written: the report lists the rows as they would be imported and every problem.
    """
    report = RosterReport()
    header = find_header(rows)
    labels = {c.key: c.header for c in COLUMNS}
    if header is None:
        columns = "、".join(labels[k] for k in REQUIRED_COLUMNS)
        report.errors.append(NO_HEADER_ROW % {"columns": columns, "rows": HEADER_SEARCH_ROWS})
        return report
    index, positions, texts = header
    report.header_row = index + 1
    report.columns = texts
    missing = [labels[k] for k in REQUIRED_COLUMNS if k not in positions]
    if missing:
        report.errors.append(MISSING_COLUMNS % {"row": index + 1, "columns": "、".join(missing)})
        return report

    matcher = TownshipMatcher(townships)
    column_order = {texts[key]: col for key, col in positions.items()}
    seen: dict[tuple, int] = {}
    for offset, raw in enumerate(rows[index + 1 :], start=index + 2):
        cells = {key: (raw[col] if col < len(raw) else None) for key, col in positions.items()}
        if all(cell_text(v) == "" for v in cells.values()):
            continue
        row = RosterRow(number=offset)
        report.rows.append(row)

        def problem(key, message, row=row):
            row.problems.append(Problem(row.number, texts.get(key, labels[key]), message))

        def read(key, parse, row=row, cells=cells):
            try:
                return parse(cells.get(key))
            except BadValue as exc:
                problem(key, exc.message)
                return None

        name = normalise_name(cells.get("name"))
        if not name:
            problem("name", MISSING_NAME)
        for key, text in (
            ("name", name),
            ("constituency", cell_text(cells.get("constituency"))),
            ("occupation", cell_text(cells.get("occupation"))),
        ):
            if len(text) > _LIMITS[key]:
                problem(key, TOO_LONG % {"max": _LIMITS[key]})
            row.values[key] = text
        row.values["gender"] = read("gender", parse_gender)
        row.values["ethnicity"] = parse_ethnicity(cells.get("ethnicity"))
        row.values["birth_date"] = read("birth_date", lambda v: parse_birth_date(v, today=today))
        row.values["party"] = read("party", parse_party) or ""
        row.levels = read("levels", parse_levels) or []
        row.values["township"] = read("township", matcher.match)
        row.values["phone"] = read("phone", parse_phone) or ""

        key = (name, row.values["birth_date"])
        if name and key in seen:
            problem("name", DUPLICATE_IN_FILE % {"row": seen[key]})
        elif name:
            seen[key] = row.number
            if key in existing:
                problem("name", DUPLICATE_EXISTING)
        # In the order of the file's columns, as the person correcting it reads the row.
        row.problems.sort(key=lambda p: column_order.get(p.column, 0))
    if not report.rows:
        report.errors.append(NO_DEPUTY_ROWS)
    return report


# --- out ---------------------------------------------------------------------------------------


def export_row(deputy: Deputy) -> list:
    return [
        deputy.name,
        GENDER_OUT.get(deputy.gender, ""),
        deputy.ethnicity,
        deputy.birth_date,
        PARTY_OUT.get(deputy.party, ""),
        "、".join(LEVEL_OUT[code] for code in deputy.level_codes),
        deputy.constituency,
        deputy.township.name if deputy.township_id else "",
        deputy.occupation,
        deputy.phone,
    ]


TEMPLATE_NOTES = [
    ("姓名", _("Required. Spaces inside the name are removed.")),
    ("性别", _("Required: 男 or 女.")),
    ("民族", _("For example 汉族; empty means 汉族.")),
    ("出生年月", _("1975.03, 1975年3月, 1975-03-01 or an Excel date; a month means its first day.")),
    (
        "政治面貌",
        _("中共党员, 中共预备党员, 共青团员, a democratic party such as 民盟盟员, 无党派人士 or 群众."),
    ),
    (
        "代表层级",
        _("Required. Every level the person holds, separated by 、: 全国, 省, 市, 县, 乡镇人大代表."),
    ),
    ("选区", _("The constituency that elected the deputy.")),
    ("所属乡镇", _("The township of the delegation, for example 吉昌镇 or 吉昌.")),
    ("工作单位及职务", _("Workplace and post.")),
    ("联系电话", _("A mobile number or a landline such as 0357-7922345.")),
]
