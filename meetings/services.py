"""Writes of meetings: meetings and their agendas, attendance and outcomes, minutes, decisions and the
follow-up tasks decisions require.

Every function runs in one transaction, checks its input before it writes (a refused input leaves
nothing behind), locks the row it changes with select_for_update(), moves states through
renda.core.workflow.move with the tables of meetings.workflow, and notifies the people concerned
in the same transaction (the outbox delivers once it commits).
"""

import os
from datetime import date
from uuid import uuid4

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting, Minutes
from meetings.workflow import (
    DECISION_MOVES,
    MANAGE,
    MEETING_MOVES,
    MINUTES_MOVES,
    TASK_MOVES,
)
from renda.core.calendar import day_label
from renda.core.deadlines import sync_deadlines
from renda.core.selectors import unit_users, users_with_perm
from renda.core.services import apply_fields as _apply
from renda.core.services import notify
from renda.core.uploads import display_name, kinds, sniff
from renda.core.versions import EditConflict, check_version, locked_at, version_of
from renda.core.workflow import move, record_event, require_legal

# Messages at the field ------------------------------------------------------------------------------

NUMBER_TAKEN = _("There is already a %(kind)s no. %(number)s in this term.")
MEMBERSHIP_REQUIRED = _("A meeting has at least one member.")
MEMBERSHIP_BELOW_RECORDED = _(
    "%(count)s members are already recorded as attending; the membership cannot be smaller."
)
MEETING_CANCELLED = _("This meeting was cancelled; its agenda can no longer be changed.")
HELD_IN_FUTURE = _("A meeting cannot be marked held before its date (%(date)s).")
TITLE_REQUIRED = _("Give the agenda item a title.")
ITEM_NOT_FIRST_OR_LAST = _("The item is already at that end of the agenda.")
ITEM_HAS_DECISIONS = _("A decision was adopted under this item; it cannot be removed.")
NOT_ABOUT_SUGGESTIONS = _(
    "Figures are taken for a report on the handling of suggestions: set the year or session first."
)
FILE_EMPTY = _("“%(name)s” is empty.")
FILE_TOO_BIG = _("“%(name)s” is larger than 20 MB.")
FILE_TYPE_NOT_ALLOWED = _("“%(name)s” is not an accepted kind of file. Upload a PDF, Word or Excel file.")
FILE_NOT_WHAT_IT_SAYS = _(
    "“%(name)s” is not really a %(kind)s file: its content does not match its name. "
    "Save it again in the right format and upload it."
)
FIGURES_UNAVAILABLE = _("The dashboard cannot take figures at the moment. Try again later.")
ATTENDANCE_ABOVE_MEMBERSHIP = _(
    "%(count)s members are recorded but the meeting has only %(membership)s members."
)
LEAVE_NEEDS_REASON = _("Line %(line)s: give the reason for %(name)s's leave.")
NAME_TWICE = _("Line %(line)s: %(name)s is already listed.")
NAME_REQUIRED = _("Line %(line)s: the name is missing.")
OUTCOMES_BEFORE_HELD = _("Outcomes are recorded once the meeting has been held.")
OUTCOME_UNKNOWN = _("Choose one of the outcomes offered.")
MINUTES_BEFORE_HELD = _("Minutes are drafted once the meeting has been held.")
MINUTES_NOT_EDITABLE = _("Only minutes still in draft can be edited.")
MINUTES_BODY_REQUIRED = _("Write the minutes.")
MINUTES_OWN = _("Minutes are approved by someone other than the person who drafted them.")
DECISION_MEETING_NOT_HELD = _("A decision is adopted by a meeting that has been held.")
ADOPTED_BEFORE_MEETING = _("A decision cannot be adopted before the meeting (%(date)s).")
ADOPTED_IN_FUTURE = _("The adoption date cannot be in the future.")
ITEM_OF_OTHER_MEETING = _("Choose an item on this meeting's agenda.")
TEXT_REQUIRED = _("Paste the full text of the decision.")
STATUS_NOTE_REQUIRED = _("Say how and by what the decision was amended or repealed.")
TASK_DUE_BEFORE_ADOPTION = _("The task cannot be due before the decision was adopted (%(date)s).")
TASK_DESCRIPTION_REQUIRED = _("Say what the unit is asked to do.")
TASK_ON_REPEALED = _("A repealed decision requires no further follow-up.")
REPORT_REQUIRED = _("Describe what the unit has done.")
SEND_BACK_NOTE_REQUIRED = _("Say what is still missing, so that the unit knows what to do.")
NOT_YOUR_UNIT = _("This task is addressed to another unit.")

