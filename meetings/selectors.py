"""Reads of meetings: who may see which meeting, decision and follow-up task, and what the pages show.

Staff and directors (meetings.view_meetings) see everything. A deputy sees the sessions of the
people's congress (kind congress) and published decisions. A unit user sees the follow-up tasks
addressed to their unit and the decisions those tasks belong to. Everything else answers 404.
The papers pack gathers an agenda's linked supervision activities, review opinions and their
rectification items in a fixed number of queries, whatever the size of the agenda.
"""

from collections import defaultdict
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting
from meetings.workflow import AS_DEPUTY, AS_UNIT, EVENT_LABELS, OPEN_TASK_STATES, VIEW
from renda.core.models import Transition
from renda.core.workflow import state_label
from supervision.models import RectificationItem, ReviewOpinion

FIGURES_PARTIAL = "dashboard/_figures.html"


def sees_all(user) -> bool:
    return user.has_perm(VIEW)


def unit_of(user):
    """The unit a unit user acts for, or None."""
    if getattr(user, "is_authenticated", False) and user.unit_id and user.has_perm(AS_UNIT):
        return user.unit_id
    return None


def is_deputy(user) -> bool:
    return user.has_perm(AS_DEPUTY)


# Visibility -----------------------------------------------------------------------------------------


def meetings_visible_to(user) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("term")
    if sees_all(user):
        return qs
    if is_deputy(user):
        return qs.filter(kind=Meeting.Kind.CONGRESS)
    return qs.none()


def decisions_visible_to(user) -> QuerySet[Decision]:
    qs = Decision.objects.select_related("meeting__term", "agenda_item")
    if sees_all(user):
        return qs
    unit_id = unit_of(user)
    conditions = Q(pk__in=[])
    if unit_id is not None:
        conditions |= Q(Exists(FollowUpTask.objects.filter(decision=OuterRef("pk"), unit_id=unit_id)))
    if is_deputy(user):
        conditions |= Q(is_published=True)
    return qs.filter(conditions)


def tasks_visible_to(user) -> QuerySet[FollowUpTask]:
    qs = FollowUpTask.objects.select_related("decision", "unit")
    if sees_all(user):
        return qs
    unit_id = unit_of(user)
    if unit_id is not None:
        return qs.filter(unit_id=unit_id)
    return qs.none()


# Lists ----------------------------------------------------------------------------------------------


def meeting_list(user, *, kind: str = "", term=None, year: int | None = None) -> QuerySet[Meeting]:
    qs = meetings_visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if term is not None:
        qs = qs.filter(term=term)
    if year:
        qs = qs.filter(date__year=year)
    return qs.annotate(item_count=Count("items", distinct=True)).order_by("-date", "-pk")


def meeting_years() -> list[int]:
    return [d.year for d in Meeting.objects.dates("date", "year", order="DESC")]


def decision_list(
    user, *, status: str = "", year: int | None = None, keyword: str = ""
) -> QuerySet[Decision]:
    qs = decisions_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(adopted_on__year=year)
    keyword = keyword.strip()
    if keyword:
        qs = qs.filter(
            Q(title__icontains=keyword) | Q(number__icontains=keyword) | Q(text__icontains=keyword)
        )
    open_tasks = FollowUpTask.objects.filter(decision=OuterRef("pk"), state__in=OPEN_TASK_STATES)
    unit_id = unit_of(user)
    if not sees_all(user) and unit_id is not None:
        open_tasks = open_tasks.filter(unit_id=unit_id)
    return qs.annotate(has_open_tasks=Exists(open_tasks)).order_by("-adopted_on", "-pk")


def decision_years() -> list[int]:
    return [d.year for d in Decision.objects.dates("adopted_on", "year", order="DESC")]


def task_list(user, *, state: str = "", overdue: bool = False, today: date) -> QuerySet[FollowUpTask]:
    qs = tasks_visible_to(user).select_related("decision__meeting__term")
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state__in=OPEN_TASK_STATES, due__lt=today)
    return qs.order_by("state", "due", "pk")


def open_tasks() -> QuerySet[FollowUpTask]:
    return FollowUpTask.objects.filter(state__in=OPEN_TASK_STATES)


