"""Reads of the suggestion ledger (台账): the ledger rows, their counts by state, the streamed .xlsx
export in the committee's columns, the units' scorecards of a year, the yearly evaluation notice and
the director meeting's counts of a year.

Every read starts from `suggestion_visible_to(user)`, so a unit's ledger or export holds only its own
rows and a deputy's only theirs. Counts and scorecards are single aggregate queries: their cost does
not grow with the number of suggestions.
"""

# The export's headers and cell labels are the committee's file format, in Chinese on purpose.

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from proposals.models import (
    AWAITING_REPLY,
    Category,
    CoHandling,
    Consultation,
    Cosignature,
    Outcome,
    Policy,
    ProgressUpdate,
    Reply,
    Satisfaction,
    State,
    Suggestion,
)
from proposals.selectors import filed_suggestions, suggestion_visible_to
from renda.core.xlsx import cell_value

EXPORT_CHUNK = 2000
# Ratings that count as satisfied in the evaluation (满意 + 基本满意).
SATISFIED = [Satisfaction.SATISFIED, Satisfaction.BASICALLY]
# The figures of the director meeting's dashboard, shared with its links to the ledger's filters: the
# latest round's reply is in (re-handling owes one again), and it came no later than the deadline.
REPLIED = Q(replied_at__isnull=False) & ~Q(state__in=AWAITING_REPLY)
ON_TIME = REPLIED & Q(replied_at__lte=F("reply_due"))

# The committee's Excel ledger, column for column. Not interface text: the same in every language.
EXPORT_HEADERS = [
    "编号",
    "届次",
    "会议/闭会期间",
    "标题",
    "分类",
    "领衔代表",
    "附议代表",
    "代表团",
    "主办单位",
    "协办单位",
    "交办日期",
    "要求答复日期",
    "答复日期",
    "答复类别",
    "面商",
    "满意度",
    "重新办理次数",
    "重点督办",
    "状态",
]
EXPORT_WIDTHS = [30, 10, 16, 40, 16, 10, 24, 10, 22, 28, 12, 12, 12, 24, 20, 10, 8, 8, 12]
EXPORT_SHEET = "代表建议台账"
# The file is the committee's document: its cell labels are written in the committee's language.
FILE_LANGUAGE = "zh-hans"


def _confirmed_cosignatures() -> Prefetch:
    return Prefetch(
        "cosignature_set",
        queryset=Cosignature.objects.filter(state=Cosignature.State.CONFIRMED)
        .select_related("deputy")
        .order_by("pk"),
        to_attr="confirmed_cosignatures",
    )


def _cohandlings() -> Prefetch:
    return Prefetch(
        "cohandling_set",
        queryset=CoHandling.objects.select_related("unit").order_by("pk"),
        to_attr="cohandlings",
    )


def ledger_for(user) -> QuerySet[Suggestion]:
    """The ledger as `user` may see it: every filed suggestion (drafts stay the deputy's own)."""
    return (
        suggestion_visible_to(user)
        .exclude(state=State.DRAFT)
        .annotate(
            consulted=Exists(Consultation.objects.filter(suggestion=OuterRef("pk"))),
            unnumbered=Case(When(number__isnull=True, then=Value(1)), default=Value(0)),
        )
        .prefetch_related(_confirmed_cosignatures(), _cohandlings())
        # Newest year first; in a year the numbered ones in the order of their sequences, then the
        # ones without a number (not yet accepted, or not accepted at all), latest first.
        .order_by("-year", "unnumbered", "sequence", "number", "-submitted_at", "-pk")
    )


def state_counts(queryset: QuerySet[Suggestion]) -> dict[str, int]:
    """How many rows of `queryset` are in each state, in one query."""
    rows = (
        Suggestion.objects.filter(pk__in=queryset.values("pk"))
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["state"]: row["n"] for row in rows}


def state_chips(counts: dict[str, int], selected) -> list[dict]:
    """The states that occur, in workflow order, with their counts and whether the filter picks them."""
    return [
        {"value": value, "label": label, "count": counts[value], "active": value in selected}
        for value, label in State.choices
        if counts.get(value)
    ]


def is_overdue(suggestion: Suggestion, *, today: date) -> bool:
    """The same rule as SuggestionQuerySet.overdue, for a row already at hand."""
    due = suggestion.reply_due
    return suggestion.state in AWAITING_REPLY and due is not None and due < today


