"""Writes of suggestion handling after submission: review, merging, numbering and assignment, the
units' work (acceptance, return requests, consultations, co-handling opinions, extensions, replies,
progress), the lead deputy's rating, re-handling, closing, and key suggestions.

Every service runs in one transaction and locks the suggestion row first, refusing a stale page
(`version`: the renda.core.versions.version_of the page showed, a digest of the row's stored values)
with proposals.locking.SuggestionChanged, an EditConflict saying CONFLICT. It checks the transition
table before anything else, validates with translated messages at the field, writes the transition
record, and notifies in the same transaction (renda.core.services.notify, keyed per event). A
write that only adds rows beside the suggestion (a consultation, a co-handling opinion, a progress
update, a merged suggestion's co-signers) leaves its version as it was: it overwrites nothing.
Events that are not state changes (an extension asked for, a co-handling opinion sent, a key
suggestion picked) are recorded as transitions from a state to itself, so the timeline has them.
"""

import hashlib
from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from proposals.filing import attachment_add
from proposals.locking import check_suggestion, suggestion_locked
from proposals.models import (
    AWAITING_REPLY,
    FINAL,
    Attachment,
    CoHandling,
    Consultation,
    Cosignature,
    Outcome,
    Policy,
    ProgressUpdate,
    Reply,
    Satisfaction,
    State,
    Suggestion,
)
from proposals.numbering import number_take
from proposals.workflow import MOVES
from renda.core.calendar import add_working_days, deadline_after
from renda.core.deadlines import sync_deadlines
from renda.core.models import Transition, Unit
from renda.core.selectors import unit_users, users_with_perm
from renda.core.services import notify
from renda.core.workflow import ILLEGAL_MOVE, IllegalMove, move, state_label

# Messages (compared by the tests under translation.override) -----------------------------------------

RETURN_NOTE_REQUIRED = _("Say what the deputy should revise.")
REJECT_NOTE_REQUIRED = _("Give the reason why the suggestion is not accepted.")
MERGE_TARGET_REQUIRED = _("Choose the suggestion to merge into.")
MERGE_INTO_ITSELF = _("A suggestion cannot be merged into itself.")
MERGE_TARGET_CLOSED = _("Merge into a suggestion that is still open.")
LEAD_UNIT_REQUIRED = _("Choose the lead unit.")
UNIT_INACTIVE = _("%(unit)s is no longer an active unit.")
LEAD_UNIT_ALSO_CO = _("The lead unit cannot also be a co-handling unit.")
NOTHING_SELECTED = _("Tick at least one suggestion.")
BATCH_ITEM_FAILED = _("“%(title)s”: %(message)s")
NOT_LEAD_UNIT = _("Only the lead unit can do this.")
TRANSFER_REASON_REQUIRED = _("Say why the suggestion does not belong to your unit.")
TRANSFER_TOO_LATE = _(
    "A return could be asked for until %(date)s; that time has passed. Talk to the committee office."
)
NEW_UNIT_REQUIRED = _("Choose the unit that will handle it instead.")
NEW_UNIT_SAME = _("Choose a unit other than the one that asked for the return.")
DATE_IN_FUTURE = _("The date cannot be in the future.")
DATE_BEFORE_ASSIGNMENT = _("The date cannot be before the suggestion was assigned (%(date)s).")
NOT_COHANDLING = _("%(unit)s is not a co-handling unit of this suggestion.")
OPINION_REQUIRED = _("Write the co-handling opinion.")
OPINION_ALREADY_SENT = _("The opinion of %(unit)s was already sent on %(date)s.")
EXTENSION_REASON_REQUIRED = _("Say why the matter needs more time.")
EXTENSION_PENDING = _("An extension has already been asked for and awaits a decision.")
ALREADY_EXTENDED = _("The deadline has already been extended.")
NO_EXTENSION_PENDING = _("No extension has been asked for.")
OUTCOME_REQUIRED = _("Choose the outcome category of the reply.")
REPLY_TEXT_REQUIRED = _("Write the reply.")
NOT_LEAD_DEPUTY = _("Only the lead deputy can rate the reply.")
SATISFACTION_REQUIRED = _("Choose how satisfied you are with the reply.")
UNSATISFIED_NEEDS_COMMENT = _("Say what is unsatisfactory, so that the unit can handle it again.")
PROGRESS_TEXT_REQUIRED = _("Describe the progress.")
NOT_IMPLEMENTED_YET = _("Record the progress update that marks it implemented before closing it.")

