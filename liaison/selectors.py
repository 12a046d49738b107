"""Reads of the liaison network: who may see which station, reception and opinion, and the counts pages show.

Staff and the director meeting (liaison.view_liaison) see everything. A deputy sees their own
station (their Assignment's) and its points, the receptions of that station and those they were on
duty at or attended, and the opinions raised at those receptions. A unit user sees only the opinions
forwarded to their unit. Everything else answers 404, like a missing row.
"""

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from deputies.models import Deputy, Level, Mandate
from liaison.models import Assignment, Opinion, Point, Reception, Station
from liaison.workflow import MOVES
from renda.core.workflow import allowed_actions

VIEW_ALL = "liaison.view_liaison"


def deputy_of(user) -> Deputy | None:
    """The deputy whose account `user` is, or None (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_liaison_deputy"):
        user._liaison_deputy = Deputy.objects.filter(user=user).first()
    return user._liaison_deputy


def assignment_of(user) -> Assignment | None:
    """The station (and point) of the deputy whose account `user` is, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_liaison_assignment"):
        user._liaison_assignment = (
            Assignment.objects.select_related("station", "point", "deputy").filter(deputy__user=user).first()
        )
    return user._liaison_assignment


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    """A correlated COUNT(*) of `queryset` rows whose `outer` field is the outer row: one query in all."""
    counted = (
        queryset.filter(**{outer: OuterRef("pk")})
        .order_by()
        .values(outer)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def current_mandates() -> Prefetch:
    """Prefetch of the mandates of the current term, so that Deputy.level_labels costs no query per row."""
    return Prefetch("mandates", queryset=Mandate.objects.filter(term__is_current=True).order_by("level"))


# Stations -------------------------------------------------------------------------------------------


def station_visible_to(user) -> QuerySet[Station]:
    qs = Station.objects.select_related("township")
    if user.has_perm(VIEW_ALL):
        return qs
    assignment = assignment_of(user)
    if assignment is None:
        return qs.none()
    return qs.filter(pk=assignment.station_id)


def station_overview(*, year: int) -> QuerySet[Station]:
    """Every station with its counts of points, active deputies, receptions held in `year`, open opinions."""
    return Station.objects.select_related("township").annotate(
        point_count=_count(Point.objects.all(), "station"),
        deputy_count=_count(Assignment.objects.filter(deputy__status=Deputy.Status.ACTIVE), "station"),
        reception_count=_count(
            Reception.objects.filter(state=Reception.State.HELD, date__year=year), "station"
        ),
        open_opinion_count=_count(Opinion.objects.open(), "reception__station"),
    )


def station_year_counts(*, year: int) -> list[dict]:
    """Every station (in its order) with the reception days it held in `year`, the opinions raised at
    its receptions of `year` and how many of those were closed: three grouped queries."""
    held = dict(
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
    rows = []
    for station in Station.objects.order_by("sort_order", "name").values("pk", "name"):
        raised = opinions.get(station["pk"], {"n": 0, "closed": 0})
        rows.append(
            {
                **station,
                "receptions": held.get(station["pk"], 0),
                "opinions": raised["n"],
                "closed": raised["closed"],
            }
        )
    return rows


def points_of(station: Station) -> QuerySet[Point]:
    return (
        station.points.select_related("township")
        .annotate(
            deputy_count=_count(Assignment.objects.filter(deputy__status=Deputy.Status.ACTIVE), "point")
        )
        .order_by("name")
    )


def point_visible_to(user) -> QuerySet[Point]:
    return Point.objects.select_related("station", "township").filter(
        station__in=station_visible_to(user).values("pk")
    )


def assignments_at(*, station: Station | None = None, point: Point | None = None) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(deputy__status=Deputy.Status.ACTIVE)
    if station is not None:
        qs = qs.filter(station=station)
    if point is not None:
        qs = qs.filter(point=point)
    return qs.select_related("deputy", "deputy__township", "point").prefetch_related(
        Prefetch("deputy__mandates", queryset=Mandate.objects.filter(term__is_current=True))
    )


def deputies_by_level(assignments) -> list[dict]:
    """Groups of a station's assignments by level held, highest level first.

    A deputy who holds several levels appears in each of their groups, so that a group's size is
    the station's count for that level; deputies with no mandate in the current term come last.
    """
    groups = {code: [] for code in Level.values}
    unleveled = []
    for assignment in assignments:
        codes = assignment.deputy.level_codes
        for code in codes:
            groups[code].append(assignment)
        if not codes:
            unleveled.append(assignment)
    labels = dict(Level.choices)
    result = [
        {"level": code, "label": labels[code], "assignments": items}
        for code, items in groups.items()
        if items
    ]
    if unleveled:
        result.append({"level": "", "label": None, "assignments": unleveled})
    return result


def coverage_counts() -> dict:
    """Per station: active deputies assigned, and how many of them hold each level in the current term."""
    active = Assignment.objects.filter(deputy__status=Deputy.Status.ACTIVE)
    per_level = (
        Mandate.objects.filter(term__is_current=True, deputy__in=active.values("deputy"))
        .values("deputy__assignment__station", "level")
        .annotate(n=Count("deputy", distinct=True))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in per_level:
        counts.setdefault(row["deputy__assignment__station"], {})[row["level"]] = row["n"]
    totals = dict(active.values("station").annotate(n=Count("pk")).order_by().values_list("station", "n"))
    rows = []
    level_totals = dict.fromkeys(Level.values, 0)
    for station in Station.objects.select_related("township"):
        by_level = counts.get(station.pk, {})
        for code in Level.values:
            level_totals[code] += by_level.get(code, 0)
        rows.append(
            {
                "station": station,
                "levels": [by_level.get(code, 0) for code in Level.values],
                "total": totals.get(station.pk, 0),
            }
        )
    return {
        "levels": Level.choices,
        "rows": rows,
        "level_totals": [level_totals[code] for code in Level.values],
        "total": sum(totals.values()),
    }


def unassigned_deputies() -> QuerySet[Deputy]:
    return (
        Deputy.objects.active()
        .filter(assignment__isnull=True)
        .select_related("township")
        .prefetch_related(current_mandates())
    )


# Receptions -----------------------------------------------------------------------------------------


def reception_visible_to(user) -> QuerySet[Reception]:
    qs = Reception.objects.select_related("station", "point")
    if user.has_perm(VIEW_ALL):
        return qs
    deputy = deputy_of(user)
    if deputy is None:
        return qs.none()
    assignment = assignment_of(user)
    attended = Reception.present.through.objects.filter(deputy=deputy).values("reception_id")
    on_duty = Reception.on_duty.through.objects.filter(deputy=deputy).values("reception_id")
    visible = Q(pk__in=attended) | Q(pk__in=on_duty)
    if assignment is not None:
        visible |= Q(station_id=assignment.station_id)
    return qs.filter(visible)


def reception_list(user) -> QuerySet[Reception]:
    """The reception ledger rows a user may see, with their counts (constant queries per page)."""
    return (
        reception_visible_to(user)
        .annotate(
            present_count=_count(Reception.present.through.objects.all(), "reception"),
            opinion_count=_count(Opinion.objects.all(), "reception"),
        )
        .order_by("-date", "-pk")
    )


def reception_people(reception: Reception) -> dict:
    return {
        "on_duty": list(reception.on_duty.prefetch_related(current_mandates())),
        "present": list(reception.present.prefetch_related(current_mandates())),
    }


def can_record_reception(user, reception: Reception) -> bool:
    """Staff record any planned or held reception; a deputy, a planned one at their own station."""
    if reception.state == Reception.State.CANCELLED:
        return False
    if user.has_perm("liaison.manage_liaison"):
        return True
    if reception.state != Reception.State.PLANNED or not user.has_perm("liaison.record_own_reception"):
        return False
    assignment = assignment_of(user)
    return assignment is not None and assignment.station_id == reception.station_id


def can_add_opinion(user, reception: Reception) -> bool:
    """Opinions are added to a held reception by staff, or by a deputy who was present."""
    if reception.state != Reception.State.HELD:
        return False
    if user.has_perm("liaison.manage_liaison"):
        return True
    if not user.has_perm("liaison.record_own_reception"):
        return False
    deputy = deputy_of(user)
    return deputy is not None and reception.present.filter(pk=deputy.pk).exists()


def planned_receptions_on_duty(deputy: Deputy, *, today: date, days: int = 30) -> QuerySet[Reception]:
    return Reception.objects.filter(
        state=Reception.State.PLANNED,
        on_duty=deputy,
        date__gte=today,
        date__lte=today + timedelta(days=days),
    )


# Opinions -------------------------------------------------------------------------------------------


def opinion_visible_to(user) -> QuerySet[Opinion]:
    qs = Opinion.objects.select_related(
        "reception", "reception__station", "reception__point", "unit", "township"
    )
    if user.has_perm(VIEW_ALL):
        return qs
    if user.has_perm("accounts.act_as_unit") and getattr(user, "unit_id", None):
        return qs.filter(unit_id=user.unit_id)
    if deputy_of(user) is not None:
        return qs.filter(reception__in=reception_visible_to(user).values("pk"))
    return qs.none()


def opinion_list(user, *, today: date) -> QuerySet[Opinion]:
    return opinion_visible_to(user).annotate(
        is_overdue=Case(
            When(state=Opinion.State.FORWARDED, due_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def can_see_resident(user, opinion: Opinion) -> bool:
    """A resident's name and contact: staff, the director meeting, and the deputies of that station.

    Units answer the matter, not the person: they never see who raised it.
    """
    if user.has_perm(VIEW_ALL):
        return True
    deputy = deputy_of(user)
    if deputy is None:
        return False
    assignment = assignment_of(user)
    if assignment is not None and assignment.station_id == opinion.reception.station_id:
        return True
    return opinion.reception.present.filter(pk=deputy.pk).exists()


def opinion_actions_for(user, opinion: Opinion) -> list[str]:
    """The moves this user may make on this opinion now (the workflow table decides the state part)."""
    allowed = allowed_actions(opinion, MOVES)
    routes = user.has_perm("liaison.route_opinion")
    unit_user = user.has_perm("accounts.act_as_unit") and opinion.unit_id and opinion.unit_id == user.unit_id
    result = []
    for action in allowed:
        if action == "unit_reply":
            if routes or unit_user:
                result.append(action)
        elif routes:
            result.append(action)
    return result