def recess_label(year: int) -> str:
    return f"{year}年闭会期间"


# --- export --------------------------------------------------------------------------------------


@dataclass
class FileLabels:
    """The labels the file writes, taken once in the committee's language."""

    categories: dict
    states: dict
    satisfaction: dict
    ways: dict
    outcomes: dict

    @classmethod
    def load(cls) -> "FileLabels":
        policy = Policy.current()
        with translation.override(FILE_LANGUAGE):
            return cls(
                categories={v: str(label) for v, label in Category.choices},
                states={v: str(label) for v, label in State.choices},
                satisfaction={v: str(label) for v, label in Satisfaction.choices},
                ways={v: str(label) for v, label in Consultation.Way.choices},
                outcomes={code: f"{code} {policy.outcome_label(code)}".strip() for code in Outcome.values},
            )


# What a row of the file reads from the suggestion itself, through its foreign keys.
EXPORT_FIELDS = [
    "pk",
    "number",
    "year",
    "title",
    "category",
    "term__name",
    "session_id",
    "session__name",
    "lead_deputy__name",
    "delegation__name",
    "lead_unit__name",
    "assigned_at",
    "reply_due",
    "replied_at",
    "outcome",
    "satisfaction",
    "rehandling_rounds",
    "is_key",
    "state",
]


def number_label(*, term: str, session: str | None, year: int, number: int | None) -> str:
    """Suggestion.number_label from plain values (the export reads values, not model instances)."""
    if number is None:
        return ""
    if session:
        return f"{term}{session}第{number:03d}号"
    return f"{term}{year}年闭会期间第{number:03d}号"


def _grouped(pairs) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for key, *value in pairs:
        grouped.setdefault(key, []).append(value[0] if len(value) == 1 else value)
    return grouped


def _export_batch(pks: list[int], labels: FileLabels) -> Iterator[list]:
    """The rows of one batch of suggestions: four queries, plain values, in the ledger's order."""
    found = {r["pk"]: r for r in Suggestion.objects.filter(pk__in=pks).values(*EXPORT_FIELDS)}
    cosigners = _grouped(
        Cosignature.objects.filter(suggestion_id__in=pks, state=Cosignature.State.CONFIRMED)
        .order_by("pk")
        .values_list("suggestion_id", "deputy__name")
    )
    co_units = _grouped(
        CoHandling.objects.filter(suggestion_id__in=pks)
        .order_by("pk")
        .values_list("suggestion_id", "unit__name")
    )
    consultations = _grouped(
        Consultation.objects.filter(suggestion_id__in=pks)
        .order_by("date", "pk")
        .values_list("suggestion_id", "way", "date")
    )
    for pk in pks:
        r = found[pk]
        yield [
            number_label(
                term=r["term__name"], session=r["session__name"], year=r["year"], number=r["number"]
            ),
            r["term__name"],
            r["session__name"] if r["session_id"] else recess_label(r["year"]),
            r["title"],
            labels.categories.get(r["category"], r["category"]),
            r["lead_deputy__name"],
            "、".join(cosigners.get(pk, [])),
            r["delegation__name"] or "",
            r["lead_unit__name"] or "",
            "、".join(co_units.get(pk, [])),
            r["assigned_at"],
            r["reply_due"],
            r["replied_at"],
            labels.outcomes.get(r["outcome"], "") if r["outcome"] else "",
            "；".join(
                f"{labels.ways.get(way, way)} {day:%Y-%m-%d}" for way, day in consultations.get(pk, [])
            ),
            labels.satisfaction.get(r["satisfaction"], "") if r["satisfaction"] else "",
            r["rehandling_rounds"],
            "是" if r["is_key"] else "",
            labels.states.get(r["state"], r["state"]),
        ]


def export_rows(queryset: QuerySet[Suggestion]) -> Iterator[list]:
    """The file's rows in the ledger's order, EXPORT_CHUNK suggestions at a time.

    The primary keys of the filtered ledger stream from the database; each batch of them is read
    with its co-signers, co-handling units and consultations as plain values, so that memory holds
    one batch whatever the size of the ledger.
    """
    labels = FileLabels.load()
    batch: list[int] = []
    for pk in queryset.values_list("pk", flat=True).iterator(chunk_size=EXPORT_CHUNK):
        batch.append(pk)
        if len(batch) >= EXPORT_CHUNK:
            yield from _export_batch(batch, labels)
            batch = []
    if batch:
        yield from _export_batch(batch, labels)