# What the actions that are not state changes are called in the illegal-move message and timeline.
EVENT_LABELS = {
    "consult": _("recorded as consulted"),
    "cohandle": _("given a co-handling opinion"),
    "request_extension": _("given more time"),
    "decide_extension": _("decided on an extension"),
    "refuse_extension": _("refused more time"),
    "decide_transfer": _("decided on a return"),
    "progress": _("given a progress update"),
    "mark_key": _("marked as a key suggestion"),
    "absorb": _("joined by a merged suggestion"),
}

# States in which a unit may record a consultation or a co-handling opinion.
CONSULT_STATES = [State.ASSIGNED, State.IN_PROGRESS, State.EXTENDED, State.REHANDLING]
COHANDLE_STATES = AWAITING_REPLY


# Helpers ----------------------------------------------------------------------------------------------


def illegal_move(suggestion: Suggestion, label) -> IllegalMove:
    return IllegalMove(
        ILLEGAL_MOVE % {"state": state_label(suggestion, "state", suggestion.state), "action": label}
    )


def _require_legal(suggestion: Suggestion, action: str) -> None:
    """Refuse an illegal move before anything else is checked, with the workflow's own message."""
    if suggestion.state not in MOVES[action].sources:
        raise illegal_move(suggestion, MOVES[action].label)


def _require_state(suggestion: Suggestion, states: Iterable[str], event: str) -> None:
    if suggestion.state not in set(states):
        raise illegal_move(suggestion, EVENT_LABELS[event])


def _record(suggestion: Suggestion, action: str, *, by, note: str = "") -> Transition:
    """A timeline event that is not a state change."""
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(Suggestion),
        object_id=suggestion.pk,
        action=action,
        from_state=suggestion.state,
        to_state=suggestion.state,
        by=by if by is not None and by.is_authenticated else None,
        note=note,
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _blank(text) -> bool:
    return not (text or "").strip()


def _deputy_users(suggestion: Suggestion) -> list:
    user = suggestion.lead_deputy.user
    return [user] if user is not None and user.is_active else []


def _deciders():
    """Directors, who approve extensions and returns, and staff, who may decide returns too."""
    return users_with_perm("proposals.approve_extension", "proposals.review_suggestion")


def _require_lead_unit(suggestion: Suggestion, by) -> None:
    if by.unit_id and by.unit_id == suggestion.lead_unit_id:
        return
    if by.has_perm("proposals.review_suggestion"):
        return  # the office may enter a unit's paper answer
    raise ValidationError(NOT_LEAD_UNIT)


def _date(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _attach(*, suggestion: Suggestion, upload, kind: str, by, field: str, reply=None, progress=None):
    """A reply letter or a piece of evidence, with the filing part's content checks; a refused file
    is reported at the form's own field (`field`)."""
    try:
        return attachment_add(
            suggestion=suggestion, upload=upload, kind=kind, by=by, reply=reply, progress=progress
        )
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc


# Review -----------------------------------------------------------------------------------------------


@transaction.atomic
def suggestion_review(*, suggestion: Suggestion, by, version: str | None = None) -> Suggestion:
    """Staff take a submitted suggestion up for review (初审)."""
    suggestion = suggestion_locked(suggestion, version)
    move(suggestion, MOVES, "review", by=by)
    return suggestion


def _review_decision(suggestion, *, action, note, required, title, event, by, version):
    """Return or reject with the reviewer's note, and tell the deputy why."""
    suggestion = suggestion_locked(suggestion, version)
    _require_legal(suggestion, action)
    if _blank(note):
        raise ValidationError({"note": required})
    suggestion.review_note = note.strip()
    transition = move(
        suggestion, MOVES, action, by=by, note=suggestion.review_note, update_fields=["review_note"]
    )
    notify(
        recipients=_deputy_users(suggestion),
        title=title % {"title": suggestion.title},
        body=suggestion.review_note,
        key=f"suggestion:{suggestion.pk}:{event}:{transition.pk}",
        url=suggestion.get_absolute_url(),
    )
    return suggestion


@transaction.atomic
def suggestion_return(*, suggestion: Suggestion, by, note: str, version: str | None = None) -> Suggestion:
    """Send it back to the deputy for revision, saying what to revise."""
    return _review_decision(
        suggestion,
        action="return",
        note=note,
        required=RETURN_NOTE_REQUIRED,
        event="returned",
        title=gettext("Your suggestion “%(title)s” was returned for revision"),
        by=by,
        version=version,
    )


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, by, note: str, version: str | None = None) -> Suggestion:
    """Do not accept it (不予立案), with the reason."""
    return _review_decision(
        suggestion,
        action="reject",
        note=note,
        required=REJECT_NOTE_REQUIRED,
        event="rejected",
        title=gettext("Your suggestion “%(title)s” was not accepted"),
        by=by,
        version=version,
    )


