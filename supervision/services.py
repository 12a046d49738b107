"""Writes of supervision: topics, activities, review opinions, rectification items, progress and extensions.

Every function runs in one transaction, checks its input before it writes (so that a refused input
leaves nothing behind, files on disk included), locks the row it changes with select_for_update(),
moves states through renda.core.workflow.move (or records a non-state event as a Transition whose
from_state equals its to_state), and notifies the people concerned in the same transaction.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renda.core.calendar import day_label, deadline_after
from renda.core.deadlines import sync_deadlines
from renda.core.models import Unit
from renda.core.selectors import unit_users, users_with_perm
from renda.core.services import apply_fields as _apply
from renda.core.services import notify
from renda.core.versions import check_version, locked_at
from renda.core.workflow import ILLEGAL_MOVE, IllegalMove, move, record_event, require_legal, state_label
from supervision.evidence import check_uploads, display_name, stored_name
from supervision.models import (
    Activity,
    Evidence,
    Policy,
    ProgressUpdate,
    RectificationItem,
    ReviewOpinion,
    Topic,
)
from supervision.workflow import (
    APPROVE,
    EVENT_LABELS,
    ITEM_MOVES,
    MANAGE,
    OPEN_ITEM_STATES,
    OPINION_MOVES,
    unsatisfied_majority,
)

# Messages at the field ------------------------------------------------------------------------------

OPINION_NOT_EDITABLE = _("Only an opinion still being compiled can be edited.")
SENT_IN_FUTURE = _("The day the opinion was sent cannot be in the future.")
ITEMS_DUE_BEFORE_SENT = _(
    "Some rectification items are due before this day (the earliest on %(date)s). Correct their "
    "deadlines first."
)
REPORT_REQUIRED = _("Write or paste the body's written handling report.")
REPORT_IN_FUTURE = _("The report cannot have been received in the future.")
REPORT_BEFORE_SENT = _("The report cannot have been received before the opinion was sent (%(date)s).")
VOTES_NEGATIVE = _("A number of votes cannot be negative.")
NO_VOTES = _("Enter the votes cast: at least one vote.")
VOTE_IN_FUTURE = _("The vote cannot be in the future.")
VOTE_BEFORE_REPORT = _("The vote cannot be before the report was received (%(date)s).")
NOT_CLOSED = _("Only a closed opinion can be published.")
ALREADY_PUBLISHED = _("This opinion was already published on %(date)s.")
ITEM_OPINION_CLOSED = _("Items cannot be added to a closed opinion.")
DESCRIPTION_REQUIRED = _("Describe what is to be put right.")
DEADLINE_REQUIRED = _("Enter the deadline.")
ITEM_DEADLINE_BEFORE_SENT = _("The deadline cannot be before the opinion was sent (%(date)s).")
ITEM_NOT_EDITABLE = _("A verified item can no longer be changed.")
PROGRESS_TEXT_REQUIRED = _("Describe the progress made.")
PERCENT_RANGE = _("Progress is a percentage from 0 to 100.")
PROGRESS_DATE_REQUIRED = _("Enter the date of this progress.")
PROGRESS_IN_FUTURE = _("Progress cannot be dated in the future.")
PROGRESS_BEFORE_SENT = _("Progress cannot be dated before the opinion was sent (%(date)s).")
EXTENSION_REASON_REQUIRED = _("Give the reason for the extension.")
EXTENSION_DATE_REQUIRED = _("Enter the new deadline asked for.")
EXTENSION_NOT_LATER = _("The new deadline must be later than the current one (%(date)s).")
EXTENSION_PENDING = _("An extension is already waiting for the director meeting's decision.")
NO_EXTENSION_PENDING = _("No extension is waiting for a decision.")
SEND_BACK_NOTE_REQUIRED = _("Say what is still missing, so that the unit knows what to do.")
VOTE_NOTE = _("Satisfied %(satisfied)s, basically satisfied %(basically)s, unsatisfied %(unsatisfied)s.")
EXTENSION_NOTE = _("Asked until %(date)s: %(reason)s")

User = get_user_model()


# Helpers --------------------------------------------------------------------------------------------


def _refuse(obj, label) -> None:
    raise IllegalMove(ILLEGAL_MOVE % {"state": state_label(obj, "state", obj.state), "action": label})


class _Files:
    """Stores evidence files and deletes them again if the service that wrote them fails."""

    def __init__(self):
        self.written = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for storage, name in self.written:
                storage.delete(name)
        return False

    def store(self, *, upload, kind, by, activity=None, update=None) -> Evidence:
        name = display_name(upload.name)
        evidence = Evidence(
            activity=activity,
            update=update,
            name=name,
            content_type=kind.content_type,
            size=upload.size,
            uploaded_by=by,
        )
        evidence.full_clean(exclude=["file"])
        upload.seek(0)
        evidence.file.save(stored_name(name), upload, save=False)
        self.written.append((evidence.file.storage, evidence.file.name))
        evidence.save()
        return evidence


def _checked_files(files, field: str = "evidence"):
    try:
        return check_uploads(files)
    except ValidationError as exc:
        raise ValidationError({field: exc}) from exc


# Topics and activities ------------------------------------------------------------------------------

TOPIC_FIELDS = ("year", "category", "title", "description", "lead_committee")
ACTIVITY_FIELDS = ("kind", "date", "place", "other_participants", "findings")


@transaction.atomic
def topic_create(*, data: dict, by) -> Topic:
    topic = _apply(Topic(), data, TOPIC_FIELDS)
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def topic_update(*, topic: Topic, data: dict, by) -> Topic:
    topic = locked_at(Topic, topic.pk, data.get("version"))
    _apply(topic, data, TOPIC_FIELDS)
    topic.full_clean()
    topic.save()
    return topic


@transaction.atomic
def activity_create(
    *, topic: Topic, data: dict, deputies: Iterable = (), files: Iterable = (), by
) -> Activity:
    """An activity on a topic with the deputies who took part and its files (photos, minutes)."""
    checked = _checked_files(files, "attachments")
    activity = _apply(Activity(topic=topic), data, ACTIVITY_FIELDS)
    activity.full_clean()
    with _Files() as store:
        activity.save()
        activity.deputies.set(list(deputies))
        for upload, kind in checked:
            store.store(upload=upload, kind=kind, by=by, activity=activity)
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, data: dict, deputies: Iterable = (), files: Iterable = (), by
) -> Activity:
    checked = _checked_files(files, "attachments")
    activity = locked_at(Activity, activity.pk, data.get("version"))
    _apply(activity, data, ACTIVITY_FIELDS)
    activity.full_clean()
    with _Files() as store:
        activity.save()
        activity.deputies.set(list(deputies))
        for upload, kind in checked:
            store.store(upload=upload, kind=kind, by=by, activity=activity)
    return activity


# Review opinions ------------------------------------------------------------------------------------

OPINION_FIELDS = ("title", "body", "recipient", "supervising_leader")


def _lock_opinion(opinion: ReviewOpinion) -> ReviewOpinion:
    return ReviewOpinion.objects.select_for_update().select_related("recipient").get(pk=opinion.pk)


def _item_unit_ids(opinion: ReviewOpinion) -> set[int]:
    return set(opinion.items.values_list("unit_id", flat=True))


@transaction.atomic
def opinion_create(*, activity: Activity, data: dict, by) -> ReviewOpinion:
    """A review opinion being compiled; the director meeting is told it awaits approval."""
    opinion = _apply(ReviewOpinion(activity=activity), data, OPINION_FIELDS)
    opinion.state = ReviewOpinion.State.DRAFT
    opinion.full_clean()
    opinion.save()
    record_event(opinion, "created", by=by)
    notify(
        recipients=users_with_perm(APPROVE),
        title=gettext("A review opinion awaits the director meeting's approval: %(title)s")
        % {"title": opinion.title},
        key=f"review_opinion:{opinion.pk}:created",
        url=opinion.get_absolute_url(),
    )
    return opinion


@transaction.atomic
def opinion_update(*, opinion: ReviewOpinion, data: dict, by) -> ReviewOpinion:
    opinion = _lock_opinion(opinion)
    if opinion.state != ReviewOpinion.State.DRAFT:
        raise ValidationError(OPINION_NOT_EDITABLE)
    check_version(opinion, data.get("version"))
    _apply(opinion, data, OPINION_FIELDS)
    opinion.full_clean()
    opinion.save()
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_approve(*, opinion: ReviewOpinion, note: str = "", by) -> ReviewOpinion:
    opinion = _lock_opinion(opinion)
    move(opinion, OPINION_MOVES, "approve", by=by, note=note)
    notify(
        recipients=users_with_perm(MANAGE),
        title=gettext("The director meeting approved the review opinion “%(title)s”: it can be sent")
        % {"title": opinion.title},
        key=f"review_opinion:{opinion.pk}:approved",
        url=opinion.get_absolute_url(),
    )
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_send(*, opinion: ReviewOpinion, sent_on: date, by, today: date | None = None) -> ReviewOpinion:
    """Send the approved opinion to its body; the written report is due after the policy's months."""
    today = today or timezone.localdate()
    opinion = _lock_opinion(opinion)
    require_legal(opinion, OPINION_MOVES, "send")
    if sent_on is None or sent_on > today:
        raise ValidationError({"sent_on": SENT_IN_FUTURE})
    earliest = opinion.items.filter(deadline__lt=sent_on).order_by("deadline").first()
    if earliest is not None:
        raise ValidationError(
            {"sent_on": ValidationError(ITEMS_DUE_BEFORE_SENT, params={"date": day_label(earliest.deadline)})}
        )
    opinion.sent_on = sent_on
    opinion.report_due = deadline_after(sent_on, months=Policy.current().report_months)
    move(opinion, OPINION_MOVES, "send", by=by, update_fields=["sent_on", "report_due"])
    notify(
        recipients=unit_users({opinion.recipient_id} | _item_unit_ids(opinion)),
        title=gettext("Review opinion “%(title)s”: the written handling report is due on %(date)s")
        % {"title": opinion.title, "date": day_label(opinion.report_due)},
        body=opinion.body,
        key=f"review_opinion:{opinion.pk}:sent",
        url=opinion.get_absolute_url(),
    )
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_report(
    *, opinion: ReviewOpinion, received_on: date, report: str, by, today: date | None = None
) -> ReviewOpinion:
    """Record the body's written handling report (a new one in each round)."""
    today = today or timezone.localdate()
    opinion = _lock_opinion(opinion)
    require_legal(opinion, OPINION_MOVES, "report")
    errors = {}
    if not (report or "").strip():
        errors["report"] = REPORT_REQUIRED
    if received_on is None or received_on > today:
        errors["received_on"] = REPORT_IN_FUTURE
    elif received_on < opinion.sent_on:
        errors["received_on"] = ValidationError(
            REPORT_BEFORE_SENT, params={"date": day_label(opinion.sent_on)}
        )
    if errors:
        raise ValidationError(errors)
    opinion.report = report.strip()
    opinion.report_received_on = received_on
    opinion.full_clean()
    move(
        opinion,
        OPINION_MOVES,
        "report",
        by=by,
        note=opinion.report,
        update_fields=["report", "report_received_on"],
    )
    people = list(users_with_perm(MANAGE))
    if opinion.supervising_leader_id:
        people.append(opinion.supervising_leader)
    notify(
        recipients=people,
        title=gettext("%(body)s reported on the review opinion “%(title)s”")
        % {"body": opinion.recipient, "title": opinion.title},
        key=f"review_opinion:{opinion.pk}:reported:{opinion.round}",
        url=opinion.get_absolute_url(),
    )
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_close(*, opinion: ReviewOpinion, note: str = "", by) -> ReviewOpinion:
    """Close the opinion on its report, without a satisfaction vote."""
    opinion = _lock_opinion(opinion)
    move(opinion, OPINION_MOVES, "close", by=by, note=note)
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_vote(
    *,
    opinion: ReviewOpinion,
    satisfied: int,
    basically: int,
    unsatisfied: int,
    voted_on: date,
    by,
    today: date | None = None,
) -> ReviewOpinion:
    """Record the satisfaction vote on the report.

    More than half of the votes cast 不满意: the body rectifies again by a new deadline and reports
    again (a new round); otherwise the opinion is closed.
    """
    today = today or timezone.localdate()
    opinion = _lock_opinion(opinion)
    require_legal(opinion, OPINION_MOVES, "vote_satisfied")
    counts = {"satisfied": satisfied, "basically": basically, "unsatisfied": unsatisfied}
    errors = {}
    for field, value in counts.items():
        if value is None or value < 0:
            errors[field] = VOTES_NEGATIVE
    if not errors and sum(counts.values()) == 0:
        errors["satisfied"] = NO_VOTES
    if voted_on is None or voted_on > today:
        errors["voted_on"] = VOTE_IN_FUTURE
    elif opinion.report_received_on and voted_on < opinion.report_received_on:
        errors["voted_on"] = ValidationError(
            VOTE_BEFORE_REPORT, params={"date": day_label(opinion.report_received_on)}
        )
    if errors:
        raise ValidationError(errors)
    opinion.votes_satisfied = satisfied
    opinion.votes_basically = basically
    opinion.votes_unsatisfied = unsatisfied
    fields = ["votes_satisfied", "votes_basically", "votes_unsatisfied"]
    note = str(VOTE_NOTE) % counts
    if unsatisfied_majority(**counts):
        opinion.round += 1
        opinion.report_due = deadline_after(voted_on, months=Policy.current().rerectify_months)
        move(
            opinion,
            OPINION_MOVES,
            "vote_unsatisfied",
            by=by,
            note=note,
            update_fields=[*fields, "round", "report_due"],
        )
        notify(
            recipients=unit_users({opinion.recipient_id} | _item_unit_ids(opinion)),
            title=gettext(
                "More than half voted unsatisfied with the report on “%(title)s”: rectify again and "
                "report by %(date)s"
            )
            % {"title": opinion.title, "date": day_label(opinion.report_due)},
            body=note,
            key=f"review_opinion:{opinion.pk}:rectify_again:{opinion.round}",
            url=opinion.get_absolute_url(),
        )
    else:
        move(opinion, OPINION_MOVES, "vote_satisfied", by=by, note=note, update_fields=fields)
        notify(
            recipients=unit_users({opinion.recipient_id}),
            title=gettext("The report on the review opinion “%(title)s” was accepted by vote")
            % {"title": opinion.title},
            body=note,
            key=f"review_opinion:{opinion.pk}:vote_closed",
            url=opinion.get_absolute_url(),
        )
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_publish(*, opinion: ReviewOpinion, by, today: date | None = None) -> ReviewOpinion:
    """Publish a closed opinion's result (the portal shows published ones)."""
    today = today or timezone.localdate()
    opinion = _lock_opinion(opinion)
    if opinion.state != ReviewOpinion.State.CLOSED:
        raise IllegalMove(NOT_CLOSED)
    if opinion.published_at:
        raise IllegalMove(ALREADY_PUBLISHED % {"date": day_label(opinion.published_at)})
    opinion.published_at = today
    opinion.save(update_fields=["published_at", "updated_at"])
    record_event(opinion, "publish", by=by)
    notify(
        recipients=unit_users({opinion.recipient_id}),
        title=gettext("The result of the review opinion “%(title)s” has been published")
        % {"title": opinion.title},
        key=f"review_opinion:{opinion.pk}:published",
        url=opinion.get_absolute_url(),
    )
    sync_deadlines(opinion)
    return opinion