User = get_user_model()


# Helpers --------------------------------------------------------------------------------------------


def task_url(task: FollowUpTask) -> str:
    return reverse("meetings:task_detail", args=[task.pk])


def _clean_text(value) -> str:
    return (value or "").strip()


# Meetings -------------------------------------------------------------------------------------------

MEETING_FIELDS = ("kind", "term", "number", "date", "start_time", "place", "presided_by", "membership")


def next_number(*, kind: str, term) -> int:
    """The next free number of a kind of meeting within a term (第N次)."""
    if term is None:
        return 1
    found = Meeting.objects.filter(kind=kind, term=term).aggregate(n=Max("number"))["n"]
    return (found or 0) + 1


def _check_meeting(meeting: Meeting) -> None:
    errors = {}
    if not meeting.membership:
        errors["membership"] = MEMBERSHIP_REQUIRED
    if meeting.kind and meeting.term_id and meeting.number:
        taken = Meeting.objects.filter(kind=meeting.kind, term_id=meeting.term_id, number=meeting.number)
        if meeting.pk:
            taken = taken.exclude(pk=meeting.pk)
        if taken.exists():
            errors["number"] = ValidationError(
                NUMBER_TAKEN,
                params={"kind": meeting.get_kind_display(), "number": meeting.number},
            )
    if meeting.pk and meeting.membership:
        recorded = meeting.attendance.filter(is_member=True).count()
        if recorded > meeting.membership:
            errors["membership"] = ValidationError(MEMBERSHIP_BELOW_RECORDED, params={"count": recorded})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(*, data: dict, by) -> Meeting:
    meeting = _apply(Meeting(prepared_by=by), data, MEETING_FIELDS)
    _check_meeting(meeting)
    meeting.full_clean()
    meeting.save()
    record_event(meeting, "created", by=by)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict, by) -> Meeting:
    meeting = locked_at(Meeting, meeting.pk, data.get("version"))
    _apply(meeting, data, MEETING_FIELDS)
    _check_meeting(meeting)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_transition(
    *, meeting: Meeting, action: str, by, note: str = "", today: date | None = None
) -> Meeting:
    """Mark a meeting held or cancelled (or prepare a cancelled one again)."""
    today = today or timezone.localdate()
    meeting = Meeting.objects.select_for_update().select_related("term").get(pk=meeting.pk)
    require_legal(meeting, MEETING_MOVES, action)
    if action == "hold" and meeting.date > today:
        raise ValidationError(HELD_IN_FUTURE, params={"date": day_label(meeting.date)})
    move(meeting, MEETING_MOVES, action, by=by, note=note)
    return meeting


def _lock_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("term").get(pk=meeting.pk)


# Agenda ---------------------------------------------------------------------------------------------

ITEM_FIELDS = (
    "title",
    "document_title",
    "presenter",
    "responsible_body",
    "activity",
    "review_opinion",
    "suggestion_year",
    "suggestion_session",
    "notes",
)


DOCUMENT_KINDS = kinds(".pdf", ".docx", ".doc", ".xlsx", ".xls", ".wps")
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024


def check_document(upload):
    """The kind of an agenda item's document, checked from its content; refusals name the field."""
    name = display_name(upload.name)
    kind = DOCUMENT_KINDS.get(os.path.splitext(name)[1].lower())
    if not upload.size:
        error = ValidationError(FILE_EMPTY, params={"name": name})
    elif upload.size > DOCUMENT_MAX_BYTES:
        error = ValidationError(FILE_TOO_BIG, params={"name": name})
    elif kind is None:
        error = ValidationError(FILE_TYPE_NOT_ALLOWED, params={"name": name})
    elif sniff(upload) != kind.signature:
        error = ValidationError(FILE_NOT_WHAT_IT_SAYS, params={"name": name, "kind": kind.label})
    else:
        return kind
    raise ValidationError({"upload": error})