@transaction.atomic
def suggestion_merge(
    *, suggestion: Suggestion, into: Suggestion | None, by, version: str | None = None
) -> Suggestion:
    """Merge a duplicate into another open suggestion (并案), keeping every deputy's name on it.

    The merged one's lead deputy and confirmed co-signers become confirmed co-signers of the target.
    """
    if into is None:
        raise ValidationError({"into": MERGE_TARGET_REQUIRED})
    if into.pk == suggestion.pk:
        raise ValidationError({"into": MERGE_INTO_ITSELF})
    # Both rows locked, always in the same order, so that two merges cannot deadlock.
    rows = {
        s.pk: s
        for s in Suggestion.objects.select_for_update().filter(pk__in=[suggestion.pk, into.pk]).order_by("pk")
    }
    suggestion, into = rows[suggestion.pk], rows[into.pk]
    check_suggestion(suggestion, version)
    _require_legal(suggestion, "merge")
    if into.state in FINAL or into.state == State.DRAFT:
        raise ValidationError({"into": MERGE_TARGET_CLOSED})
    names = [
        suggestion.lead_deputy_id,
        *suggestion.cosignature_set.filter(state=Cosignature.State.CONFIRMED).values_list(
            "deputy_id", flat=True
        ),
    ]
    now = timezone.now()
    for deputy_id in dict.fromkeys(names):
        if deputy_id == into.lead_deputy_id:
            continue
        Cosignature.objects.update_or_create(
            suggestion=into,
            deputy_id=deputy_id,
            defaults={"state": Cosignature.State.CONFIRMED, "answered_at": now},
        )
    suggestion.merged_into = into
    move(suggestion, MOVES, "merge", by=by, note=into.title, update_fields=["merged_into"])
    _record(into, "absorb", by=by, note=suggestion.title)
    # Only the time of the last activity (lists sort by it): the target's row keeps its content, so
    # its version stays and a page of it opened before goes on working.
    into.save(update_fields=["updated_at"])
    notify(
        recipients=_deputy_users(suggestion),
        title=gettext("Your suggestion “%(title)s” was merged into “%(into)s”")
        % {"title": suggestion.title, "into": into.title},
        body=gettext("Your name is kept on it as a co-signer."),
        key=f"suggestion:{suggestion.pk}:merged:{into.pk}",
        url=into.get_absolute_url(),
    )
    return suggestion


# Assignment -------------------------------------------------------------------------------------------


def _check_units(
    lead_unit: Unit | None, co_units: Iterable[Unit], *, lead_field: str = "lead_unit"
) -> list[Unit]:
    if lead_unit is None:
        raise ValidationError({lead_field: LEAD_UNIT_REQUIRED})
    if not lead_unit.is_active:
        raise ValidationError({lead_field: UNIT_INACTIVE % {"unit": lead_unit}})
    co_units = list({u.pk: u for u in co_units or ()}.values())
    if any(u.pk == lead_unit.pk for u in co_units):
        raise ValidationError({"co_units": LEAD_UNIT_ALSO_CO})
    inactive = [u for u in co_units if not u.is_active]
    if inactive:
        raise ValidationError({"co_units": UNIT_INACTIVE % {"unit": inactive[0]}})
    return co_units


def _assign(suggestion: Suggestion, *, lead_unit: Unit, co_units: list[Unit], by, today: date) -> Suggestion:
    """Number (once), set the unit and the deadlines, and move to assigned; the row is locked."""
    policy = Policy.current()
    number_take(suggestion=suggestion)
    suggestion.lead_unit = lead_unit
    suggestion.assigned_at = today
    suggestion.reply_due = deadline_after(today, months=policy.reply_months)
    suggestion.transfer_due = add_working_days(today, policy.transfer_working_days)
    suggestion.transfer_reason = ""
    suggestion.is_extended = False
    suggestion.extension_requested_at = None
    suggestion.extension_reason = ""
    suggestion.full_clean()
    cohandling_due = deadline_after(today, months=policy.cohandling_months)
    wanted = {u.pk for u in co_units}
    dropped = CoHandling.objects.filter(suggestion=suggestion).exclude(unit_id__in=wanted)
    dropped_ids = list(dropped.values_list("pk", flat=True))  # their open opinions close below
    dropped.delete()
    existing = set(CoHandling.objects.filter(suggestion=suggestion).values_list("unit_id", flat=True))
    CoHandling.objects.filter(suggestion=suggestion, sent_at__isnull=True).update(due=cohandling_due)
    CoHandling.objects.bulk_create(
        [
            CoHandling(suggestion=suggestion, unit=u, due=cohandling_due)
            for u in co_units
            if u.pk not in existing
        ]
    )
    move(
        suggestion,
        MOVES,
        "assign",
        by=by,
        note=", ".join([str(lead_unit), *(str(u) for u in co_units)]),
        update_fields=[
            "sequence",
            "number",
            "lead_unit",
            "assigned_at",
            "reply_due",
            "transfer_due",
            "transfer_reason",
            "is_extended",
            "extension_requested_at",
            "extension_reason",
        ],
    )
    sync_deadlines(suggestion, model=CoHandling, ids=dropped_ids)
    return suggestion


