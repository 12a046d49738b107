"""Reads of the committee's registers: major-matter reports, party documents, appointments and the
current holders of posts, and the deputy directors' township guidance with each township's congress
work at a glance.

The township page reads deputies, liaison and proposals directly through their models (this app is
in the top layer); every count is a scalar subquery of one query, so the page costs the same number
of queries whatever the size of the data.
"""

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
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

from deputies.models import Deputy
from liaison.models import Opinion, Point, Reception, Station
from meetings.models import (
    Appointment,
    GuidanceAssignment,
    GuidanceVisit,
    MajorReport,
    Meeting,
    PartyDocument,
    TownshipCadre,
)
from proposals.models import State as SuggestionState
from proposals.models import Suggestion
from renda.accounts.roles import Role
from renda.core.models import Township, Unit

VIEW = "meetings.view_meetings"
MANAGE = "meetings.manage_meetings"

ENDS = (Appointment.Kind.REMOVE, Appointment.Kind.RESIGN, Appointment.Kind.DISMISS)
RECENT_VISITS = 8


def years_of(queryset: QuerySet, field: str) -> list[int]:
    """The years in which `queryset` has rows, newest first (one query)."""
    return sorted({d.year for d in queryset.dates(field, "year")}, reverse=True)


# Major-matter reports and party documents ----------------------------------------------------------


def major_reports() -> QuerySet[MajorReport]:
    return MajorReport.objects.select_related("meeting__term")


def party_documents() -> QuerySet[PartyDocument]:
    return PartyDocument.objects.all()


def linkable_meetings() -> QuerySet[Meeting]:
    """Meetings a report can be linked to: every meeting not cancelled."""
    return Meeting.objects.exclude(state=Meeting.State.CANCELLED).select_related("term")


# Appointments ---------------------------------------------------------------------------------------


def appointments() -> QuerySet[Appointment]:
    return Appointment.objects.select_related("unit", "meeting__term")


def adopting_meetings() -> QuerySet[Meeting]:
    """Meetings that elect, appoint or remove: standing committee meetings and sessions of the congress."""
    return (
        Meeting.objects.filter(kind__in=[Meeting.Kind.STANDING, Meeting.Kind.CONGRESS])
        .exclude(state=Meeting.State.CANCELLED)
        .select_related("term")
    )


def published_appointments() -> QuerySet[Appointment]:
    return appointments().filter(is_published=True)


def _later_than_outer() -> Q:
    """Rows after the outer row: a later date, or the same date and entered after it."""
    return Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))