def write_ledger_xlsx(queryset: QuerySet[Suggestion], file) -> int:
    """Write the ledger to `file` (a path or a binary file object) as a streamed workbook.

    openpyxl's write-only mode sends each row to a temporary file as it is appended, so the
    workbook never holds the rows in memory. Every value goes through `cell_value`, so the text of a
    title or a name is stored as text, never as a formula. Returns the number of rows written.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(EXPORT_SHEET)
    for index, width in enumerate(EXPORT_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    wrap = Alignment(vertical="center", wrap_text=True)
    header = []
    for text in EXPORT_HEADERS:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        header.append(cell)
    ws.append(header)
    count = 0
    for row in export_rows(queryset):
        ws.append([cell_value(value) for value in row])
        count += 1
    wb.save(file)
    return count


# --- scorecards and the evaluation notice --------------------------------------------------------


def suggestion_years() -> list[int]:
    """Years that have filed suggestions, newest first."""
    return list(
        Suggestion.objects.exclude(state=State.DRAFT)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def suggestion_year_span() -> tuple[int, int] | None:
    """The first and the last year with filed suggestions (None without any): two probes of the year
    index, where listing the distinct years reads every row."""
    span = Suggestion.objects.exclude(state=State.DRAFT).aggregate(first=Min("year"), last=Max("year"))
    return None if span["first"] is None else (span["first"], span["last"])


def suggestion_counts_by_year(*, years: list[int], term=None) -> dict[int, dict[str, int]]:
    """For each of `years`, the director meeting's counts of the filed suggestions (of `term` when
    given), in one grouped query; a year without any has every count 0.

    received, assigned, replied, on_time, consulted (replied with a consultation), rated, satisfied,
    with_outcome, rehandled, key, and outcome_A to outcome_D."""
    aggregates = dict(
        received=Count("pk"),
        assigned=Count("pk", filter=Q(assigned_at__isnull=False)),
        replied=Count("pk", filter=REPLIED),
        on_time=Count("pk", filter=ON_TIME),
        consulted=Count("pk", filter=REPLIED & Q(consulted=True)),
        rated=Count("pk", filter=~Q(satisfaction="")),
        satisfied=Count("pk", filter=Q(satisfaction__in=SATISFIED)),
        with_outcome=Count("pk", filter=~Q(outcome="")),
        rehandled=Count("pk", filter=Q(rehandling_rounds__gt=0)),
        key=Count("pk", filter=Q(is_key=True)),
        **{f"outcome_{code}": Count("pk", filter=Q(outcome=code)) for code in Outcome.values},
    )
    rows = (
        filed_suggestions(term=term)
        .filter(year__in=years)
        .annotate(consulted=Exists(Consultation.objects.filter(suggestion=OuterRef("pk"))))
        .values("year")
        .annotate(**aggregates)
        .order_by()
    )
    counted = {row.pop("year"): row for row in rows}
    return {year: counted.get(year, dict.fromkeys(aggregates, 0)) for year in years}


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# Shown as columns of the scorecards; `sort` is the row key each column sorts by.
SCORE_KEYS = [
    "name",
    "assigned",
    "replied",
    "on_time",
    "on_time_share",
    "consulted_share",
    "satisfaction_share",
    "implementation_share",
    "rehandled",
]


def _rank_key(row: dict):
    """The evaluation's order: satisfaction first, then replying on time, then consultation."""

    def score(value):
        return -1 if value is None else value

    return (
        -score(row["satisfaction_share"]),
        -score(row["on_time_share"]),
        -score(row["consulted_share"]),
        -row["assigned"],
        row["name"],
    )


