"""Writes of the liaison network: stations, points, assignments, reception days and opinion routing.

Every function runs in one transaction and validates before it writes, so a refused input leaves
nothing behind. State changes of receptions and opinions go through renda.core.workflow.move with
the row locked; the unit that receives a forwarded opinion is notified in the same transaction.
"""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from liaison.models import Assignment, Opinion, Point, Reception, Station
from liaison.workflow import FORWARD_REPLY_WORKING_DAYS, MOVES, RECEPTION_MOVES
from renda.core.calendar import add_working_days
from renda.core.deadlines import sync_deadlines
from renda.core.models import Township, Unit
from renda.core.selectors import unit_users
from renda.core.services import apply_fields as _apply
from renda.core.services import notify
from renda.core.versions import check_version, locked_at
from renda.core.workflow import ILLEGAL_MOVE, IllegalMove, move, require_legal, state_label, transitions_of

RECEPTION_IN_FUTURE = _("A reception in the future cannot be recorded as held.")
RESIDENTS_NEGATIVE = _("The number of residents received cannot be negative.")
POINT_NOT_IN_STATION = _("This liaison point belongs to another station (%(station)s).")
POINT_IN_OTHER_TOWNSHIP = _(
    "%(station)s is in %(station_township)s, but this point is in %(township)s. Tick “assign to a "
    "station in another township” below if this is intended."
)
ANNOUNCED_AFTER_RECEPTION = _("A reception is announced before the day it is held, not after.")
RECEPTION_NOT_HELD = _("Opinions are recorded at a reception that has been held.")
NOT_ASSIGNED = _("Your account is not linked to a deputy assigned to a liaison station.")
DEPUTY_NOT_ACTIVE = _("Only an active deputy can be assigned to a station.")
ANSWER_REQUIRED = _("Write the answer given to the resident on the spot.")
TOWNSHIP_REQUIRED = _("Choose the township the opinion is referred to.")
UNIT_REQUIRED = _("Choose the unit the opinion is forwarded to.")
DEADLINE_IN_PAST = _("The reply deadline cannot be in the past.")
UNIT_REPLY_REQUIRED = _("Write the unit's reply.")
FEEDBACK_REQUIRED = _("Write the feedback given to the resident.")
FEEDBACK_IN_FUTURE = _("Feedback cannot be dated in the future.")
CONTENT_REQUIRED = _("Write what the resident raised.")


def _check_point(station: Station, point: Point | None, field: str = "point") -> None:
    if point is not None and point.station_id != station.pk:
        raise ValidationError({field: POINT_NOT_IN_STATION % {"station": point.station}})


# Stations and points --------------------------------------------------------------------------------

STATION_FIELDS = ("name", "township", "address", "contact_name", "contact_phone", "schedule", "sort_order")
POINT_FIELDS = (
    "station",
    "name",
    "township",
    "village",
    "address",
    "contact_name",
    "contact_phone",
    "schedule",
)


@transaction.atomic
def station_create(*, data: dict, by) -> Station:
    station = _apply(Station(), data, STATION_FIELDS)
    station.full_clean()
    station.save()
    return station


@transaction.atomic
def station_update(*, station: Station, data: dict, by) -> Station:
    station = locked_at(Station, station.pk, data.get("version"))
    _apply(station, data, STATION_FIELDS)
    station.full_clean()
    station.save()
    return station


def point_township_mismatch(station: Station | None, township: Township | None) -> bool:
    return station is not None and township is not None and station.township_id != township.pk


def _check_point_township(point: Point, confirm_other_township: bool) -> None:
    if point_township_mismatch(point.station, point.township) and not confirm_other_township:
        raise ValidationError(
            {
                "station": POINT_IN_OTHER_TOWNSHIP
                % {
                    "station": point.station,
                    "station_township": point.station.township,
                    "township": point.township,
                }
            }
        )


