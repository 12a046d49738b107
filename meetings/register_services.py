"""Writes of the committee's registers: major-matter reports, party documents, appointments, and the
township guidance (arrangement, township cadres, visits and exchange meetings).

Every write runs in a transaction and checks the whole row before saving it; a refusal is a
ValidationError naming the field it belongs to, so the form shows it there and nothing is saved.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meetings.models import (
    Appointment,
    GuidanceAssignment,
    GuidanceVisit,
    MajorReport,
    Meeting,
    PartyDocument,
    TownshipCadre,
)
from renda.accounts.roles import Role
from renda.core.services import notify
from renda.core.uploads import Refusals, check_kind, display_name, kinds
from renda.core.versions import locked_at

# Messages -------------------------------------------------------------------------------------------

REPLY_BEFORE_SENT = _("The reply cannot come before the report was sent.")
REPLY_NEEDS_DATE = _("Give the date the reply was received.")
VOTES_CAST_MISSING = _("Give the number of votes cast.")
VOTES_DO_NOT_ADD_UP = _(
    "Votes for, against and abstentions add up to %(total)s, not to the %(cast)s votes cast."
)
VOTES_EXCEED_MEMBERSHIP = _("More votes were cast than the meeting has members (%(membership)s).")
DATED_BEFORE_MEETING = _("The date cannot be before the meeting that adopted it (%(date)s).")
SWORN_BEFORE_DATE = _("The oath cannot be taken before the election or appointment.")
SWORN_ONLY_ON_TAKING_OFFICE = _("Only someone elected or appointed takes the constitutional oath.")
ELECTION_NEEDS_CONGRESS = _("An election is held by a session of the people's congress.")
MEETING_CANNOT_APPOINT = _("Only a standing committee meeting or a session of the congress can adopt this.")
NOT_A_DIRECTOR = _("%(name)s is not a member of the director meeting.")
VISIT_NEEDS_TOWNSHIP = _("Choose the township visited.")
FILE_EMPTY = _("“%(name)s” is empty.")
FILE_TOO_BIG = _("“%(name)s” is larger than 20 MB.")
FILE_TYPE_NOT_ALLOWED = _("“%(name)s” is not a PDF or Word file.")
FILE_NOT_WHAT_IT_SAYS = _(
    "“%(name)s” is not really a %(kind)s file: its content does not match its name. "
    "Save it again in the right format and upload it."
)

DOCUMENT_KINDS = kinds(".pdf", ".docx", ".doc")
DOCUMENT_ACCEPT = ",".join(DOCUMENT_KINDS)
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024

VOTE_FIELDS = ("votes_cast", "votes_for", "votes_against", "votes_abstain")


def _apply(instance, data: dict):
    for field, value in data.items():
        setattr(instance, field, value)
    return instance


def _save(instance, *, check=None):
    """Check the row and save it; every refusal is gathered by field and nothing is saved.

    `check` states the app's rules at their fields; when it refuses, the table constraints that
    repeat some of those rules are not checked again (they would say the same above the form).
    """
    errors: dict = {}
    if check is not None:
        try:
            check(instance)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    try:
        instance.full_clean(validate_constraints=not errors)
    except ValidationError as exc:
        for field, messages in exc.update_error_dict({}).items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    instance.save()
    return instance


# Major-matter reports -------------------------------------------------------------------------------


def _check_report(report: MajorReport) -> None:
    if report.reply_received_on and report.sent_on and report.reply_received_on < report.sent_on:
        raise ValidationError({"reply_received_on": REPLY_BEFORE_SENT})
    if report.reply and not report.reply_received_on:
        raise ValidationError({"reply_received_on": REPLY_NEEDS_DATE})


@transaction.atomic
def major_report_create(*, data: dict, by) -> MajorReport:
    return _save(_apply(MajorReport(), data), check=_check_report)


@transaction.atomic
def major_report_update(*, report: MajorReport, data: dict, by) -> MajorReport:
    report = locked_at(MajorReport, report.pk, data.get("version"))
    return _save(_apply(report, data), check=_check_report)


@transaction.atomic
def major_report_record_reply(
    *, report: MajorReport, reply_received_on, reply: str, by, version: str | None = None
) -> MajorReport:
    report = locked_at(MajorReport, report.pk, version)
    report.reply_received_on = reply_received_on
    report.reply = reply
    return _save(report, check=_check_report)


# Party committee documents --------------------------------------------------------------------------


def check_document_upload(upload) -> None:
    """A PDF or Word file, told by its content, of at most 20 MB; a ValidationError says what is wrong."""
    check_kind(
        upload,
        name=display_name(upload.name),
        accepted=DOCUMENT_KINDS,
        max_bytes=DOCUMENT_MAX_BYTES,
        refusals=Refusals(
            empty=FILE_EMPTY, too_big=FILE_TOO_BIG, type=FILE_TYPE_NOT_ALLOWED, content=FILE_NOT_WHAT_IT_SAYS
        ),
    )


def _store_document(document: PartyDocument, data: dict, upload) -> PartyDocument:
    """Check the row and the upload first, so that a refused document leaves no file behind."""
    _apply(document, data)
    errors: dict = {}
    if upload:
        try:
            check_document_upload(upload)
        except ValidationError as exc:
            errors["file"] = exc.error_list
    try:
        document.full_clean(exclude=["file"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if upload:
        old = document.file.name if document.pk and document.file else ""
        # upload_path gives the stored file a random name; the title says what the document is.
        document.file.save(upload.name, upload, save=False)
        storage = document.file.storage
        if old and old != document.file.name:
            transaction.on_commit(lambda: storage.delete(old))
    document.save()
    return document


@transaction.atomic
def party_document_create(*, data: dict, upload=None, by) -> PartyDocument:
    return _store_document(PartyDocument(), data, upload)


@transaction.atomic
def party_document_update(*, document: PartyDocument, data: dict, upload=None, by) -> PartyDocument:
    document = locked_at(PartyDocument, document.pk, data.get("version"))
    return _store_document(document, data, upload)


# Appointments and removals --------------------------------------------------------------------------


def check_appointment(appointment: Appointment) -> None:
    """The rules of a recorded election, appointment or removal, each refusal at its field."""
    errors: dict[str, list] = {}

    def refuse(field, message, **params):
        errors.setdefault(field, []).append(ValidationError(message, params=params or None))

    meeting: Meeting | None = appointment.meeting if appointment.meeting_id else None
    if meeting is not None:
        if meeting.kind not in (Meeting.Kind.STANDING, Meeting.Kind.CONGRESS):
            refuse("meeting", MEETING_CANNOT_APPOINT)
        elif appointment.kind == Appointment.Kind.ELECT and meeting.kind != Meeting.Kind.CONGRESS:
            refuse("meeting", ELECTION_NEEDS_CONGRESS)
        if appointment.date and appointment.date < meeting.date:
            refuse("date", DATED_BEFORE_MEETING, date=date_format(meeting.date))
    votes = {f: getattr(appointment, f) for f in VOTE_FIELDS}
    if any(v is not None for v in votes.values()):
        cast = votes["votes_cast"]
        if cast is None:
            refuse("votes_cast", VOTES_CAST_MISSING)
        else:
            total = sum(votes[f] or 0 for f in VOTE_FIELDS[1:])
            if total != cast:
                refuse("votes_cast", VOTES_DO_NOT_ADD_UP, total=total, cast=cast)
            if meeting is not None and cast > meeting.membership:
                refuse("votes_cast", VOTES_EXCEED_MEMBERSHIP, membership=meeting.membership)
    if appointment.sworn_on:
        if appointment.kind not in Appointment.STARTS:
            refuse("sworn_on", SWORN_ONLY_ON_TAKING_OFFICE)
        elif appointment.date and appointment.sworn_on < appointment.date:
            refuse("sworn_on", SWORN_BEFORE_DATE)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def appointment_create(*, data: dict, by) -> Appointment:
    return _save(_apply(Appointment(), data), check=check_appointment)


@transaction.atomic
def appointment_update(*, appointment: Appointment, data: dict, by) -> Appointment:
    appointment = locked_at(Appointment, appointment.pk, data.get("version"))
    return _save(_apply(appointment, data), check=check_appointment)


# Township guidance ----------------------------------------------------------------------------------


@transaction.atomic
def guidance_arrange(*, leaders: dict, since=None, by) -> list[GuidanceAssignment]:
    """Set the guiding director of each township in `leaders` ({township: user or None}).

    A changed leader starts `since` (today by default) and is told of the township; None removes the
    arrangement. All or nothing: one refusal saves none.
    """
    since = since or timezone.localdate()
    errors = []
    for leader in leaders.values():
        if leader is not None and not leader.has_role(Role.DIRECTOR):
            errors.append(ValidationError(NOT_A_DIRECTOR, params={"name": str(leader)}))
    if errors:
        raise ValidationError(errors)
    current = {
        a.township_id: a
        for a in GuidanceAssignment.objects.select_for_update().filter(township__in=list(leaders))
    }
    saved = []
    for township, leader in leaders.items():
        assignment = current.get(township.pk)
        if leader is None:
            if assignment is not None:
                assignment.delete()
            continue
        if assignment is not None and assignment.leader_id == leader.pk:
            saved.append(assignment)
            continue
        assignment = assignment or GuidanceAssignment(township=township)
        assignment.leader = leader
        assignment.since = since
        saved.append(_save(assignment))
        notify(
            recipients=[leader],
            title=gettext("You now guide the congress work of %(township)s") % {"township": township.name},
            key=f"meetings:guidance:{township.pk}:{leader.pk}:{since.isoformat()}",
            url=reverse("meetings:township", args=[township.pk]),
        )
    return saved


@transaction.atomic
def cadre_create(*, data: dict, by) -> TownshipCadre:
    return _save(_apply(TownshipCadre(), data))


@transaction.atomic
def cadre_update(*, cadre: TownshipCadre, data: dict, by) -> TownshipCadre:
    cadre = locked_at(TownshipCadre, cadre.pk, data.get("version"))
    return _save(_apply(cadre, data))


def _check_visit(visit: GuidanceVisit) -> None:
    if visit.kind == GuidanceVisit.Kind.VISIT and not visit.township_id:
        raise ValidationError({"township": VISIT_NEEDS_TOWNSHIP})


@transaction.atomic
def visit_create(*, data: dict, by) -> GuidanceVisit:
    return _save(_apply(GuidanceVisit(), data), check=_check_visit)


@transaction.atomic
def visit_update(*, visit: GuidanceVisit, data: dict, by) -> GuidanceVisit:
    visit = locked_at(GuidanceVisit, visit.pk, data.get("version"))
    return _save(_apply(visit, data), check=_check_visit)
