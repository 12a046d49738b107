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
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.http import urlencode

from dashboard.expressions import GroupCount, total_of_groups
from deputies.selectors import active_deputies, training_attendances
from liaison.selectors import station_year_counts
from proposals.ledger import SATISFIED, suggestion_counts_by_year
from proposals.selectors import confirmed_cosignatures, filed_suggestions, outcome_labels
from publicity.selectors import published_counts_by_month
from renda.core.models import Term
from supervision.selectors import (
    activity_counts_by_kind,
    activity_kinds,
    activity_participations,
    item_counts_by_state,
    item_states,
    opinion_counts_by_state,
    opinion_states,
    overdue_items,
)

VERSION = 1
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


def _suggestions(*, year: int, term, today: date, limit: int | None) -> dict:
    # This year and the one before in one grouped query.
    by_year = suggestion_counts_by_year(years=[year, year - 1], term=term)
    now, before = by_year[year], by_year[year - 1]
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
        filed_suggestions(term=term).filter(year=year).overdue(today=today), "lead_unit", limit=limit
    )
    outcomes = outcome_labels()
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
                "label": f"{code} {label}",
                "value": now[f"outcome_{code}"],
                "share": share(now[f"outcome_{code}"], now["with_outcome"]),
                "url": link(outcome=code),
            }
            for code, label in outcomes.items()
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
    activities = activity_counts_by_kind(year=year)
    opinions = opinion_counts_by_state(year=year)
    items = item_counts_by_state(year=year)
    overdue_rows, overdue = _top_units(overdue_items(today=today, year=year), "unit", limit=limit)

    def rows(counts, labels, name, param):
        return [
            {
                "code": code,
                "label": str(label),
                "value": counts.get(code, 0),
                "url": _url(name, {"year": year, param: code}),
            }
            for code, label in labels.items()
        ]

    return {
        "activities": {
            "value": sum(activities.values()),
            "url": _url("dashboard:activities", {"year": year}),
            "by_kind": rows(activities, activity_kinds(), "dashboard:activities", "kind"),
        },
        "opinions": {
            "value": sum(opinions.values()),
            "url": _url("dashboard:opinions", {"year": year}),
            "by_state": rows(opinions, opinion_states(), "dashboard:opinions", "state"),
        },
        "items": {
            "value": sum(items.values()),
            "url": _url("supervision:ledger", {"year": year}),
            "by_state": rows(items, item_states(), "supervision:ledger", "state"),
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
    every = station_year_counts(year=year)
    shown, others = every, []
    if limit and len(every) > limit:
        # More stations than the page has room for: the busiest, then the rest summed up in one row
        # (a stable sort: ties keep the stations' order).
        ranked = sorted(every, key=lambda s: (-s["receptions"], -s["opinions"]))
        shown, others = ranked[:limit], ranked[limit:]
    stations = []
    for station in shown:
        pk = station["pk"]
        stations.append(
            {
                "label": station["name"],
                "receptions": station["receptions"],
                "receptions_url": _url("liaison:receptions", {"station": pk, "year": year, "state": "held"}),
                "opinions": station["opinions"],
                "opinions_url": _url("liaison:opinions", {"station": pk, "year": year}),
                "closed": station["closed"],
                "closed_url": _url("liaison:opinions", {"station": pk, "year": year, "state": "closed"}),
                "closed_share": share(station["closed"], station["opinions"]),
            }
        )
    opinions_total = sum(s["opinions"] for s in every)
    closed_total = sum(s["closed"] for s in every)
    other_opinions, other_closed = sum(s["opinions"] for s in others), sum(s["closed"] for s in others)
    return {
        "receptions": {
            "value": sum(s["receptions"] for s in every),
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
            "receptions": sum(s["receptions"] for s in others),
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
    filed = filed_suggestions(term=term).filter(year=year)
    return {
        "led": (filed, "lead_deputy"),
        "cosigned": (confirmed_cosignatures(filed), "deputy"),
        "joined": (activity_participations(year=year), "deputy"),
        "trained": (training_attendances(year=year, term=term), "deputy"),
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


def _deputies(*, year: int, term) -> dict:
    took_part = _participated(year=year, term=term)
    # The shares are of the active deputies holding a mandate in the term.
    counts = active_deputies(term=term).aggregate(
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
    per_month = published_counts_by_month(year=year)
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