@transaction.atomic
def point_create(*, data: dict, confirm_other_township: bool = False, by) -> Point:
    point = _apply(Point(), data, POINT_FIELDS)
    point.full_clean()
    _check_point_township(point, confirm_other_township)
    point.save()
    return point


@transaction.atomic
def point_update(*, point: Point, data: dict, confirm_other_township: bool = False, by) -> Point:
    point = locked_at(Point, point.pk, data.get("version"))
    _apply(point, data, POINT_FIELDS)
    point.full_clean()
    _check_point_township(point, confirm_other_township)
    point.save()
    return point


# Assignments ----------------------------------------------------------------------------------------


@transaction.atomic
def assignment_set(*, deputy: Deputy, station: Station, point: Point | None = None, by) -> Assignment:
    """Put a deputy at a station (and optionally one of its points); a deputy has one assignment."""
    if deputy.status != Deputy.Status.ACTIVE:
        raise ValidationError({"deputy": DEPUTY_NOT_ACTIVE})
    _check_point(station, point)
    assignment = Assignment.objects.select_for_update().filter(deputy=deputy).first() or Assignment(
        deputy=deputy
    )
    assignment.station = station
    assignment.point = point
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_remove(*, assignment: Assignment, by) -> None:
    Assignment.objects.filter(pk=assignment.pk).delete()


# Reception days -------------------------------------------------------------------------------------


def _check_plan(*, station, point, day, announced_at) -> None:
    _check_point(station, point)
    if announced_at is not None and day is not None and announced_at > day:
        raise ValidationError({"announced_at": ANNOUNCED_AFTER_RECEPTION})


def _check_held(*, day: date, residents_received: int, today: date) -> None:
    errors = {}
    if day > today:
        errors["date"] = RECEPTION_IN_FUTURE
    if residents_received is None or residents_received < 0:
        errors["residents_received"] = RESIDENTS_NEGATIVE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def reception_plan(
    *,
    station: Station,
    point: Point | None,
    date: date,
    place: str,
    topic: str = "",
    on_duty: Iterable[Deputy] = (),
    announced_at: date | None = None,
    by,
) -> Reception:
    """Plan (and optionally announce) a reception day."""
    _check_plan(station=station, point=point, day=date, announced_at=announced_at)
    reception = Reception(
        station=station,
        point=point,
        date=date,
        place=place,
        topic=topic,
        announced_at=announced_at,
        state=Reception.State.PLANNED,
    )
    reception.full_clean()
    reception.save()
    reception.on_duty.set(list(on_duty))
    return reception


@transaction.atomic
def reception_update_plan(
    *,
    reception: Reception,
    station: Station,
    point: Point | None,
    date: date,
    place: str,
    topic: str = "",
    on_duty: Iterable[Deputy] = (),
    announced_at: date | None = None,
    by,
    version: str | None = None,
) -> Reception:
    reception = Reception.objects.select_for_update().get(pk=reception.pk)
    if reception.state != Reception.State.PLANNED:
        raise IllegalMove(
            ILLEGAL_MOVE
            % {"state": state_label(reception, "state", reception.state), "action": gettext("changed")}
        )
    check_version(reception, version)
    _check_plan(station=station, point=point, day=date, announced_at=announced_at)
    _apply(
        reception,
        {
            "station": station,
            "point": point,
            "date": date,
            "place": place,
            "topic": topic,
            "announced_at": announced_at,
        },
        ("station", "point", "date", "place", "topic", "announced_at"),
    )
    reception.full_clean()
    reception.save()
    reception.on_duty.set(list(on_duty))
    return reception