def tasks_of_decision(user, decision: Decision) -> QuerySet[FollowUpTask]:
    return tasks_visible_to(user).filter(decision=decision).order_by("due", "pk")


# A meeting and its papers ---------------------------------------------------------------------------


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The agenda with everything each item points at: one query for the items, two for opinions."""
    items = list(
        meeting.items.select_related(
            "responsible_body",
            "activity__topic",
            "review_opinion__recipient",
            "review_opinion__activity",
            "suggestion_session__term",
            "snapshot",
        ).order_by("order", "pk")
    )
    activity_ids = {i.activity_id for i in items if i.activity_id}
    opinions = list(
        ReviewOpinion.objects.filter(activity_id__in=activity_ids).select_related("recipient").order_by("pk")
    )
    by_activity = defaultdict(list)
    for opinion in opinions:
        by_activity[opinion.activity_id].append(opinion)
    opinion_ids = {o.pk for o in opinions} | {i.review_opinion_id for i in items if i.review_opinion_id}
    rectification = defaultdict(list)
    for row in (
        RectificationItem.objects.filter(opinion_id__in=opinion_ids)
        .select_related("unit")
        .order_by("deadline", "pk")
    ):
        rectification[row.opinion_id].append(row)
    for opinion in opinions:
        opinion.item_list = rectification.get(opinion.pk, [])
    for item in items:
        item.activity_opinions = by_activity.get(item.activity_id, []) if item.activity_id else []
        if item.review_opinion_id:
            item.review_opinion.item_list = rectification.get(item.review_opinion_id, [])
        item.about_suggestions = item.suggestion_year is not None or item.suggestion_session_id is not None
        item.figure_rows = figure_rows(item.snapshot.figures) if item.snapshot_id else []
    return items


def attendance_summary(meeting: Meeting, rows: list[Attendance]) -> dict:
    members = [r for r in rows if r.is_member]
    present = sum(1 for r in members if r.status == Attendance.Status.PRESENT)
    return {
        "members": len(members),
        "present": present,
        "leave": sum(1 for r in members if r.status == Attendance.Status.LEAVE),
        "absent": sum(1 for r in members if r.status == Attendance.Status.ABSENT),
        "attending": sum(1 for r in rows if not r.is_member),
        "needs_quorum": meeting.needs_quorum,
        "quorum": meeting.quorum,
        "quorum_met": present >= meeting.quorum,
    }


def attendance_as_text(rows: list[Attendance]) -> str:
    """The attendance list in the bulk-entry format: name, post, status, reason (one a line)."""
    lines = []
    for row in rows:
        status = row.status if row.is_member else "attending"
        lines.append(",".join(part for part in (row.name, row.post, status, row.reason)).rstrip(","))
    return "\n".join(lines)


def has_figures_partial() -> bool:
    """Whether the dashboard's partial that renders frozen figures is there (it is another app's)."""
    try:
        get_template(FIGURES_PARTIAL)
    except TemplateDoesNotExist:
        return False
    return True


def figure_rows(figures, prefix: str = "") -> list[tuple[str, object]]:
    """Frozen figures flattened to (label, value) rows: the fallback when the partial is missing."""
    rows = []
    if isinstance(figures, dict):
        for key, value in figures.items():
            label = f"{prefix} · {key}" if prefix else str(key)
            if isinstance(value, dict | list):
                rows.extend(figure_rows(value, label))
            else:
                rows.append((label, value))
    elif isinstance(figures, list):
        for index, value in enumerate(figures, start=1):
            label = f"{prefix} · {index}" if prefix else str(index)
            if isinstance(value, dict | list):
                rows.extend(figure_rows(value, label))
            else:
                rows.append((label, value))
    else:
        rows.append((prefix, figures))
    return rows


def timeline(obj, moves: dict, state_field: str = "state") -> list[dict]:
    """The recorded moves and events of one meeting, minutes, decision or task, oldest first."""
    from django.contrib.contenttypes.models import ContentType

    entries = []
    for t in (
        Transition.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("by")
        .order_by("at", "pk")
    ):
        label = moves[t.action].label if t.action in moves else EVENT_LABELS.get(t.action, t.action)
        entries.append(
            {
                "at": t.at,
                "by": t.by,
                "label": label,
                "state": state_label(obj, state_field, t.to_state),
                "note": t.note,
            }
        )
    return entries