def unit_scorecards(year: int) -> list[dict]:
    """One row per lead unit of the suggestions of `year`, ranked, in two queries.

    - assigned: suggestions of the year the unit leads (交办);
    - replied: the reply of the latest round is in and not sent back (re-handling still owes one);
    - on time: replied no later than the deadline of that round (reply_due), count and share of
      the assigned;
    - 面商率: share of the replied ones with a consultation by the unit on or before the reply;
    - satisfaction: 满意 + 基本满意 among the rated replies of the unit, every round counted (a reply
      rated 不满意 and handled again still counts against the unit that gave it);
    - implementation: B/C replies closed after an implementation marked done, among all B/C;
    - re-handled: suggestions sent back at least once (不满意 -> 重新办理).
    """
    replied = Q(replied_at__isnull=False) & ~Q(state__in=AWAITING_REPLY)
    rows = (
        Suggestion.objects.filter(year=year, assigned_at__isnull=False, lead_unit__isnull=False)
        .annotate(
            consulted_before=Exists(
                Consultation.objects.filter(
                    suggestion=OuterRef("pk"), unit=OuterRef("lead_unit"), date__lte=OuterRef("replied_at")
                )
            ),
            implemented=Exists(ProgressUpdate.objects.filter(suggestion=OuterRef("pk"), is_done=True)),
        )
        .values("lead_unit", "lead_unit__name")
        .annotate(
            assigned=Count("pk"),
            replied=Count("pk", filter=replied),
            on_time=Count("pk", filter=replied & Q(replied_at__lte=F("reply_due"))),
            consulted=Count("pk", filter=replied & Q(consulted_before=True)),
            bc=Count("pk", filter=Q(outcome__in=[Outcome.B, Outcome.C])),
            bc_done=Count(
                "pk", filter=Q(outcome__in=[Outcome.B, Outcome.C], state=State.CLOSED, implemented=True)
            ),
            rehandled=Count("pk", filter=Q(rehandling_rounds__gt=0)),
        )
        .order_by()
    )
    ratings = {
        r["unit"]: r
        for r in Reply.objects.filter(suggestion__year=year)
        .values("unit")
        .annotate(
            rated=Count("pk", filter=~Q(satisfaction="")),
            satisfied=Count("pk", filter=Q(satisfaction__in=SATISFIED)),
        )
        .order_by()
    }
    cards = []
    for r in rows:
        unit_id = r.pop("lead_unit")
        rating = ratings.get(unit_id, {})
        r.update(rated=rating.get("rated", 0), satisfied=rating.get("satisfied", 0))
        cards.append(_with_shares({"unit_id": unit_id, "name": r.pop("lead_unit__name"), **r}))
    cards.sort(key=_rank_key)
    for rank, card in enumerate(cards, start=1):
        card["rank"] = rank
    return cards


def _with_shares(row: dict) -> dict:
    row["on_time_share"] = _share(row["on_time"], row["assigned"])
    row["consulted_share"] = _share(row["consulted"], row["replied"])
    row["satisfaction_share"] = _share(row["satisfied"], row["rated"])
    row["implementation_share"] = _share(row["bc_done"], row["bc"])
    return row


def sort_scorecards(cards: list[dict], sort: str) -> tuple[list[dict], str]:
    """Cards sorted by `sort` ("assigned", "-satisfaction_share" …); an unknown key keeps the rank."""
    key = sort.lstrip("-")
    if key not in SCORE_KEYS:
        return cards, ""
    descending = sort.startswith("-")

    def value(card):
        v = card[key]
        if v is None:  # no denominator: always last
            return (1, 0)
        return (0, v if not descending or isinstance(v, str) else -v)

    ordered = sorted(cards, key=value)
    if descending and key == "name":
        ordered.reverse()
    return ordered, sort


def year_summary(year: int, cards: list[dict]) -> dict:
    """The figures of the evaluation notice's summary: received and accepted (one query) and the
    units' totals."""
    received = (
        Suggestion.objects.filter(year=year)
        .exclude(state=State.DRAFT)
        .aggregate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(number__isnull=False)),
            key=Count("pk", filter=Q(is_key=True)),
        )
    )
    figures = (
        "assigned",
        "replied",
        "on_time",
        "consulted",
        "rated",
        "satisfied",
        "bc",
        "bc_done",
        "rehandled",
    )
    totals = {name: sum(card[name] for card in cards) for name in figures}
    return {"year": year, "units": len(cards), **received, **_with_shares(totals)}


def score_row(card: dict) -> list:
    """A scorecard as a row of the evaluation's sheet."""
    return [
        card["rank"],
        card["name"],
        card["assigned"],
        card["replied"],
        card["on_time"],
        card["on_time_share"],
        card["consulted_share"],
        card["satisfaction_share"],
        card["implementation_share"],
        card["rehandled"],
    ]