def _notify_assigned(suggestion: Suggestion, lead_unit: Unit, co_units: list[Unit], today: date) -> None:
    due = _date(suggestion.reply_due)
    url = suggestion.get_absolute_url()
    key = f"suggestion:{suggestion.pk}:assigned:{today.isoformat()}"
    notify(
        recipients=unit_users([lead_unit.pk]),
        title=gettext("A suggestion was assigned to your unit to lead: reply by %(date)s") % {"date": due},
        body=f"{suggestion.number_label} {suggestion.title}",
        key=key,
        url=url,
    )
    if co_units:
        co_due = (
            CoHandling.objects.filter(suggestion=suggestion)
            .order_by("due")
            .values_list("due", flat=True)
            .first()
        )
        notify(
            recipients=unit_users([u.pk for u in co_units]),
            title=gettext(
                "A suggestion was assigned to your unit to co-handle: send your opinion by %(date)s"
            )
            % {"date": _date(co_due)},
            body=f"{suggestion.number_label} {suggestion.title}",
            key=key,
            url=url,
        )


@transaction.atomic
def suggestion_assign(
    *,
    suggestion: Suggestion,
    lead_unit: Unit | None,
    co_units: Iterable[Unit] = (),
    by,
    today: date | None = None,
    version: str | None = None,
    _notify: bool = True,
) -> Suggestion:
    """Accept (立案, numbered) and assign (交办) to a lead unit and co-handling units, with deadlines."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_legal(suggestion, "assign")
    co_units = _check_units(lead_unit, co_units)
    _assign(suggestion, lead_unit=lead_unit, co_units=co_units, by=by, today=today)
    if _notify:
        _notify_assigned(suggestion, lead_unit, co_units, today)
    return suggestion


@transaction.atomic
def suggestions_assign(
    *,
    suggestions: Iterable[Suggestion],
    lead_unit: Unit | None,
    co_units: Iterable[Unit] = (),
    by,
    today=None,
) -> list[Suggestion]:
    """Assign many suggestions to the same units at once: all of them, or none if one is refused.

    Numbers follow the order of submission. The units' users get one notification for the batch.
    """
    today = _today(today)
    suggestions = list(suggestions)
    if not suggestions:
        raise ValidationError({"suggestions": NOTHING_SELECTED})
    co_units = _check_units(lead_unit, co_units)
    ordered = sorted(suggestions, key=lambda s: (s.submitted_at or s.created_at, s.pk))
    done = []
    for item in ordered:
        try:
            done.append(
                suggestion_assign(
                    suggestion=item, lead_unit=lead_unit, co_units=co_units, by=by, today=today, _notify=False
                )
            )
        except IllegalMove as exc:
            raise ValidationError(BATCH_ITEM_FAILED % {"title": item.title, "message": exc.message}) from exc
        except ValidationError as exc:
            raise ValidationError(
                BATCH_ITEM_FAILED % {"title": item.title, "message": " ".join(exc.messages)}
            ) from exc
    digest = hashlib.sha256(",".join(str(s.pk) for s in done).encode()).hexdigest()[:16]
    url = reverse("proposals:unit_queue")
    notify(
        recipients=unit_users([lead_unit.pk]),
        title=gettext("%(count)d suggestions were assigned to your unit to lead: reply by %(date)s")
        % {"count": len(done), "date": _date(done[0].reply_due)},
        body="\n".join(f"{s.number_label} {s.title}" for s in done),
        key=f"suggestion:batch:{digest}:assigned:{today.isoformat()}",
        url=url,
    )
    if co_units:
        notify(
            recipients=unit_users([u.pk for u in co_units]),
            title=gettext("%(count)d suggestions were assigned to your unit to co-handle")
            % {"count": len(done)},
            body="\n".join(f"{s.number_label} {s.title}" for s in done),
            key=f"suggestion:batch:{digest}:assigned:{today.isoformat()}",
            url=url,
        )
    return done


# The lead unit ----------------------------------------------------------------------------------------


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, by, version: str | None = None) -> Suggestion:
    """The lead unit accepts the suggestion (承办)."""
    suggestion = suggestion_locked(suggestion, version)
    _require_legal(suggestion, "accept")
    _require_lead_unit(suggestion, by)
    move(suggestion, MOVES, "accept", by=by)
    return suggestion


@transaction.atomic
def suggestion_request_transfer(
    *, suggestion: Suggestion, reason: str, by, today: date | None = None, version: str | None = None
) -> Suggestion:
    """The lead unit asks for the suggestion to be returned (退办) within the policy's working days."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_legal(suggestion, "request_transfer")
    _require_lead_unit(suggestion, by)
    if _blank(reason):
        raise ValidationError({"reason": TRANSFER_REASON_REQUIRED})
    if suggestion.transfer_due and today > suggestion.transfer_due:
        raise ValidationError({"reason": TRANSFER_TOO_LATE % {"date": _date(suggestion.transfer_due)}})
    suggestion.transfer_reason = reason.strip()
    move(
        suggestion,
        MOVES,
        "request_transfer",
        by=by,
        note=suggestion.transfer_reason,
        update_fields=["transfer_reason"],
    )
    notify(
        recipients=_deciders(),
        title=gettext("%(unit)s asks to return a suggestion: “%(title)s”")
        % {"unit": suggestion.lead_unit, "title": suggestion.title},
        body=suggestion.transfer_reason,
        key=f"suggestion:{suggestion.pk}:transfer_requested:{today.isoformat()}",
        url=suggestion.get_absolute_url(),
    )
    sync_deadlines(suggestion)
    return suggestion


