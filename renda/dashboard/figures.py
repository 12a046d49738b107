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


def _suggestions(*, year: int, term, today: date) -> dict:
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

    overdue_rows = (
        base.filter(year=year, state__in=AWAITING_REPLY, reply_due__lt=today)
        .values("lead_unit", "lead_unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_unit__name")
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
            "value": sum(r["n"] for r in overdue_rows),
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


def _supervision(*, year: int, today: date) -> dict:
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
    overdue_rows = (
        items.filter(state__in=OPEN_ITEM_STATES, deadline__lt=today)
        .values("unit", "unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")
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
            "value": sum(r["n"] for r in overdue_rows),
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


def _liaison(*, year: int) -> dict:
    receptions = dict(
        Reception.objects.filter(date__year=year, state=Reception.State.HELD)
        .values_list("station")
        .annotate(n=Count("pk"))
        .order_by()
    )
    opinions = {
        row["reception__station"]: row
        for row in Opinion.objects.filter(reception__date__year=year)
        .values("reception__station")
        .annotate(n=Count("pk"), closed=Count("pk", filter=Q(state=Opinion.State.CLOSED)))
        .order_by()
    }
    stations = []
    for station in Station.objects.order_by("sort_order", "name").values("pk", "name"):
        pk = station["pk"]
        counted = opinions.get(pk, {"n": 0, "closed": 0})
        stations.append(
            {
                "label": station["name"],
                "receptions": receptions.get(pk, 0),
                "receptions_url": _url("liaison:receptions", {"station": pk, "year": year, "state": "held"}),
                "opinions": counted["n"],
                "opinions_url": _url("liaison:opinions", {"station": pk, "year": year}),
                "closed": counted["closed"],
                "closed_url": _url("liaison:opinions", {"station": pk, "year": year, "state": "closed"}),
                "closed_share": share(counted["closed"], counted["n"]),
            }
        )
    opinions_total = sum(s["opinions"] for s in stations)
    closed_total = sum(s["closed"] for s in stations)
    return {
        "receptions": {
            "value": sum(s["receptions"] for s in stations),
            "url": _url("liaison:receptions", {"year": year, "state": "held"}),
        },
        "opinions": {"value": opinions_total, "url": _url("liaison:opinions", {"year": year})},
        "closed": {
            "value": closed_total,
            "share": share(closed_total, opinions_total),
            "url": _url("liaison:opinions", {"year": year, "state": "closed"}),
        },
        "stations": stations,
    }


# --- Deputies ---------------------------------------------------------------------------------


def participation_annotations(*, year: int, term) -> dict:
    """Exists() of each kind of taking part in the year, for a queryset of deputies."""
    filed = Suggestion.objects.filter(year=year).exclude(state=State.DRAFT)
    trainings = Attendance.objects.filter(deputy=OuterRef("pk"), training__start_date__year=year)
    if term:
        filed = filed.filter(term=term)
        trainings = trainings.filter(training__term=term)
    return {
        "led": Exists(filed.filter(lead_deputy=OuterRef("pk"))),
        "cosigned": Exists(
            Cosignature.objects.filter(
                deputy=OuterRef("pk"), state=Cosignature.State.CONFIRMED, suggestion__in=filed
            )
        ),
        "joined": Exists(
            Activity.deputies.through.objects.filter(deputy=OuterRef("pk"), activity__topic__year=year)
        ),
        "trained": Exists(trainings),
    }


def deputies_counted(*, term):
    """The deputies the participation shares are of: active ones, holding a mandate in the term."""
    qs = Deputy.objects.active()
    if term:
        qs = qs.filter(Exists(Mandate.objects.filter(deputy=OuterRef("pk"), term=term)))
    return qs


def _deputies(*, year: int, term) -> dict:
    counts = (
        deputies_counted(term=term)
        .annotate(**participation_annotations(year=year, term=term))
        .aggregate(
            total=Count("pk"),
            suggestion=Count("pk", filter=Q(led=True) | Q(cosigned=True)),
            activity=Count("pk", filter=Q(joined=True)),
            training=Count("pk", filter=Q(trained=True)),
        )
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


def figures(*, year: int, term=None, today=None) -> dict:
    """Every figure of the dashboard for `year` (and `term`: a Term, its pk or None) as of `today`."""
    today = today or timezone.localdate()
    term = _term(term)
    return {
        "version": VERSION,
        "year": year,
        "previous_year": year - 1,
        "term": {"id": term.pk, "name": term.name} if term else None,
        "as_of": today.isoformat(),
        "suggestions": _suggestions(year=year, term=term, today=today),
        "supervision": _supervision(year=year, today=today),
        "liaison": _liaison(year=year),
        "deputies": _deputies(year=year, term=term),
        "publicity": _publicity(year=year),
    }