def _check_item(item: AgendaItem) -> None:
    item.title = _clean_text(item.title)
    if not item.title:
        raise ValidationError({"title": TITLE_REQUIRED})


def _store_document(item: AgendaItem, upload) -> None:
    """Save the checked document under a random name; the file is removed again if the save fails."""
    name = display_name(upload.name)
    upload.seek(0)
    item.document.save(f"{uuid4().hex}{os.path.splitext(name)[1].lower()}", upload, save=False)
    item.document_name = name
    try:
        item.save()
    except Exception:
        item.document.storage.delete(item.document.name)
        raise


@transaction.atomic
def agenda_item_create(*, meeting: Meeting, data: dict, by, upload=None) -> AgendaItem:
    """An item at the end of the agenda, with the document heard (PDF, Word or Excel) if one is given."""
    meeting = _lock_meeting(meeting)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(MEETING_CANCELLED)
    item = _apply(AgendaItem(meeting=meeting), data, ITEM_FIELDS)
    _check_item(item)
    if upload:
        check_document(upload)
    item.order = (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1
    item.full_clean(exclude=["document"])
    if upload:
        _store_document(item, upload)
    else:
        item.save()
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict, by, upload=None) -> AgendaItem:
    """Edit an item; a new document replaces the old one (whose file is deleted once saved)."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(MEETING_CANCELLED)
    check_version(item, data.get("version"))
    _apply(item, data, ITEM_FIELDS)
    _check_item(item)
    if upload:
        check_document(upload)
    item.full_clean(exclude=["document"])
    if upload:
        old = item.document.name
        _store_document(item, upload)
        if old:
            storage = item.document.storage
            transaction.on_commit(lambda: storage.delete(old))
    else:
        item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, by) -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"); orders are renumbered 1..n."""
    meeting = _lock_meeting(item.meeting)
    items = list(meeting.items.select_for_update().order_by("order", "pk"))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(ITEM_NOT_FIRST_OR_LAST)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        raise ValidationError(ITEM_NOT_FIRST_OR_LAST)
    items[index], items[target] = items[target], items[index]
    changed = []
    for number, other in enumerate(items, start=1):
        if other.order != number:
            other.order = number
            changed.append(other)
    AgendaItem.objects.bulk_update(changed, ["order"])
    return next(other for other in items if other.pk == item.pk)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by) -> None:
    meeting = _lock_meeting(item.meeting)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(MEETING_CANCELLED)
    if item.decisions.exists():
        raise ValidationError(ITEM_HAS_DECISIONS)
    item.delete()
    for number, other in enumerate(meeting.items.order_by("order", "pk"), start=1):
        if other.order != number:
            AgendaItem.objects.filter(pk=other.pk).update(order=number)


def _take_snapshot(**kwargs):
    """The dashboard's snapshot service, looked up when needed (the dashboard is a sibling top app)."""
    try:
        from dashboard.services import take_snapshot
    except ImportError as exc:
        raise ValidationError(FIGURES_UNAVAILABLE) from exc
    return take_snapshot(**kwargs)


@transaction.atomic
def agenda_item_take_figures(*, item: AgendaItem, by, today: date | None = None) -> AgendaItem:
    """Freeze the dashboard's figures for an item on the handling of suggestions (the papers keep them)."""
    item = AgendaItem.objects.select_for_update().select_related("meeting__term").get(pk=item.pk)
    if item.meeting.state == Meeting.State.CANCELLED:
        raise ValidationError(MEETING_CANCELLED)
    if item.suggestion_year is None and item.suggestion_session_id is None:
        raise ValidationError(NOT_ABOUT_SUGGESTIONS)
    year = item.suggestion_year
    if year is None:
        year = item.suggestion_session.start_date.year
    item.snapshot = _take_snapshot(title=item.title, year=year, term=item.meeting.term, user=by, today=today)
    item.save(update_fields=["snapshot", "updated_at"])
    return item


