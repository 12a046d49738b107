"""The director meeting's figures for one year (and term), gathered from the apps in the top layer.

`figures()` is the single source of what the dashboard shows, what its .xlsx holds and what a
snapshot freezes: a JSON-serialisable dict of numbers, shares (percent, one decimal, None without a
denominator) and lists of {label, value, url}. Every count is an aggregate in the database, so the
number of queries does not grow with the data.

Definitions (shared with the yearly evaluation notice where it has one):
- received: suggestions of the year that were filed (everything but drafts);
- assigned: given to a lead unit (交办); replied: the latest round's reply is in (re-handling owes
  one again); on time: replied no later than the reply deadline, as a share of the assigned;
- 面商率: replied suggestions with at least one consultation, among the replied;
- satisfaction: 满意 + 基本满意 among the rated; A/B/C/D among those with an outcome category;
- overdue: awaiting a reply past the deadline today (computed, never stored).
Supervision counts the topics of the year; liaison the reception days held in the year; publicity
the articles published in the year. A term narrows the suggestions, the trainings and the deputies
counted (those holding a mandate in it).
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import ExtractMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import urlencode

from dashboard.expressions import GroupCount, total_of_groups
from deputies.models import Attendance, Deputy, Mandate
from liaison.models import Opinion, Reception, Station
from proposals.filters import ON_TIME, REPLIED
from proposals.models import (
    AWAITING_REPLY,
    Consultation,
    Cosignature,
    Outcome,
    Policy,
    Satisfaction,
    State,
    Suggestion,
)
from publicity.models import Article
from renda.core.models import Term
from supervision.models import Activity, RectificationItem, ReviewOpinion
from supervision.workflow import OPEN_ITEM_STATES

VERSION = 1
SATISFIED = [Satisfaction.SATISFIED, Satisfaction.BASICALLY]
PARTICIPATION = ("suggestion", "activity", "training")
PAGE_ROWS = 10  # units or stations a list of the page shows; a county has 8 stations


def share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _url(name: str, params: dict, *args) -> str:
    """A list's address with its filters; empty values are left out."""
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")], doseq=True)
    return f"{reverse(name, args=args)}?{query}" if query else reverse(name, args=args)


def _term(term) -> Term | None:
    if term is None or term == "" or isinstance(term, Term):
        return term or None
    return Term.objects.filter(pk=term).first()


def _top_units(qs, unit: str, *, limit: int | None) -> tuple[list[dict], dict]:
    """Rows of `qs` counted per `unit` (a foreign key to Unit), most first, at most `limit` of them (all
    with None); and, from the same grouped query, the count of every unit's rows ("value") and how many
    units were left out ("more")."""
    grouped = (
        qs.values(unit, f"{unit}__name")
        .annotate(n=Count("pk"))
        .annotate(units=GroupCount(), total=total_of_groups("n"))
        .order_by("-n", f"{unit}__name", unit)
    )
    rows = list(grouped[:limit] if limit else grouped)
    first = rows[0] if rows else {"units": 0, "total": 0}
    return rows, {"value": int(first["total"]), "more": first["units"] - len(rows)}


# --- Suggestions ------------------------------------------------------------------------------


def _suggestion_counts(qs) -> dict:
    consulted = Exists(Consultation.objects.filter(suggestion=OuterRef("pk")))
    return dict(
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
    ), consulted


def _suggestions(*, year: int, term, today: date, limit: int | None) -> dict:
    base = Suggestion.objects.exclude(state=State.DRAFT)
    if term:
        base = base.filter(term=term)
    aggregates, consulted = _suggestion_counts(base)
    # This year and the one before in one grouped query.
    by_year = {
        row["year"]: row
        for row in base.filter(year__in=[year, year - 1])
        .annotate(consulted=consulted)
        .values("year")
        .annotate(**aggregates)
        .order_by()
    }
    empty = dict.fromkeys(aggregates, 0)
    now, before = by_year.get(year, empty), by_year.get(year - 1, empty)
    ledger = {"year": year, "term": term.pk if term else None}

    # The ledger offers only the years that have suggestions: a year without any links nowhere.
    def link(**params):
        return _url("proposals:ledger", {**ledger, **params}) if now["received"] else ""

    def previous_link(**params):
        return _url("proposals:ledger", {**ledger, "year": year - 1, **params}) if before["received"] else ""

    def figure(key, /, **params):
        return {
            "value": now[key],
            "previous": before[key],
            "url": link(**params),
            "previous_url": previous_link(**params),
        }

    overdue_rows, overdue = _top_units(
        base.filter(year=year, state__in=AWAITING_REPLY, reply_due__lt=today),
        "lead_unit",
        limit=limit,
    )
    policy = Policy.current()
    return {
        "received": figure("received"),
        "assigned": figure("assigned", assigned=1),
        "replied": figure("replied", replied=1),
        "on_time": {
            **figure("on_time", on_time=1),
            "share": share(now["on_time"], now["assigned"]),
            "previous_share": share(before["on_time"], before["assigned"]),
        },
        "consultation": {
            **figure("consulted", replied=1, consulted=1),
            "whole": now["replied"],
            "share": share(now["consulted"], now["replied"]),
            "previous_share": share(before["consulted"], before["replied"]),
        },
        "satisfaction": {
            **figure("satisfied", satisfaction=SATISFIED),
            "whole": now["rated"],
            "whole_url": link(rated=1),
            "share": share(now["satisfied"], now["rated"]),
            "previous_share": share(before["satisfied"], before["rated"]),
        },
        "rehandled": figure("rehandled", rehandled=1),
        "key": figure("key", key=1),
        "outcomes": [
            {
                "code": code,
                "label": f"{code} {policy.outcome_label(code)}",
                "value": now[f"outcome_{code}"],
                "share": share(now[f"outcome_{code}"], now["with_outcome"]),
                "url": link(outcome=code),
            }
            for code in Outcome.values
        ],
        "overdue": {
            **overdue,
            "url": link(overdue=1),
            "by_unit": [
                {
                    "label": r["lead_unit__name"],
                    "value": r["n"],
                    "url": link(overdue=1, lead_unit=r["lead_unit"]),
                }
                for r in overdue_rows
            ],
        },
    }


