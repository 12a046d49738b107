"""Builders shared by the registers' and the guidance's tests (no tests here)."""

from datetime import date

from meetings.models import Appointment, Decision, Meeting
from renda.accounts.roles import Role
from renda.core.models import Term
from tests.factories import TermFactory, UnitFactory, UserFactory


def current_term() -> Term:
    term = Term.objects.filter(is_current=True).first()
    return term or TermFactory(number=16, name="第十六届", is_current=True)


def make_meeting(*, kind=Meeting.Kind.STANDING, number=None, day=date(2026, 3, 26), membership=23, by=None):
    term = current_term()
    if number is None:
        number = (
            Meeting.objects.filter(kind=kind, term=term)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
    return Meeting.objects.create(
        kind=kind,
        term=term,
        number=number,
        date=day,
        membership=membership,
        state=Meeting.State.HELD,
        prepared_by=by or UserFactory(role=Role.STAFF),
    )


def make_appointment(
    *, person, post="局长", unit=None, kind=Appointment.Kind.APPOINT, meeting=None, day=None, **extra
):
    meeting = meeting or make_meeting(day=day or date(2026, 3, 26))
    return Appointment.objects.create(
        person=person,
        post=post,
        unit=unit or UnitFactory(name="县农业农村局"),
        kind=kind,
        meeting=meeting,
        date=day or meeting.date,
        **extra,
    )


def make_decision(*, title="关于批准2026年县级预算调整方案的决议", published=True, meeting=None, **extra):
    meeting = meeting or make_meeting()
    return Decision.objects.create(
        title=title,
        meeting=meeting,
        adopted_on=meeting.date,
        text="吉县第十六届人民代表大会常务委员会第三十次会议审议了……，决定批准。",
        is_published=published,
        **extra,
    )


def appointment_post(meeting, **overrides) -> dict:
    """The form data of a valid appointment at `meeting`."""
    data = {
        "kind": Appointment.Kind.APPOINT,
        "person": "马俊峰",
        "post": "局长",
        "unit": UnitFactory(name="县农业农村局").pk,
        "meeting": meeting.pk,
        "date": meeting.date.isoformat(),
        "votes_cast": "21",
        "votes_for": "20",
        "votes_against": "0",
        "votes_abstain": "1",
        "sworn_on": meeting.date.isoformat(),
        "is_published": "",
    }
    data.update(overrides)
    return data