@transaction.atomic
def outcomes_record(*, meeting: Meeting, outcomes: dict, by) -> Meeting:
    """outcomes: {item pk: outcome code}; items not named keep theirs."""
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.HELD:
        raise ValidationError(OUTCOMES_BEFORE_HELD)
    valid = set(AgendaItem.Outcome.values)
    items = {item.pk: item for item in meeting.items.select_for_update()}
    changed = []
    for pk, outcome in outcomes.items():
        if outcome not in valid or pk not in items:
            raise ValidationError(OUTCOME_UNKNOWN)
        if items[pk].outcome != outcome:
            items[pk].outcome = outcome
            changed.append(items[pk])
    AgendaItem.objects.bulk_update(changed, ["outcome"])
    return meeting


# Attendance -----------------------------------------------------------------------------------------


@transaction.atomic
def attendance_replace(*, meeting: Meeting, rows: list[dict], by) -> list[Attendance]:
    """Replace the attendance list with `rows` (name, post, is_member, status, reason).

    The members listed cannot outnumber the meeting's membership; leave needs a reason; a name
    appears once. Nothing is written unless every row is right.
    """
    meeting = _lock_meeting(meeting)
    if meeting.state == Meeting.State.CANCELLED:
        raise ValidationError({"rows": MEETING_CANCELLED})
    errors, seen, records = [], set(), []
    for line, row in enumerate(rows, start=1):
        name = _clean_text(row.get("name"))
        reason = _clean_text(row.get("reason"))
        status = row.get("status") or Attendance.Status.PRESENT
        if not name:
            errors.append(ValidationError(NAME_REQUIRED, params={"line": line}))
            continue
        if name in seen:
            errors.append(ValidationError(NAME_TWICE, params={"line": line, "name": name}))
        seen.add(name)
        if status == Attendance.Status.LEAVE and not reason:
            errors.append(ValidationError(LEAVE_NEEDS_REASON, params={"line": line, "name": name}))
        records.append(
            Attendance(
                meeting=meeting,
                name=name,
                post=_clean_text(row.get("post")),
                is_member=bool(row.get("is_member", True)),
                status=status,
                reason=reason,
            )
        )
    members = sum(1 for r in records if r.is_member)
    if members > meeting.membership:
        errors.insert(
            0,
            ValidationError(
                ATTENDANCE_ABOVE_MEMBERSHIP, params={"count": members, "membership": meeting.membership}
            ),
        )
    if errors:
        raise ValidationError({"rows": errors})
    for record in records:
        record.full_clean(exclude=["meeting"], validate_unique=False)
    meeting.attendance.all().delete()
    return Attendance.objects.bulk_create(records)


# Minutes --------------------------------------------------------------------------------------------


@transaction.atomic
def minutes_save(*, meeting: Meeting, data: dict, by) -> Minutes:
    """Draft the minutes of a held meeting, or edit the draft."""
    meeting = _lock_meeting(meeting)
    if meeting.state != Meeting.State.HELD:
        raise ValidationError(MINUTES_BEFORE_HELD)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is not None and minutes.state != Minutes.State.DRAFT:
        raise ValidationError(MINUTES_NOT_EDITABLE)
    # Unlike check_version, an empty version counts: a form opened before anyone drafted the minutes
    # would otherwise overwrite the draft someone saved meanwhile.
    if minutes is not None and "version" in data and data["version"] != version_of(minutes):
        raise EditConflict(minutes)
    body = _clean_text(data.get("body"))
    if not body:
        raise ValidationError({"body": MINUTES_BODY_REQUIRED})
    created = minutes is None
    if created:
        minutes = Minutes(meeting=meeting, drafted_by=by)
    minutes.body = body
    minutes.number = _clean_text(data.get("number"))
    minutes.full_clean()
    minutes.save()
    if created:
        record_event(minutes, "created", by=by)
    return minutes