@transaction.atomic
def suggestion_decide_transfer(
    *,
    suggestion: Suggestion,
    approve: bool,
    by,
    lead_unit: Unit | None = None,
    co_units: Iterable[Unit] = (),
    note: str = "",
    today: date | None = None,
    version: str | None = None,
) -> Suggestion:
    """Approve a return and re-assign to another unit (new deadlines), or keep it with the unit."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_state(suggestion, [State.TRANSFER_REQUESTED], "decide_transfer")
    old_unit = suggestion.lead_unit
    url = suggestion.get_absolute_url()
    if approve:
        if lead_unit is None:
            raise ValidationError({"lead_unit": NEW_UNIT_REQUIRED})
        if lead_unit.pk == old_unit.pk:
            raise ValidationError({"lead_unit": NEW_UNIT_SAME})
        co_units = _check_units(lead_unit, co_units)
        _assign(suggestion, lead_unit=lead_unit, co_units=co_units, by=by, today=today)
        _notify_assigned(suggestion, lead_unit, co_units, today)
        title = gettext("Your request to return “%(title)s” was approved; it now goes to %(unit)s") % {
            "title": suggestion.title,
            "unit": lead_unit,
        }
    else:
        move(suggestion, MOVES, "refuse_transfer", by=by, note=note)
        title = gettext("Your request to return “%(title)s” was refused: please handle it") % {
            "title": suggestion.title
        }
    notify(
        recipients=unit_users([old_unit.pk]),
        title=title,
        body=note,
        key=f"suggestion:{suggestion.pk}:transfer_decided:{today.isoformat()}",
        url=url,
    )
    sync_deadlines(suggestion)
    return suggestion


@transaction.atomic
def consultation_record(
    *, suggestion: Suggestion, way: str, date: date, notes: str, by, today=None, version: str | None = None
) -> Suggestion:
    """A consultation (面商) of the lead or a co-handling unit with the deputy: way and date."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_state(suggestion, CONSULT_STATES, "consult")
    co_unit_ids = set(CoHandling.objects.filter(suggestion=suggestion).values_list("unit_id", flat=True))
    if by.unit_id and by.unit_id in co_unit_ids:
        unit_id = by.unit_id
    else:
        _require_lead_unit(suggestion, by)
        unit_id = suggestion.lead_unit_id
    errors = {}
    if date and date > today:
        errors["date"] = DATE_IN_FUTURE
    elif date and suggestion.assigned_at and date < suggestion.assigned_at:
        errors["date"] = DATE_BEFORE_ASSIGNMENT % {"date": _date(suggestion.assigned_at)}
    if errors:
        raise ValidationError(errors)
    consultation = Consultation(
        suggestion=suggestion,
        unit_id=unit_id,
        way=way,
        date=date,
        notes=(notes or "").strip(),
        recorded_by=by,
    )
    consultation.full_clean()
    consultation.save()
    return suggestion


