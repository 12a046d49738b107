"""Reads of supervision: who may see which topic, activity, opinion and item, and the lists pages show.

Staff and the director meeting (supervision.view_supervision) see everything. A unit user sees the
rectification items of their unit and the opinions those items belong to (and, on an opinion, only
their own items). A deputy sees the activities they took part in and those activities' topics.
Everything else answers 404, like a missing row.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from renda.core.models import Reminder, Transition
from renda.core.workflow import state_label
from supervision.models import Activity, Evidence, ProgressUpdate, RectificationItem, ReviewOpinion, Topic
from supervision.workflow import (
    AS_UNIT,
    AWAITING_REPORT,
    EVENT_LABELS,
    ITEM_MOVES,
    OPEN_ITEM_STATES,
    OPINION_MOVES,
    SOON_DAYS,
    VIEW,
)

REMINDER_SENT = _("reminder sent: %(tier)s")


def deputy_of(user) -> Deputy | None:
    """The deputy whose account `user` is, or None (cached on the user for the request)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_supervision_deputy"):
        user._supervision_deputy = Deputy.objects.filter(user=user).first()
    return user._supervision_deputy


def unit_of(user):
    """The unit a unit user acts for, or None."""
    if getattr(user, "is_authenticated", False) and user.unit_id and user.has_perm(AS_UNIT):
        return user.unit_id
    return None


def sees_all(user) -> bool:
    return user.has_perm(VIEW)


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


# Reusable filters -----------------------------------------------------------------------------------


def unit_items(unit_id: int) -> QuerySet[RectificationItem]:
    """A unit's items; those of an opinion not yet sent are the committee's draft, not the unit's work."""
    return RectificationItem.objects.filter(unit_id=unit_id, opinion__sent_on__isnull=False)


def open_items() -> QuerySet[RectificationItem]:
    return RectificationItem.objects.filter(state__in=OPEN_ITEM_STATES)


def overdue_items(*, today: date, year: int | None = None) -> QuerySet[RectificationItem]:
    """Open items past their deadline; with `year`, those of that year's topics."""
    qs = open_items().filter(deadline__lt=today)
    return qs if year is None else qs.filter(opinion__activity__topic__year=year)


def due_soon_items(*, today: date) -> QuerySet[RectificationItem]:
    return open_items().filter(deadline__gte=today, deadline__lte=today + timedelta(days=SOON_DAYS))


def opinions_awaiting_report() -> QuerySet[ReviewOpinion]:
    return ReviewOpinion.objects.filter(state__in=AWAITING_REPORT)


# A year's figures and the lists behind them (the director meeting's dashboard) ---------------------


def activity_kinds() -> dict[str, str]:
    return dict(Activity.Kind.choices)


def opinion_states() -> dict[str, str]:
    return dict(ReviewOpinion.State.choices)


def item_states() -> dict[str, str]:
    return dict(RectificationItem.State.choices)


def _counts_by(queryset: QuerySet, field: str) -> dict[str, int]:
    """Rows of `queryset` counted per value of `field`, in one grouped query."""
    return dict(queryset.values_list(field).annotate(n=Count("pk")).order_by())


def activity_counts_by_kind(*, year: int) -> dict[str, int]:
    return _counts_by(Activity.objects.filter(topic__year=year), "kind")


def opinion_counts_by_state(*, year: int) -> dict[str, int]:
    return _counts_by(ReviewOpinion.objects.filter(activity__topic__year=year), "state")


def item_counts_by_state(*, year: int) -> dict[str, int]:
    return _counts_by(RectificationItem.objects.filter(opinion__activity__topic__year=year), "state")


def activity_participations(*, year: int) -> QuerySet:
    """The (activity, deputy) rows of the activities of `year`'s topics: who took part in which."""
    return Activity.deputies.through.objects.filter(activity__topic__year=year)