@transaction.atomic
def minutes_transition(*, minutes: Minutes, action: str, by, note: str = "") -> Minutes:
    """Approve (a director, not the drafter), return for redrafting, or archive the minutes."""
    minutes = Minutes.objects.select_for_update().select_related("meeting__term").get(pk=minutes.pk)
    require_legal(minutes, MINUTES_MOVES, action)
    fields = []
    if action == "approve":
        if minutes.drafted_by_id == by.pk:
            raise ValidationError(MINUTES_OWN)
        minutes.approved_by = by
        minutes.approved_at = timezone.now()
        fields = ["approved_by", "approved_at"]
    elif action == "return":
        minutes.approved_by = None
        minutes.approved_at = None
        fields = ["approved_by", "approved_at"]
    elif action == "archive":
        minutes.archived_at = timezone.now()
        fields = ["archived_at"]
    move(minutes, MINUTES_MOVES, action, by=by, note=note, update_fields=fields)
    if action in ("approve", "return"):
        title = (
            gettext("The minutes of %(meeting)s were approved")
            if action == "approve"
            else gettext("The minutes of %(meeting)s were returned for redrafting")
        )
        notify(
            recipients=[minutes.drafted_by],
            title=title % {"meeting": minutes.meeting.display_title},
            body=note,
            key=f"meetings:minutes:{minutes.pk}:{action}:{timezone.now():%Y%m%d%H%M%S%f}",
            url=minutes.meeting.get_absolute_url(),
        )
    return minutes


# Decisions ------------------------------------------------------------------------------------------

DECISION_FIELDS = ("kind", "number", "title", "agenda_item", "adopted_on", "text")


def _check_decision(decision: Decision, meeting: Meeting, today: date) -> None:
    if meeting.state != Meeting.State.HELD:
        raise ValidationError(DECISION_MEETING_NOT_HELD)
    errors = {}
    if decision.adopted_on is not None:
        if decision.adopted_on < meeting.date:
            errors["adopted_on"] = ValidationError(
                ADOPTED_BEFORE_MEETING, params={"date": day_label(meeting.date)}
            )
        elif decision.adopted_on > today:
            errors["adopted_on"] = ADOPTED_IN_FUTURE
    if decision.agenda_item_id and decision.agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = ITEM_OF_OTHER_MEETING
    decision.text = (decision.text or "").strip()
    if not decision.text:
        errors["text"] = TEXT_REQUIRED
    if decision.pk:
        earliest = decision.tasks.filter(due__lt=decision.adopted_on).order_by("due").first()
        if earliest is not None and "adopted_on" not in errors:
            errors["adopted_on"] = ValidationError(
                TASK_DUE_BEFORE_ADOPTION, params={"date": day_label(earliest.due)}
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def decision_create(*, meeting: Meeting, data: dict, by, today: date | None = None) -> Decision:
    today = today or timezone.localdate()
    meeting = _lock_meeting(meeting)
    decision = _apply(Decision(meeting=meeting), data, DECISION_FIELDS)
    _check_decision(decision, meeting, today)
    decision.full_clean()
    decision.save()
    record_event(decision, "created", by=by, state_field="status")
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, data: dict, by, today: date | None = None) -> Decision:
    today = today or timezone.localdate()
    decision = locked_at(Decision.objects.select_related("meeting"), decision.pk, data.get("version"))
    _apply(decision, data, DECISION_FIELDS)
    _check_decision(decision, decision.meeting, today)
    decision.full_clean()
    decision.save()
    sync_deadlines(decision)
    return decision


@transaction.atomic
def decision_change_status(*, decision: Decision, action: str, note: str, by) -> Decision:
    """Mark a decision amended or repealed, saying by what (the note is kept on the decision)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    require_legal(decision, DECISION_MOVES, action, state_field="status")
    note = _clean_text(note)
    if not note:
        raise ValidationError({"note": STATUS_NOTE_REQUIRED})
    decision.status_note = note[:200]
    move(
        decision,
        DECISION_MOVES,
        action,
        by=by,
        note=note,
        state_field="status",
        update_fields=["status_note"],
    )
    sync_deadlines(decision)
    return decision


@transaction.atomic
def decision_publish(*, decision: Decision, publish: bool, by) -> Decision:
    """Publish a decision (deputies and the public portal see it) or withdraw it from publication."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_published == publish:
        return decision
    decision.is_published = publish
    decision.save(update_fields=["is_published", "updated_at"])
    record_event(decision, "publish" if publish else "unpublish", by=by, state_field="status")
    return decision


# Follow-up tasks ------------------------------------------------------------------------------------

TASK_FIELDS = ("unit", "description", "due")