@transaction.atomic
def reception_record(
    *,
    reception: Reception,
    date: date,
    place: str,
    point: Point | None,
    residents_received: int,
    notes: str = "",
    present: Iterable[Deputy] | None = None,
    deputy: Deputy | None = None,
    by,
    today: date | None = None,
    version: str | None = None,
) -> Reception:
    """Record a planned reception as held, or correct the record of a held one.

    `present` replaces the deputies present (None keeps them); `deputy`, the one recording from
    their phone, is added to them.
    """
    today = today or timezone.localdate()
    reception = Reception.objects.select_for_update().get(pk=reception.pk)
    if reception.state != Reception.State.HELD:
        require_legal(reception, RECEPTION_MOVES, "record")
    check_version(reception, version)
    _check_held(day=date, residents_received=residents_received, today=today)
    _check_point(reception.station, point)
    reception.date = date
    reception.place = place
    reception.point = point
    reception.residents_received = residents_received
    reception.notes = notes
    reception.recorded_by = by
    reception.full_clean()
    if reception.state == Reception.State.HELD:
        reception.save()
    else:
        move(
            reception,
            RECEPTION_MOVES,
            "record",
            by=by,
            update_fields=["date", "place", "point", "residents_received", "notes", "recorded_by"],
        )
    if present is not None:
        reception.present.set(list(present))
    if deputy is not None:
        reception.present.add(deputy)
    return reception


@transaction.atomic
def reception_record_own(
    *,
    deputy: Deputy,
    date: date,
    place: str,
    point: Point | None = None,
    residents_received: int,
    notes: str = "",
    by,
    today: date | None = None,
) -> Reception:
    """A deputy records, from their phone, a reception they attended at their own station."""
    today = today or timezone.localdate()
    assignment = Assignment.objects.select_related("station").filter(deputy=deputy).first()
    if assignment is None:
        raise ValidationError(NOT_ASSIGNED)
    _check_held(day=date, residents_received=residents_received, today=today)
    _check_point(assignment.station, point)
    reception = Reception(
        station=assignment.station,
        point=point,
        date=date,
        place=place,
        residents_received=residents_received,
        notes=notes,
        state=Reception.State.PLANNED,
        recorded_by=by,
    )
    reception.full_clean()
    reception.save()
    # Created and recorded in one go; the move keeps who recorded it in the transition history.
    move(reception, RECEPTION_MOVES, "record", by=by)
    reception.present.add(deputy)
    return reception


@transaction.atomic
def reception_cancel(*, reception: Reception, note: str = "", by) -> Reception:
    reception = Reception.objects.select_for_update().get(pk=reception.pk)
    move(reception, RECEPTION_MOVES, "cancel", by=by, note=note)
    return reception


# Opinions -------------------------------------------------------------------------------------------


@transaction.atomic
def opinion_create(
    *,
    reception: Reception,
    content: str,
    category: str,
    resident_name: str = "",
    resident_contact: str = "",
    by,
) -> Opinion:
    """Record an opinion a resident raised at a held reception."""
    reception = Reception.objects.select_for_update().get(pk=reception.pk)
    if reception.state != Reception.State.HELD:
        raise ValidationError(RECEPTION_NOT_HELD)
    if not (content or "").strip():
        raise ValidationError({"content": CONTENT_REQUIRED})
    opinion = Opinion(
        reception=reception,
        content=content.strip(),
        category=category,
        resident_name=resident_name,
        resident_contact=resident_contact,
        recorded_by=by,
    )
    opinion.full_clean()
    opinion.save()
    return opinion


def _lock(opinion: Opinion) -> Opinion:
    return Opinion.objects.select_for_update().get(pk=opinion.pk)


@transaction.atomic
def opinion_answer(*, opinion: Opinion, answer: str, by) -> Opinion:
    """The deputies answered the resident on the spot."""
    opinion = _lock(opinion)
    require_legal(opinion, MOVES, "answer")
    if not (answer or "").strip():
        raise ValidationError({"answer": ANSWER_REQUIRED})
    opinion.answer = answer.strip()
    opinion.full_clean()
    move(opinion, MOVES, "answer", by=by, update_fields=["answer"])
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_refer(*, opinion: Opinion, township: Township | None, note: str = "", by) -> Opinion:
    """Refer the opinion to a township to handle."""
    opinion = _lock(opinion)
    require_legal(opinion, MOVES, "refer")
    if township is None:
        raise ValidationError({"township": TOWNSHIP_REQUIRED})
    opinion.township = township
    opinion.full_clean()
    move(opinion, MOVES, "refer", by=by, note=note, update_fields=["township"])
    sync_deadlines(opinion)
    return opinion