@transaction.atomic
def cohandling_send(
    *,
    suggestion: Suggestion,
    unit: Unit,
    opinion: str,
    by,
    today: date | None = None,
    version: str | None = None,
) -> Suggestion:
    """A co-handling unit (协办) sends its opinion to the lead unit; the lead unit's users are told."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_state(suggestion, COHANDLE_STATES, "cohandle")
    cohandling = CoHandling.objects.select_for_update().filter(suggestion=suggestion, unit=unit).first()
    if cohandling is None or (by.unit_id != unit.pk and not by.has_perm("proposals.review_suggestion")):
        raise ValidationError(NOT_COHANDLING % {"unit": unit})
    if cohandling.sent_at is not None:
        raise ValidationError(OPINION_ALREADY_SENT % {"unit": unit, "date": _date(cohandling.sent_at)})
    if _blank(opinion):
        raise ValidationError({"opinion": OPINION_REQUIRED})
    cohandling.opinion = opinion.strip()
    cohandling.sent_at = today
    cohandling.sent_by = by
    cohandling.full_clean()
    cohandling.save()
    _record(suggestion, "cohandle", by=by, note=str(unit))
    notify(
        recipients=unit_users([suggestion.lead_unit_id]),
        title=gettext("%(unit)s sent its co-handling opinion on “%(title)s”")
        % {"unit": unit, "title": suggestion.title},
        body=cohandling.opinion,
        key=f"suggestion:{suggestion.pk}:cohandling:{unit.pk}",
        url=suggestion.get_absolute_url(),
    )
    sync_deadlines(suggestion)
    return suggestion


@transaction.atomic
def suggestion_request_extension(
    *, suggestion: Suggestion, reason: str, by, today: date | None = None, version: str | None = None
) -> Suggestion:
    """The lead unit asks for more time on a complex matter; a director decides."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_state(suggestion, MOVES["extend"].sources, "request_extension")
    _require_lead_unit(suggestion, by)
    if suggestion.is_extended:
        raise ValidationError({"reason": ALREADY_EXTENDED})
    if suggestion.extension_requested_at is not None:
        raise ValidationError({"reason": EXTENSION_PENDING})
    if _blank(reason):
        raise ValidationError({"reason": EXTENSION_REASON_REQUIRED})
    suggestion.extension_requested_at = today
    suggestion.extension_reason = reason.strip()
    suggestion.save(update_fields=["extension_requested_at", "extension_reason", "updated_at"])
    _record(suggestion, "request_extension", by=by, note=suggestion.extension_reason)
    notify(
        recipients=_deciders(),
        title=gettext("%(unit)s asks for more time to reply to “%(title)s”")
        % {"unit": suggestion.lead_unit, "title": suggestion.title},
        body=suggestion.extension_reason,
        key=f"suggestion:{suggestion.pk}:extension_requested:{today.isoformat()}",
        url=suggestion.get_absolute_url(),
    )
    return suggestion


def extension_pending(suggestion: Suggestion) -> bool:
    return (
        suggestion.extension_requested_at is not None
        and not suggestion.is_extended
        and suggestion.state in MOVES["extend"].sources
    )