# Rectification items --------------------------------------------------------------------------------


def _check_item(*, opinion: ReviewOpinion, unit: Unit | None, description: str, deadline: date | None):
    errors = {}
    if not (description or "").strip():
        errors["description"] = DESCRIPTION_REQUIRED
    if deadline is None:
        errors["deadline"] = DEADLINE_REQUIRED
    elif opinion.sent_on and deadline < opinion.sent_on:
        errors["deadline"] = ValidationError(
            ITEM_DEADLINE_BEFORE_SENT, params={"date": day_label(opinion.sent_on)}
        )
    if errors:
        raise ValidationError(errors)


def _lock_item(item: RectificationItem) -> RectificationItem:
    return RectificationItem.objects.select_for_update().select_related("opinion", "unit").get(pk=item.pk)


@transaction.atomic
def item_create(
    *, opinion: ReviewOpinion, unit: Unit, description: str, deadline: date, by
) -> RectificationItem:
    """One thing the body must put right, by a unit and a deadline (not before the opinion was sent)."""
    opinion = _lock_opinion(opinion)
    if opinion.state == ReviewOpinion.State.CLOSED:
        raise ValidationError(ITEM_OPINION_CLOSED)
    _check_item(opinion=opinion, unit=unit, description=description, deadline=deadline)
    item = RectificationItem(opinion=opinion, unit=unit, description=description.strip(), deadline=deadline)
    item.full_clean()
    item.save()
    record_event(item, "created", by=by)
    if opinion.state not in (ReviewOpinion.State.DRAFT, ReviewOpinion.State.APPROVED):
        notify(
            recipients=unit_users({item.unit_id}),
            title=gettext("A rectification item was assigned to %(unit)s: due on %(date)s")
            % {"unit": item.unit, "date": day_label(item.deadline)},
            body=item.description,
            key=f"rectification:{item.pk}:assigned:{item.unit_id}",
            url=item.get_absolute_url(),
        )
    sync_deadlines(item)
    return item