def activities_of_year(*, year: int, kind: str | None = None) -> QuerySet[Activity]:
    """The activities of `year`'s topics (of `kind` when given), newest first, with their topic and
    their number of deputies."""
    qs = Activity.objects.filter(topic__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("topic").annotate(deputy_count=Count("deputies")).order_by("-date", "-pk")


def opinions_of_year(*, year: int, state: str | None = None) -> QuerySet[ReviewOpinion]:
    """The review opinions of `year`'s topics (in `state` when given), the report due soonest first."""
    qs = ReviewOpinion.objects.filter(activity__topic__year=year)
    if state:
        qs = qs.filter(state=state)
    return qs.select_related("activity__topic", "recipient").order_by("report_due", "-pk")


# Who sees what --------------------------------------------------------------------------------------


def activity_visible_to(user) -> QuerySet[Activity]:
    qs = Activity.objects.select_related("topic", "topic__lead_committee")
    if sees_all(user):
        return qs
    deputy = deputy_of(user)
    if deputy is None:
        return qs.none()
    joined = Activity.deputies.through.objects.filter(deputy=deputy).values("activity_id")
    return qs.filter(pk__in=joined)


def topic_visible_to(user) -> QuerySet[Topic]:
    qs = Topic.objects.select_related("lead_committee")
    if sees_all(user):
        return qs
    deputy = deputy_of(user)
    if deputy is None:
        return qs.none()
    return qs.filter(pk__in=activity_visible_to(user).values("topic_id"))


def item_visible_to(user) -> QuerySet[RectificationItem]:
    qs = RectificationItem.objects.select_related(
        "unit", "opinion", "opinion__recipient", "opinion__activity", "opinion__activity__topic"
    )
    if sees_all(user):
        return qs
    unit_id = unit_of(user)
    if unit_id is None:
        return qs.none()
    return qs.filter(unit_id=unit_id, opinion__sent_on__isnull=False)


def opinion_visible_to(user) -> QuerySet[ReviewOpinion]:
    qs = ReviewOpinion.objects.select_related(
        "recipient", "activity", "activity__topic", "supervising_leader"
    )
    if sees_all(user):
        return qs
    unit_id = unit_of(user)
    if unit_id is None:
        return qs.none()
    return qs.filter(pk__in=unit_items(unit_id).values("opinion_id"))


# Lists ----------------------------------------------------------------------------------------------


def topic_years(user) -> list[int]:
    return list(topic_visible_to(user).order_by("-year").values_list("year", flat=True).distinct())


def topics_overview(user, *, year: int, today: date) -> QuerySet[Topic]:
    """The topics of a year, each with its activities (those the user may see) and its counts."""
    activities = activity_visible_to(user).order_by("date", "pk")
    items = RectificationItem.objects.all()
    return (
        topic_visible_to(user)
        .filter(year=year)
        .annotate(
            opinion_count=_count(ReviewOpinion.objects.all(), "activity__topic"),
            open_item_count=_count(items.filter(state__in=OPEN_ITEM_STATES), "opinion__activity__topic"),
            overdue_item_count=_count(
                items.filter(state__in=OPEN_ITEM_STATES, deadline__lt=today), "opinion__activity__topic"
            ),
        )
        .prefetch_related(Prefetch("activities", queryset=activities, to_attr="visible_activities"))
        .order_by("category", "title", "pk")
    )


def activities_of(user, topic: Topic) -> QuerySet[Activity]:
    return (
        activity_visible_to(user)
        .filter(topic=topic)
        .annotate(deputy_count=_count(Activity.deputies.through.objects.all(), "activity"))
        .order_by("date", "pk")
    )


def opinions_of_activities(activity_ids) -> QuerySet[ReviewOpinion]:
    """Opinions with their item counts (open and overdue), for staff and the director meeting."""
    today = timezone.localdate()
    return (
        ReviewOpinion.objects.filter(activity_id__in=list(activity_ids))
        .select_related("recipient")
        .annotate(
            item_count=_count(RectificationItem.objects.all(), "opinion"),
            open_item_count=_count(RectificationItem.objects.filter(state__in=OPEN_ITEM_STATES), "opinion"),
            overdue_item_count=_count(
                RectificationItem.objects.filter(state__in=OPEN_ITEM_STATES, deadline__lt=today), "opinion"
            ),
        )
        .order_by("created_at", "pk")
    )


def activity_people(activity: Activity) -> list[Deputy]:
    return list(activity.deputies.select_related("township").order_by("name_initials", "name", "pk"))


def activity_files(activity: Activity) -> list[Evidence]:
    return list(activity.attachments.order_by("uploaded_at", "pk"))


def items_of(user, opinion: ReviewOpinion) -> list[RectificationItem]:
    return list(item_visible_to(user).filter(opinion=opinion).order_by("deadline", "pk"))


def updates_of(items) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(item__in=[i.pk for i in items])
        .select_related("by", "item", "item__unit")
        .prefetch_related(Prefetch("attachments", queryset=Evidence.objects.order_by("pk")))
        .order_by("date", "pk")
    )


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Files of the activities and items the user may see."""
    return Evidence.objects.filter(
        Q(activity__in=activity_visible_to(user).values("pk"))
        | Q(update__item__in=item_visible_to(user).values("pk"))
    )


def ledger_rows(user, *, today: date) -> QuerySet[RectificationItem]:
    """The rectification ledger: every item the user may see with its last progress date."""
    last = ProgressUpdate.objects.filter(item=OuterRef("pk")).order_by("-date", "-pk").values("date")[:1]
    return (
        item_visible_to(user)
        .annotate(last_update=Subquery(last))
        .order_by("-opinion__activity__topic__year", "deadline", "pk")
    )


def unit_queue(unit_id: int) -> QuerySet[RectificationItem]:
    """A unit's items: open ones first (earliest deadline first), then done and verified."""
    open_first = Case(When(state__in=OPEN_ITEM_STATES, then=Value(0)), default=Value(1))
    last = ProgressUpdate.objects.filter(item=OuterRef("pk")).order_by("-date", "-pk").values("date")[:1]
    return (
        unit_items(unit_id)
        .select_related("opinion", "opinion__activity", "opinion__activity__topic", "unit")
        .annotate(open_first=open_first, last_update=Subquery(last))
        .order_by("open_first", "deadline", "pk")
    )