def default_forward_deadline(today: date) -> date:
    return add_working_days(today, FORWARD_REPLY_WORKING_DAYS)


@transaction.atomic
def opinion_forward(
    *,
    opinion: Opinion,
    unit: Unit | None,
    due_date: date | None = None,
    note: str = "",
    by,
    today: date | None = None,
) -> Opinion:
    """Forward the opinion to a unit with a reply deadline; the unit's users are told."""
    today = today or timezone.localdate()
    opinion = _lock(opinion)
    require_legal(opinion, MOVES, "forward")
    errors = {}
    if unit is None:
        errors["unit"] = UNIT_REQUIRED
    if due_date is not None and due_date < today:
        errors["due_date"] = DEADLINE_IN_PAST
    if errors:
        raise ValidationError(errors)
    opinion.unit = unit
    opinion.due_date = due_date or default_forward_deadline(today)
    opinion.full_clean()
    move(opinion, MOVES, "forward", by=by, note=note, update_fields=["unit", "due_date"])
    notify(
        recipients=unit_users([unit.pk]),
        title=gettext("A constituent opinion was forwarded to %(unit)s: reply by %(date)s")
        % {"unit": unit, "date": date_format(opinion.due_date, "DATE_FORMAT")},
        body=opinion.content,
        key=f"opinion:{opinion.pk}:forwarded",
        url=opinion.get_absolute_url(),
    )
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_propose(*, opinion: Opinion, note: str = "", by) -> Opinion:
    """Mark the opinion to become a deputy's suggestion; the suggestion ledger links it as the origin."""
    opinion = _lock(opinion)
    move(opinion, MOVES, "propose", by=by, note=note)
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_unit_reply(*, opinion: Opinion, reply: str, by) -> Opinion:
    """The unit's reply to a forwarded opinion; whoever forwarded it is told."""
    opinion = _lock(opinion)
    require_legal(opinion, MOVES, "unit_reply")
    if not (reply or "").strip():
        raise ValidationError({"reply": UNIT_REPLY_REQUIRED})
    opinion.unit_reply = reply.strip()
    opinion.unit_replied_at = timezone.now()
    opinion.full_clean()
    move(opinion, MOVES, "unit_reply", by=by, update_fields=["unit_reply", "unit_replied_at"])
    forwarded = transitions_of(opinion).filter(action="forward").exclude(by=None).last()
    if forwarded is not None:
        notify(
            recipients=[forwarded.by],
            title=gettext("%(unit)s replied to a constituent opinion") % {"unit": opinion.unit},
            body=opinion.unit_reply,
            key=f"opinion:{opinion.pk}:unit_replied",
            url=opinion.get_absolute_url(),
        )
    sync_deadlines(opinion)
    return opinion


@transaction.atomic
def opinion_close(
    *,
    opinion: Opinion,
    feedback: str,
    feedback_at: date | None = None,
    by,
    today: date | None = None,
) -> Opinion:
    """Record the feedback given to the resident, which closes the opinion."""
    today = today or timezone.localdate()
    opinion = _lock(opinion)
    require_legal(opinion, MOVES, "close")
    errors = {}
    if not (feedback or "").strip():
        errors["feedback"] = FEEDBACK_REQUIRED
    if feedback_at is not None and feedback_at > today:
        errors["feedback_at"] = FEEDBACK_IN_FUTURE
    if errors:
        raise ValidationError(errors)
    opinion.feedback = feedback.strip()
    opinion.feedback_at = feedback_at or today
    opinion.full_clean()
    move(opinion, MOVES, "close", by=by, update_fields=["feedback", "feedback_at"])
    sync_deadlines(opinion)
    return opinion
