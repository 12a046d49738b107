"""Reads of the deputies app: who may see which deputy, the roster, trainings and their coverage."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from deputies.models import Attendance, Deputy, Mandate, Training
from renda.core.models import Term, Township


def deputies_visible_to(user) -> QuerySet[Deputy]:
    """The roster as this user may see it: all of it for staff and directors, nothing for others."""
    qs = Deputy.objects.select_related("township", "user").prefetch_related(
        Prefetch("mandates", queryset=Mandate.objects.select_related("term"))
    )
    if user.has_perm("deputies.view_all_deputies"):
        return qs
    return qs.none()


def deputy_records_visible_to(user) -> QuerySet[Deputy]:
    """Whose duty record this user may open: everyone's for staff and directors, a deputy their own."""
    qs = Deputy.objects.select_related("township", "user")
    if user.has_perm("deputies.view_all_deputies"):
        return qs
    if user.has_perm("accounts.act_as_deputy"):
        return qs.filter(user=user)
    return qs.none()


def deputy_of(user) -> Deputy | None:
    """The roster row linked to a deputy's account, if any."""
    return Deputy.objects.filter(user=user).first() if user.is_authenticated else None


def deputies_without_account() -> QuerySet[Deputy]:
    return Deputy.objects.active().filter(user__isnull=True).select_related("township")


def active_deputies(*, term: Term | None = None) -> QuerySet[Deputy]:
    """Active deputies; with `term`, those holding a mandate in it."""
    qs = Deputy.objects.active()
    if term:
        qs = qs.filter(Exists(Mandate.objects.filter(deputy=OuterRef("pk"), term=term)))
    return qs


def training_attendances(*, year: int, term: Term | None = None) -> QuerySet[Attendance]:
    """Attendances at the trainings that started in `year` (of `term` when given)."""
    qs = Attendance.objects.filter(training__start_date__year=year)
    if term:
        qs = qs.filter(training__term=term)
    return qs


def deputies_without_training(term: Term) -> QuerySet[Deputy]:
    """Active deputies who attended no training of `term`."""
    attended = Attendance.objects.filter(deputy=OuterRef("pk"), training__term=term)
    return (
        Deputy.objects.active()
        .filter(~Exists(attended))
        .select_related("township")
        .prefetch_related("mandates")
    )


def training_coverage(term: Term) -> dict:
    """How many active deputies attended at least one training of `term`: the attendees of the term
    are one set the database builds once (`pk IN (...)`, a hashed subplan); Exists() would look up
    each deputy's attendance in turn."""
    attended = Attendance.objects.filter(training__term=term).values("deputy")
    figures = Deputy.objects.active().aggregate(
        total=Count("pk"), trained=Count("pk", filter=Q(pk__in=attended))
    )
    total, trained = figures["total"], figures["trained"]
    return {
        "total": total,
        "trained": trained,
        "untrained": total - trained,
        "percent": round(100 * trained / total) if total else 0,
    }


def trainings_visible_to(user) -> QuerySet[Training]:
    # An aggregate drops Meta.ordering, so the order is stated again for stable pages.
    qs = (
        Training.objects.select_related("term")
        .annotate(attendee_count=Count("attendance"))
        .order_by("-start_date", "pk")
    )
    if user.has_perm("deputies.view_all_deputies"):
        return qs
    return qs.none()


def training_attendees(training: Training) -> QuerySet[Deputy]:
    return (
        training.attendees.select_related("township")
        .prefetch_related("mandates")
        .order_by("township__sort_order", "name_initials", "pk")
    )


def attendance_candidates(training: Training, *, township: Township | None = None, q: str = ""):
    """Deputies who may be ticked for a training: active ones and whoever already attended."""
    attended = Attendance.objects.filter(deputy=OuterRef("pk"), training=training)
    result = (
        Deputy.objects.filter(Q(status=Deputy.Status.ACTIVE) | Exists(attended))
        .select_related("township")
        .annotate(attended=Exists(attended))
        .order_by("township__sort_order", "township__name", "name_initials", "pk")
    )
    if township is not None:
        result = result.filter(township=township)
    if q:
        result = result.filter(name_search(q))
    return result


def name_search(q: str):
    """Name contains `q`, or the pinyin initials contain it (zs finds 张三)."""
    q = q.strip()
    return Q(name__icontains=q) | Q(name_initials__icontains=q.lower())


def terms_overlapping(year: int) -> QuerySet[Term]:
    return Term.objects.filter(start_date__lte=date(year, 12, 31)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=date(year, 1, 1))
    )


def record_years(*, today: date) -> list[int]:
    """Years one may pick on a duty record: from the first term's start to this year, newest first."""
    first = Term.objects.order_by("start_date").values_list("start_date", flat=True).first()
    start = first.year if first else today.year
    return list(range(today.year, start - 1, -1))