@transaction.atomic
def suggestion_decide_extension(
    *,
    suggestion: Suggestion,
    approve: bool,
    by,
    note: str = "",
    today: date | None = None,
    version: str | None = None,
) -> Suggestion:
    """Approve (reply due extended_reply_months after assignment) or refuse an extension."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_state(suggestion, MOVES["extend"].sources, "decide_extension")
    if not extension_pending(suggestion):
        raise ValidationError(NO_EXTENSION_PENDING)
    if approve:
        policy = Policy.current()
        suggestion.is_extended = True
        suggestion.reply_due = deadline_after(suggestion.assigned_at, months=policy.extended_reply_months)
        move(suggestion, MOVES, "extend", by=by, note=note, update_fields=["is_extended", "reply_due"])
        title = gettext("More time was granted for “%(title)s”: reply by %(date)s") % {
            "title": suggestion.title,
            "date": _date(suggestion.reply_due),
        }
    else:
        suggestion.extension_requested_at = None
        suggestion.save(update_fields=["extension_requested_at", "updated_at"])
        _record(suggestion, "refuse_extension", by=by, note=note)
        title = gettext("More time was refused for “%(title)s”: reply by %(date)s") % {
            "title": suggestion.title,
            "date": _date(suggestion.reply_due),
        }
    notify(
        recipients=unit_users([suggestion.lead_unit_id]),
        title=title,
        body=note,
        key=f"suggestion:{suggestion.pk}:extension_decided:{today.isoformat()}",
        url=suggestion.get_absolute_url(),
    )
    sync_deadlines(suggestion)
    return suggestion


@transaction.atomic
def suggestion_reply(
    *,
    suggestion: Suggestion,
    outcome: str,
    text: str,
    by,
    letter=None,
    today: date | None = None,
    version: str | None = None,
) -> Suggestion:
    """The lead unit's reply for all units, with its outcome category (A-D) and the reply letter."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_legal(suggestion, "reply")
    _require_lead_unit(suggestion, by)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = OUTCOME_REQUIRED
    if _blank(text):
        errors["text"] = REPLY_TEXT_REQUIRED
    if errors:
        raise ValidationError(errors)
    round_ = suggestion.rehandling_rounds + 1
    reply = Reply(
        suggestion=suggestion,
        round=round_,
        unit_id=suggestion.lead_unit_id,
        outcome=outcome,
        text=text.strip(),
        replied_at=today,
        by=by,
    )
    reply.full_clean()
    reply.save()
    if letter is not None:
        _attach(
            suggestion=suggestion,
            upload=letter,
            kind=Attachment.Kind.REPLY,
            by=by,
            field="letter",
            reply=reply,
        )
    suggestion.replied_at = today
    suggestion.outcome = outcome
    suggestion.satisfaction = ""
    suggestion.extension_requested_at = (
        None if not suggestion.is_extended else suggestion.extension_requested_at
    )
    move(
        suggestion,
        MOVES,
        "reply",
        by=by,
        update_fields=["replied_at", "outcome", "satisfaction", "extension_requested_at"],
    )
    notify(
        recipients=_deputy_users(suggestion),
        title=gettext("%(unit)s replied to your suggestion “%(title)s”: please rate the reply")
        % {"unit": suggestion.lead_unit, "title": suggestion.title},
        body=reply.text,
        key=f"suggestion:{suggestion.pk}:replied:{round_}",
        url=suggestion.get_absolute_url(),
    )
    sync_deadlines(suggestion)
    return suggestion


# The lead deputy ----------------------------------------------------------------------------------


