"""The registers' demo: registered after the meetings demo, every active township arranged, the
appointments valid by the registers' own rules, and a second run adds nothing."""

import io
from datetime import date

import pytest

from demo.accounts import load_demo_users
from demo.loaders import LOADERS
from demo.reference import load_reference_data
from demo.registers import load_demo_registers
from meetings.models import (
    Appointment,
    GuidanceAssignment,
    GuidanceVisit,
    MajorReport,
    Meeting,
    PartyDocument,
    TownshipCadre,
)
from meetings.register_selectors import current_holders
from meetings.register_services import check_appointment
from renda.accounts.models import User
from renda.accounts.roles import Role
from renda.core.models import Term, Township
from tests.helpers import assert_loading_again_changes_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    load_reference_data(out)
    load_demo_users(out)
    load_demo_registers(out)
    return out


def test_the_loader_runs_after_the_meetings_demo():
    names = [name for name, _loader in LOADERS]
    assert "meetings.registers" in names
    if "meetings" in names:
        assert names.index("meetings") < names.index("meetings.registers")


def test_the_demo_is_idempotent(demo):
    files = sorted(PartyDocument.objects.exclude(file="").values_list("file", flat=True))
    assert_loading_again_changes_nothing(
        load_demo_registers,
        Appointment,
        MajorReport,
        PartyDocument,
        GuidanceAssignment,
        TownshipCadre,
        GuidanceVisit,
        Meeting,
    )
    assert sorted(PartyDocument.objects.exclude(file="").values_list("file", flat=True)) == files


def test_every_active_township_has_a_guiding_director_and_cadres(demo):
    for township in Township.objects.active():
        assert township.guidance.leader.has_role(Role.DIRECTOR), township
        assert township.congress_cadres.filter(is_current=True, role=TownshipCadre.Role.CHAIRMAN).exists()
    assert GuidanceVisit.objects.filter(kind=GuidanceVisit.Kind.VISIT).count() >= 10
    assert GuidanceVisit.objects.filter(kind=GuidanceVisit.Kind.EXCHANGE).count() == 2


def test_the_demo_appointments_keep_the_rules_and_some_are_published(demo):
    rows = list(Appointment.objects.select_related("meeting"))
    assert len(rows) >= 15
    for row in rows:
        check_appointment(row)
    assert {r.kind for r in rows} == set(Appointment.Kind.values)
    assert 0 < Appointment.objects.filter(is_published=True).count() < len(rows)
    holders = {(a.unit.name, a.post): a.person for a in current_holders()}
    assert holders[("县交通运输局", "局长")] == "郑国华"


def test_the_demo_has_reports_with_and_without_reply_and_documents_with_files(demo):
    assert MajorReport.objects.filter(reply_received_on__isnull=True).exists()
    assert MajorReport.objects.filter(reply_received_on__isnull=False).exists()
    document = PartyDocument.objects.exclude(file="").first()
    assert document.file.read(4) == b"%PDF"


def test_existing_meetings_of_the_meetings_demo_are_used(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    load_reference_data(out)
    load_demo_users(out)
    term = Term.objects.get(is_current=True)
    preparer = User.objects.get(username="staff")
    made = [(Meeting.Kind.STANDING, 40 + n, date(2022, n, 15), 25) for n in range(1, 8)] + [
        (Meeting.Kind.CONGRESS, session.number, session.start_date, 150) for session in term.sessions.all()
    ]
    for kind, number, day, members in made:
        Meeting.objects.create(
            kind=kind,
            term=term,
            number=number,
            date=day,
            membership=members,
            state=Meeting.State.HELD,
            prepared_by=preparer,
        )
    load_demo_registers(out)
    assert Meeting.objects.count() == len(made)
    numbers = set(Appointment.objects.filter(kind="appoint").values_list("meeting__number", flat=True))
    assert numbers <= set(range(41, 48))