@transaction.atomic
def item_update(
    *, item: RectificationItem, unit: Unit, description: str, deadline: date, by, version: str | None = None
) -> RectificationItem:
    item = _lock_item(item)
    if item.state == RectificationItem.State.VERIFIED:
        raise ValidationError(ITEM_NOT_EDITABLE)
    check_version(item, version)
    _check_item(opinion=item.opinion, unit=unit, description=description, deadline=deadline)
    moved_to = unit if unit is not None and unit.pk != item.unit_id else None
    item.unit = unit
    item.description = description.strip()
    item.deadline = deadline
    item.full_clean()
    item.save()
    if moved_to is not None and item.opinion.sent_on:
        notify(
            recipients=unit_users({moved_to.pk}),
            title=gettext("A rectification item was assigned to %(unit)s: due on %(date)s")
            % {"unit": moved_to, "date": day_label(item.deadline)},
            body=item.description,
            key=f"rectification:{item.pk}:assigned:{moved_to.pk}",
            url=item.get_absolute_url(),
        )
    sync_deadlines(item)
    return item


@transaction.atomic
def progress_record(
    *,
    item: RectificationItem,
    date: date,
    percent: int,
    text: str,
    files: Iterable = (),
    by,
    today: date | None = None,
) -> ProgressUpdate:
    """The unit reports dated progress with evidence; the first update starts the item, 100 % makes it
    done (for staff to verify). Staff are told."""
    today = today or timezone.localdate()
    item = _lock_item(item)
    if item.state not in OPEN_ITEM_STATES:
        _refuse(item, gettext("progress recorded"))
    errors = {}
    if not (text or "").strip():
        errors["text"] = PROGRESS_TEXT_REQUIRED
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = PERCENT_RANGE
    if date is None:
        errors["date"] = PROGRESS_DATE_REQUIRED
    elif date > today:
        errors["date"] = PROGRESS_IN_FUTURE
    elif item.opinion.sent_on and date < item.opinion.sent_on:
        errors["date"] = ValidationError(
            PROGRESS_BEFORE_SENT, params={"date": day_label(item.opinion.sent_on)}
        )
    try:
        checked = _checked_files(files)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    with _Files() as store:
        update = ProgressUpdate(item=item, date=date, percent=percent, text=text.strip(), by=by)
        update.full_clean()
        update.save()
        for upload, kind in checked:
            store.store(upload=upload, kind=kind, by=by, update=update)
        item.percent = percent
        if percent == 100:
            move(item, ITEM_MOVES, "complete", by=by, update_fields=["percent"])
        elif item.state == RectificationItem.State.NOT_STARTED:
            move(item, ITEM_MOVES, "start", by=by, update_fields=["percent"])
        else:
            item.save(update_fields=["percent", "updated_at"])
    if percent == 100:
        title = gettext("%(unit)s reports a rectification item done: please verify it")
    else:
        title = gettext("%(unit)s reported progress on a rectification item (%(percent)s%%)")
    notify(
        recipients=users_with_perm(MANAGE),
        title=title % {"unit": item.unit, "percent": percent},
        body=update.text,
        key=f"rectification:{item.pk}:progress:{update.pk}",
        url=item.get_absolute_url(),
    )
    sync_deadlines(item)
    return update