def _check_task(task: FollowUpTask, decision: Decision) -> None:
    if decision.status == Decision.Status.REPEALED:
        raise ValidationError(TASK_ON_REPEALED)
    errors = {}
    task.description = _clean_text(task.description)
    if not task.description:
        errors["description"] = TASK_DESCRIPTION_REQUIRED
    if task.due is not None and task.due < decision.adopted_on:
        errors["due"] = ValidationError(
            TASK_DUE_BEFORE_ADOPTION, params={"date": day_label(decision.adopted_on)}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def task_create(*, decision: Decision, data: dict, by) -> FollowUpTask:
    """A task the decision asks of a unit; the unit's users are told, and it joins the reminders."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    task = _apply(FollowUpTask(decision=decision), data, TASK_FIELDS)
    _check_task(task, decision)
    task.full_clean()
    task.save()
    record_event(task, "created", by=by)
    notify(
        recipients=unit_users([task.unit_id]),
        title=gettext("“%(decision)s” asks your unit to act by %(date)s")
        % {"decision": decision.title, "date": day_label(task.due)},
        body=task.description,
        key=f"meetings:task:{task.pk}:created",
        url=task_url(task),
    )
    sync_deadlines(task)
    return task


@transaction.atomic
def task_update(*, task: FollowUpTask, data: dict, by) -> FollowUpTask:
    task = FollowUpTask.objects.select_for_update().select_related("decision").get(pk=task.pk)
    _apply(task, data, ("description", "due"))
    _check_task(task, task.decision)
    task.full_clean()
    task.save()
    sync_deadlines(task)
    return task


def _lock_task(task: FollowUpTask) -> FollowUpTask:
    return FollowUpTask.objects.select_for_update().select_related("decision", "unit").get(pk=task.pk)


@transaction.atomic
def task_report(*, task: FollowUpTask, report: str, by) -> FollowUpTask:
    """The unit reports what it has done; staff are told so that they can accept it."""
    task = _lock_task(task)
    if by.unit_id != task.unit_id:
        raise ValidationError(NOT_YOUR_UNIT)
    require_legal(task, TASK_MOVES, "report")
    report = _clean_text(report)
    if not report:
        raise ValidationError({"report": REPORT_REQUIRED})
    task.report = report
    task.reported_at = timezone.now()
    task.reported_by = by
    move(task, TASK_MOVES, "report", by=by, update_fields=["report", "reported_at", "reported_by"])
    notify(
        recipients=users_with_perm(MANAGE),
        title=gettext("%(unit)s reported on “%(decision)s”")
        % {"unit": task.unit.name, "decision": task.decision.title},
        body=report,
        key=f"meetings:task:{task.pk}:reported:{task.reported_at:%Y%m%d%H%M%S%f}",
        url=task_url(task),
    )
    sync_deadlines(task)
    return task


@transaction.atomic
def task_accept(*, task: FollowUpTask, by, note: str = "") -> FollowUpTask:
    task = _lock_task(task)
    require_legal(task, TASK_MOVES, "accept")
    task.closed_at = timezone.now()
    move(task, TASK_MOVES, "accept", by=by, note=note, update_fields=["closed_at"])
    notify(
        recipients=unit_users([task.unit_id]),
        title=gettext("Your report on “%(decision)s” was accepted") % {"decision": task.decision.title},
        key=f"meetings:task:{task.pk}:accepted",
        url=task_url(task),
    )
    sync_deadlines(task)
    return task


@transaction.atomic
def task_send_back(*, task: FollowUpTask, note: str, by) -> FollowUpTask:
    task = _lock_task(task)
    require_legal(task, TASK_MOVES, "send_back")
    note = _clean_text(note)
    if not note:
        raise ValidationError({"note": SEND_BACK_NOTE_REQUIRED})
    transition = move(task, TASK_MOVES, "send_back", by=by, note=note)
    notify(
        recipients=unit_users([task.unit_id]),
        title=gettext("Your report on “%(decision)s” was sent back") % {"decision": task.decision.title},
        body=note,
        key=f"meetings:task:{task.pk}:sent_back:{transition.pk}",
        url=task_url(task),
    )
    sync_deadlines(task)
    return task