@transaction.atomic
def suggestion_rate(
    *,
    suggestion: Suggestion,
    satisfaction: str,
    comment: str,
    by,
    today: date | None = None,
    version: str | None = None,
) -> Suggestion:
    """The lead deputy rates the reply: satisfied or basically satisfied -> evaluated (B/C then stay
    open as implementation items); unsatisfied -> handled again with a new deadline."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_legal(suggestion, "rate")
    if suggestion.lead_deputy.user_id is None or suggestion.lead_deputy.user_id != by.pk:
        raise ValidationError({"satisfaction": NOT_LEAD_DEPUTY})
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": SATISFACTION_REQUIRED})
    if satisfaction == Satisfaction.UNSATISFIED and _blank(comment):
        raise ValidationError({"comment": UNSATISFIED_NEEDS_COMMENT})
    round_ = suggestion.rehandling_rounds + 1
    reply = Reply.objects.select_for_update().get(suggestion=suggestion, round=round_)
    reply.satisfaction = satisfaction
    reply.rating_comment = (comment or "").strip()
    reply.rated_at = timezone.now()
    reply.save(update_fields=["satisfaction", "rating_comment", "rated_at"])
    suggestion.satisfaction = satisfaction
    url = suggestion.get_absolute_url()
    label = Satisfaction(satisfaction).label
    if satisfaction == Satisfaction.UNSATISFIED:
        policy = Policy.current()
        suggestion.rehandling_rounds = round_
        suggestion.reply_due = deadline_after(today, months=policy.rehandling_months)
        move(
            suggestion,
            MOVES,
            "rehandle",
            by=by,
            note=reply.rating_comment,
            update_fields=["satisfaction", "rehandling_rounds", "reply_due"],
        )
        title = gettext(
            "The deputy is unsatisfied with the reply to “%(title)s”: handle it again by %(date)s"
        ) % {
            "title": suggestion.title,
            "date": _date(suggestion.reply_due),
        }
    else:
        move(suggestion, MOVES, "rate", by=by, note=reply.rating_comment, update_fields=["satisfaction"])
        if suggestion.outcome in (Outcome.B, Outcome.C):
            move(suggestion, MOVES, "implement", by=by)
            title = gettext(
                "The deputy rated the reply to “%(title)s”: %(rating)s. "
                "Report progress until it is implemented"
            ) % {"title": suggestion.title, "rating": label}
        else:
            title = gettext("The deputy rated the reply to “%(title)s”: %(rating)s") % {
                "title": suggestion.title,
                "rating": label,
            }
    notify(
        recipients=unit_users([suggestion.lead_unit_id]),
        title=title,
        body=reply.rating_comment,
        key=f"suggestion:{suggestion.pk}:rated:{round_}",
        url=url,
    )
    sync_deadlines(suggestion)
    return suggestion


# Afterwards -----------------------------------------------------------------------------------------


@transaction.atomic
def progress_record(
    *,
    suggestion: Suggestion,
    date: date,
    text: str,
    is_done: bool,
    by,
    evidence=None,
    today: date | None = None,
    version: str | None = None,
) -> Suggestion:
    """A dated step of implementing a B or C reply (落实), with optional evidence."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_state(suggestion, [State.IMPLEMENTING], "progress")
    _require_lead_unit(suggestion, by)
    errors = {}
    if date and date > today:
        errors["date"] = DATE_IN_FUTURE
    if _blank(text):
        errors["text"] = PROGRESS_TEXT_REQUIRED
    if errors:
        raise ValidationError(errors)
    update = ProgressUpdate(suggestion=suggestion, date=date, text=text.strip(), is_done=bool(is_done), by=by)
    update.full_clean()
    update.save()
    if evidence is not None:
        _attach(
            suggestion=suggestion,
            upload=evidence,
            kind=Attachment.Kind.EVIDENCE,
            by=by,
            field="evidence",
            progress=update,
        )
    # The time of the last activity, not a new version: a progress update adds a row and overwrites
    # nothing, so another unit user's page opened before may still add theirs.
    suggestion.save(update_fields=["updated_at"])
    if update.is_done:
        notify(
            recipients=[*_deputy_users(suggestion), *users_with_perm("proposals.review_suggestion")],
            title=gettext("“%(title)s” has been implemented") % {"title": suggestion.title},
            body=update.text,
            key=f"suggestion:{suggestion.pk}:implemented:{update.pk}",
            url=suggestion.get_absolute_url(),
        )
    sync_deadlines(suggestion)
    return suggestion


@transaction.atomic
def suggestion_close(
    *, suggestion: Suggestion, by, today: date | None = None, version: str | None = None
) -> Suggestion:
    """Close an evaluated suggestion, or an implementation item once implemented."""
    today = _today(today)
    suggestion = suggestion_locked(suggestion, version)
    _require_legal(suggestion, "close")
    if (
        suggestion.state == State.IMPLEMENTING
        and not suggestion.progress_updates.filter(is_done=True).exists()
    ):
        raise ValidationError(NOT_IMPLEMENTED_YET)
    suggestion.closed_at = today
    move(suggestion, MOVES, "close", by=by, update_fields=["closed_at"])
    sync_deadlines(suggestion)
    return suggestion


@transaction.atomic
def suggestion_mark_key(
    *, suggestion: Suggestion, is_key: bool, leader, by, version: str | None = None
) -> Suggestion:
    """Pick (or drop) a key suggestion (重点督办) and set its supervising leader (分工督办)."""
    suggestion = suggestion_locked(suggestion, version)
    if suggestion.state in FINAL or suggestion.state == State.DRAFT:
        raise illegal_move(suggestion, EVENT_LABELS["mark_key"])
    old_leader_id = suggestion.supervising_leader_id
    suggestion.is_key = bool(is_key)
    suggestion.supervising_leader = leader
    suggestion.full_clean()
    suggestion.save(update_fields=["is_key", "supervising_leader", "updated_at"])
    _record(suggestion, "mark_key", by=by, note=str(leader) if leader else "")
    if leader is not None and leader.pk != old_leader_id:
        notify(
            recipients=[leader],
            title=gettext("You supervise the handling of “%(title)s”") % {"title": suggestion.title},
            key=f"suggestion:{suggestion.pk}:leader:{leader.pk}",
            url=suggestion.get_absolute_url(),
        )
    sync_deadlines(suggestion)  # the leader is told once a reply is seriously late
    return suggestion