@transaction.atomic
def item_verify(*, item: RectificationItem, note: str = "", by) -> RectificationItem:
    """Staff check the evidence and accept the item as put right."""
    item = _lock_item(item)
    item.verified_by = by
    item.verified_at = timezone.now()
    move(item, ITEM_MOVES, "verify", by=by, note=note, update_fields=["verified_by", "verified_at"])
    notify(
        recipients=unit_users({item.unit_id}),
        title=gettext("The committee verified your rectification item as put right"),
        body=item.description,
        key=f"rectification:{item.pk}:verified",
        url=item.get_absolute_url(),
    )
    sync_deadlines(item)
    return item


@transaction.atomic
def item_send_back(*, item: RectificationItem, note: str, by) -> RectificationItem:
    """Staff find the item not yet put right: back to in progress, with what is missing."""
    item = _lock_item(item)
    require_legal(item, ITEM_MOVES, "send_back")
    if not (note or "").strip():
        raise ValidationError({"note": SEND_BACK_NOTE_REQUIRED})
    transition = move(item, ITEM_MOVES, "send_back", by=by, note=note.strip())
    notify(
        recipients=unit_users({item.unit_id}),
        title=gettext("A rectification item was sent back: it is not yet put right"),
        body=note.strip(),
        key=f"rectification:{item.pk}:sent_back:{transition.pk}",
        url=item.get_absolute_url(),
    )
    sync_deadlines(item)
    return item