# --- Supervision ------------------------------------------------------------------------------


def _supervision(*, year: int, today: date, limit: int | None) -> dict:
    activities = dict(
        Activity.objects.filter(topic__year=year).values_list("kind").annotate(n=Count("pk")).order_by()
    )
    opinions = dict(
        ReviewOpinion.objects.filter(activity__topic__year=year)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    items = RectificationItem.objects.filter(opinion__activity__topic__year=year)
    item_states = dict(items.values_list("state").annotate(n=Count("pk")).order_by())
    overdue_rows, overdue = _top_units(
        items.filter(state__in=OPEN_ITEM_STATES, deadline__lt=today), "unit", limit=limit
    )

    def rows(counts, choices, name, param):
        return [
            {
                "code": code,
                "label": str(label),
                "value": counts.get(code, 0),
                "url": _url(name, {"year": year, param: code}),
            }
            for code, label in choices
        ]

    return {
        "activities": {
            "value": sum(activities.values()),
            "url": _url("dashboard:activities", {"year": year}),
            "by_kind": rows(activities, Activity.Kind.choices, "dashboard:activities", "kind"),
        },
        "opinions": {
            "value": sum(opinions.values()),
            "url": _url("dashboard:opinions", {"year": year}),
            "by_state": rows(opinions, ReviewOpinion.State.choices, "dashboard:opinions", "state"),
        },
        "items": {
            "value": sum(item_states.values()),
            "url": _url("supervision:ledger", {"year": year}),
            "by_state": rows(item_states, RectificationItem.State.choices, "supervision:ledger", "state"),
        },
        "items_overdue": {
            **overdue,
            "url": _url("supervision:ledger", {"year": year, "overdue": 1}),
            "by_unit": [
                {
                    "label": r["unit__name"],
                    "value": r["n"],
                    "url": _url("supervision:ledger", {"year": year, "unit": r["unit"], "overdue": 1}),
                }
                for r in overdue_rows
            ],
        },
    }


# --- Liaison ----------------------------------------------------------------------------------


def _liaison(*, year: int, limit: int | None) -> dict:
    receptions = dict(
        Reception.objects.filter(date__year=year, state=Reception.State.HELD)
        .values_list("station")
        .annotate(n=Count("*"))  # COUNT(*): read from the index of state, date and station alone
        .order_by()
    )
    opinions = {
        row["reception__station"]: row
        for row in Opinion.objects.filter(reception__date__year=year)
        .values("reception__station")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(state=Opinion.State.CLOSED)))
        .order_by()
    }
    nothing = {"n": 0, "closed": 0}
    every = [
        (station, receptions.get(station["pk"], 0), opinions.get(station["pk"], nothing))
        for station in Station.objects.order_by("sort_order", "name").values("pk", "name")
    ]
    shown, others = every, []
    if limit and len(every) > limit:
        # More stations than the page has room for: the busiest, then the rest summed up in one row.
        ranked = sorted(every, key=lambda s: (-s[1], -s[2]["n"]))  # stable: ties keep the order above
        shown, others = ranked[:limit], ranked[limit:]
    stations = []
    for station, held, counted in shown:
        pk = station["pk"]
        stations.append(
            {
                "label": station["name"],
                "receptions": held,
                "receptions_url": _url("liaison:receptions", {"station": pk, "year": year, "state": "held"}),
                "opinions": counted["n"],
                "opinions_url": _url("liaison:opinions", {"station": pk, "year": year}),
                "closed": counted["closed"],
                "closed_url": _url("liaison:opinions", {"station": pk, "year": year, "state": "closed"}),
                "closed_share": share(counted["closed"], counted["n"]),
            }
        )
    opinions_total = sum(s[2]["n"] for s in every)
    closed_total = sum(s[2]["closed"] for s in every)
    other_opinions, other_closed = sum(s[2]["n"] for s in others), sum(s[2]["closed"] for s in others)
    return {
        "receptions": {
            "value": sum(s[1] for s in every),
            "url": _url("liaison:receptions", {"year": year, "state": "held"}),
        },
        "opinions": {"value": opinions_total, "url": _url("liaison:opinions", {"year": year})},
        "closed": {
            "value": closed_total,
            "share": share(closed_total, opinions_total),
            "url": _url("liaison:opinions", {"year": year, "state": "closed"}),
        },
        "stations": stations,
        "others": {
            "stations": len(others),
            "receptions": sum(s[1] for s in others),
            "opinions": other_opinions,
            "closed": other_closed,
            "closed_share": share(other_closed, other_opinions),
        }
        if others
        else None,
    }