def current_holders(*, unit=None) -> QuerySet[Appointment]:
    """For each (unit, post): its latest election or appointment, unless the same person has since been
    removed, has resigned or been dismissed from that post (then the post is shown as vacant: absent).

    A later election or appointment to the same post of the same unit supersedes an earlier one, so
    a post filled again without a recorded removal shows its new holder. One query.
    """
    same_post = {"unit": OuterRef("unit"), "post": OuterRef("post")}
    superseded = Appointment.objects.filter(_later_than_outer(), kind__in=Appointment.STARTS, **same_post)
    ended = Appointment.objects.filter(
        _later_than_outer(), kind__in=ENDS, person=OuterRef("person"), **same_post
    )
    qs = (
        Appointment.objects.filter(kind__in=Appointment.STARTS)
        .exclude(Exists(superseded))
        .exclude(Exists(ended))
        .select_related("unit", "meeting__term")
        # 一府一委两院 first, then the departments and the other units.
        .order_by(
            Case(When(unit__kind=Unit.Kind.STATE_BODY, then=Value(0)), default=Value(1)),
            "unit__kind",
            "unit__sort_order",
            "unit__name",
            "post",
            "person",
        )
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs


# Township guidance ----------------------------------------------------------------------------------


def directors() -> QuerySet:
    """The deputy directors who can guide a township: active users of the director role."""
    return (
        get_user_model()
        .objects.filter(groups__name=Role.DIRECTOR.value, is_active=True)
        .order_by("display_name", "username")
    )


def _subquery_count(queryset: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated `queryset` as a scalar subquery (no GROUP BY needed for an OR filter)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _in_outer_township(prefix: str = "") -> Q:
    """Receptions (or, with a prefix, rows of a reception) held in the outer township: at a point of
    the township, or at a station of the township without a point."""
    return Q(**{f"{prefix}point__township": OuterRef("pk")}) | Q(
        **{f"{prefix}point__isnull": True, f"{prefix}station__township": OuterRef("pk")}
    )


def guidance_overview(*, year: int) -> QuerySet[Township]:
    """Every active township with its guiding director, its visits of `year` and its last visit."""
    return (
        Township.objects.active()
        .select_related("guidance__leader")
        .annotate(
            visit_count=_subquery_count(
                GuidanceVisit.objects.filter(township=OuterRef("pk"), date__year=year)
            ),
            last_visit=Subquery(
                GuidanceVisit.objects.filter(township=OuterRef("pk")).order_by("-date").values("date")[:1]
            ),
        )
        .prefetch_related(
            Prefetch(
                "congress_cadres",
                queryset=TownshipCadre.objects.filter(is_current=True).order_by(_role_order(), "name"),
                to_attr="current_cadres",
            )
        )
    )


def township_at_a_glance(*, year: int) -> QuerySet[Township]:
    """Townships annotated with the counts of their congress work in `year`: one query for them all."""
    opinions = Opinion.objects.filter(_in_outer_township("reception__"), reception__date__year=year)
    return Township.objects.select_related("guidance__leader").annotate(
        deputy_count=_subquery_count(
            Deputy.objects.filter(township=OuterRef("pk"), status=Deputy.Status.ACTIVE)
        ),
        station_count=_subquery_count(Station.objects.filter(township=OuterRef("pk"))),
        point_count=_subquery_count(Point.objects.filter(township=OuterRef("pk"))),
        reception_count=_subquery_count(
            Reception.objects.filter(_in_outer_township(), state=Reception.State.HELD, date__year=year)
        ),
        opinion_count=_subquery_count(opinions),
        open_opinion_count=_subquery_count(opinions.open()),
        suggestion_count=_subquery_count(
            Suggestion.objects.filter(delegation=OuterRef("pk"), year=year).exclude(
                state=SuggestionState.DRAFT
            )
        ),
    )


def _role_order() -> Case:
    roles = [TownshipCadre.Role.CHAIRMAN, TownshipCadre.Role.VICE_CHAIRMAN, TownshipCadre.Role.STAFF]
    return Case(*(When(role=role, then=Value(i)) for i, role in enumerate(roles)), default=Value(len(roles)))


def township_cadres(township: Township) -> QuerySet[TownshipCadre]:
    """Current cadres first, the chairman before the vice chairmen and the staff."""
    return TownshipCadre.objects.filter(township=township).order_by("-is_current", _role_order(), "name")


def township_visits(township: Township, *, limit: int = RECENT_VISITS) -> QuerySet[GuidanceVisit]:
    """The township's latest guidance visits, with the exchange meetings every township attended."""
    return (
        GuidanceVisit.objects.filter(Q(township=township) | Q(township__isnull=True))
        .select_related("leader", "township")
        .order_by("-date", "-pk")[:limit]
    )


def township_stations(township: Township) -> QuerySet[Station]:
    return Station.objects.filter(township=township).order_by("sort_order", "name")


def visits() -> QuerySet[GuidanceVisit]:
    return GuidanceVisit.objects.select_related("leader", "township")


def assignments_by_director(townships) -> list[tuple]:
    """(director, [townships]) from townships with `guidance__leader` loaded: no query."""
    by_leader: dict = {}
    for township in townships:
        guidance = guidance_of(township)
        if guidance is not None:
            by_leader.setdefault(guidance.leader, []).append(township)
    return sorted(by_leader.items(), key=lambda pair: str(pair[0]))


def _has_guidance(township) -> bool:
    try:
        township.guidance  # noqa: B018 - a reverse one-to-one raises when there is none
    except GuidanceAssignment.DoesNotExist:
        return False
    return True


def guidance_of(township) -> GuidanceAssignment | None:
    return township.guidance if _has_guidance(township) else None