@transaction.atomic
def item_extension_request(
    *, item: RectificationItem, reason: str, until: date | None, by
) -> RectificationItem:
    """The unit asks for a later deadline, with a reason; the director meeting decides."""
    item = _lock_item(item)
    if item.state not in OPEN_ITEM_STATES:
        _refuse(item, EVENT_LABELS["extension_request"])
    if item.extension_deadline is not None:
        raise ValidationError(EXTENSION_PENDING)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = EXTENSION_REASON_REQUIRED
    if until is None:
        errors["until"] = EXTENSION_DATE_REQUIRED
    elif until <= item.deadline:
        errors["until"] = ValidationError(EXTENSION_NOT_LATER, params={"date": day_label(item.deadline)})
    if errors:
        raise ValidationError(errors)
    item.extension_reason = reason.strip()
    item.extension_deadline = until
    item.full_clean()
    item.save(update_fields=["extension_reason", "extension_deadline", "updated_at"])
    transition = record_event(
        item,
        "extension_request",
        by=by,
        note=str(EXTENSION_NOTE) % {"date": day_label(until), "reason": item.extension_reason},
    )
    people = list(users_with_perm(APPROVE))
    if item.opinion.supervising_leader_id:
        people.append(item.opinion.supervising_leader)
    notify(
        recipients=people,
        title=gettext("%(unit)s asks to extend a rectification item to %(date)s")
        % {"unit": item.unit, "date": day_label(until)},
        body=item.extension_reason,
        key=f"rectification:{item.pk}:extension_request:{transition.pk}",
        url=item.get_absolute_url(),
    )
    return item


@transaction.atomic
def item_extension_decide(*, item: RectificationItem, approve: bool, note: str = "", by) -> RectificationItem:
    """The director meeting approves (the deadline moves) or refuses the extension asked for."""
    item = _lock_item(item)
    if item.extension_deadline is None:
        raise ValidationError(NO_EXTENSION_PENDING)
    asked = item.extension_deadline
    if approve:
        item.deadline = asked
    item.extension_deadline = None
    item.extension_reason = ""
    item.full_clean()
    item.save(update_fields=["deadline", "extension_deadline", "extension_reason", "updated_at"])
    action = "extension_approve" if approve else "extension_refuse"
    transition = record_event(item, action, by=by, note=(note or "").strip())
    if approve:
        title = gettext("The extension of a rectification item to %(date)s was approved")
    else:
        title = gettext("The extension of a rectification item to %(date)s was refused")
    notify(
        recipients=unit_users({item.unit_id}),
        title=title % {"date": day_label(asked)},
        body=(note or "").strip(),
        key=f"rectification:{item.pk}:{action}:{transition.pk}",
        url=item.get_absolute_url(),
    )
    sync_deadlines(item)
    return item