# Timelines ------------------------------------------------------------------------------------------


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def _label(action: str, moves) -> str:
    if action in moves:
        return moves[action].label
    return EVENT_LABELS.get(action, action)


def _transition_entries(transitions, sample, moves, *, item_of=None) -> list[dict]:
    entries = []
    for t in transitions:
        entry = {
            "at": t.at,
            "by": t.by,
            "label": _label(t.action, moves),
            "note": t.note,
            "kind": t.action,
            "item": item_of.get(t.object_id) if item_of else None,
        }
        if t.from_state != t.to_state:
            entry["to"] = state_label(sample, "state", t.to_state)
        entries.append(entry)
    return entries


def _update_entries(updates, *, with_item: bool) -> list[dict]:
    return [
        {
            "at": _at(u.date),
            "day_only": True,
            "by": u.by,
            "label": "progress",
            "kind": "progress",
            "update": u,
            "item": u.item if with_item else None,
        }
        for u in updates
    ]


def _reminder_entries(model, object_ids) -> list[dict]:
    """The reminders the engine sent about these rows (one query)."""
    reminders = Reminder.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=list(object_ids)
    ).order_by("day", "pk")
    return [
        {
            "at": r.created_at,
            "label": REMINDER_SENT % {"tier": r.get_tier_display()},
            "kind": "reminder",
            "note": "",
        }
        for r in reminders
    ]


def opinion_timeline(opinion: ReviewOpinion, items, updates) -> list[dict]:
    """The opinion's moves, its (visible) items' moves and their progress, in time order."""
    entries = _transition_entries(
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(ReviewOpinion), object_id=opinion.pk
        ).select_related("by"),
        opinion,
        OPINION_MOVES,
    )
    if items:
        item_of = {i.pk: i for i in items}
        entries += _transition_entries(
            Transition.objects.filter(
                content_type=ContentType.objects.get_for_model(RectificationItem), object_id__in=list(item_of)
            )
            # The progress entries below say what starting and completing an item would.
            .exclude(action__in=["created", "start", "complete"])
            .select_related("by"),
            items[0],
            ITEM_MOVES,
            item_of=item_of,
        )
    entries += _update_entries(updates, with_item=True)
    entries += _reminder_entries(ReviewOpinion, [opinion.pk])
    entries.sort(key=lambda e: e["at"])
    return entries


def item_timeline(item: RectificationItem, updates) -> list[dict]:
    entries = _transition_entries(
        Transition.objects.filter(
            content_type=ContentType.objects.get_for_model(RectificationItem), object_id=item.pk
        ).select_related("by"),
        item,
        ITEM_MOVES,
    )
    entries += _update_entries(updates, with_item=False)
    entries += _reminder_entries(RectificationItem, [item.pk])
    entries.sort(key=lambda e: e["at"])
    return entries