# --- Deputies ---------------------------------------------------------------------------------


def _participation(*, year: int, term) -> dict:
    """Each kind of taking part in the year: the rows that show it, and their field naming the deputy."""
    filed = Suggestion.objects.filter(year=year).exclude(state=State.DRAFT)
    trainings = Attendance.objects.filter(training__start_date__year=year)
    if term:
        filed = filed.filter(term=term)
        trainings = trainings.filter(training__term=term)
    return {
        "led": (filed, "lead_deputy"),
        "cosigned": (
            Cosignature.objects.filter(state=Cosignature.State.CONFIRMED, suggestion__in=filed),
            "deputy",
        ),
        "joined": (Activity.deputies.through.objects.filter(activity__topic__year=year), "deputy"),
        "trained": (trainings, "deputy"),
    }


def participation_annotations(*, year: int, term) -> dict:
    """Exists() of each kind of taking part in the year, for a queryset of deputies (a page of rows)."""
    return {
        kind: Exists(rows.filter(**{field: OuterRef("pk")}))
        for kind, (rows, field) in _participation(year=year, term=term).items()
    }


def _participated(*, year: int, term) -> dict:
    """Each kind of taking part as a filter on deputies: `pk IN (the deputies of those rows)`, one set
    the database builds once (a hashed subplan), where Exists() would look each deputy up in turn."""
    return {
        kind: Q(pk__in=rows.values(field))
        for kind, (rows, field) in _participation(year=year, term=term).items()
    }


def deputies_counted(*, term):
    """The deputies the participation shares are of: active ones, holding a mandate in the term."""
    qs = Deputy.objects.active()
    if term:
        qs = qs.filter(Exists(Mandate.objects.filter(deputy=OuterRef("pk"), term=term)))
    return qs


def _deputies(*, year: int, term) -> dict:
    took_part = _participated(year=year, term=term)
    counts = deputies_counted(term=term).aggregate(
        total=Count("pk"),
        suggestion=Count("pk", filter=took_part["led"] | took_part["cosigned"]),
        activity=Count("pk", filter=took_part["joined"]),
        training=Count("pk", filter=took_part["trained"]),
    )
    params = {"year": year, "term": term.pk if term else None}
    return {
        "total": {"value": counts["total"], "url": _url("dashboard:deputies", params)},
        **{
            kind: {
                "value": counts[kind],
                "share": share(counts[kind], counts["total"]),
                "url": _url("dashboard:deputies", {**params, "part": kind}),
            }
            for kind in PARTICIPATION
        },
    }


# --- Publicity --------------------------------------------------------------------------------


def _publicity(*, year: int) -> dict:
    per_month = dict(
        Article.objects.published()
        .filter(published_at__year=year)
        .annotate(month=ExtractMonth("published_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    months = [
        {
            "month": month,
            "label": str(MONTHS[month]),
            "value": per_month.get(month, 0),
            "url": _url("dashboard:articles", {"year": year, "month": month}),
        }
        for month in range(1, 13)
    ]
    return {
        "articles": {"value": sum(per_month.values()), "url": _url("dashboard:articles", {"year": year})},
        "per_month": months,
    }


def figures(*, year: int, term=None, today=None, limit: int | None = None) -> dict:
    """Every figure of the dashboard for `year` (and `term`: a Term, its pk or None) as of `today`.

    `limit` bounds the lists by unit and by station to what a page shows (the units with the most, the
    busiest stations and one row for the rest); the totals are always of every row. The .xlsx and the
    snapshots keep every row (None)."""
    today = today or timezone.localdate()
    term = _term(term)
    return {
        "version": VERSION,
        "year": year,
        "previous_year": year - 1,
        "term": {"id": term.pk, "name": term.name} if term else None,
        "as_of": today.isoformat(),
        "suggestions": _suggestions(year=year, term=term, today=today, limit=limit),
        "supervision": _supervision(year=year, today=today, limit=limit),
        "liaison": _liaison(year=year, limit=limit),
        "deputies": _deputies(year=year, term=term),
        "publicity": _publicity(year=year),
    }
