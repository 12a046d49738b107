"""Staff record an appointment on a phone (refused at the field first), see it among the current
holders and on the public portal; a director opens a township's page at a desk."""

from datetime import date

import pytest

from meetings.models import Appointment, GuidanceAssignment, Meeting, TownshipCadre
from renda.accounts.roles import Role, sync_role_groups
from renda.core.models import Township, Unit
from tests.e2e.conftest import DESKTOP, PHONE, account, no_sideways_scrolling
from tests.factories import TermFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(transactional_db):
    sync_role_groups()
    users = {
        "e2e-staff": account("e2e-staff", Role.STAFF, "韩雪梅"),
        "e2e-director": account("e2e-director", Role.DIRECTOR, "贺建平"),
    }
    term = TermFactory(number=16, name="第十六届", is_current=True)
    meeting = Meeting.objects.create(
        kind=Meeting.Kind.STANDING,
        term=term,
        number=24,
        date=date(2026, 11, 18),
        membership=23,
        state=Meeting.State.HELD,
        prepared_by=users["e2e-staff"],
    )
    unit = Unit.objects.create(name="县交通运输局", kind=Unit.Kind.DEPARTMENT)
    town = Township.objects.create(name="吉昌镇", kind=Township.Kind.TOWN)
    GuidanceAssignment.objects.create(township=town, leader=users["e2e-director"], since=date(2021, 11, 15))
    TownshipCadre.objects.create(
        township=town, name="程立新", role=TownshipCadre.Role.CHAIRMAN, phone="13903570101"
    )
    return {"meeting": meeting, "unit": unit, "town": town}


def test_staff_record_an_appointment_that_reaches_holders_and_portal(
    live_server, open_page, setting, screenshots
):
    base, meeting, unit = live_server.url, setting["meeting"], setting["unit"]

    phone = open_page(PHONE, user="e2e-staff")
    phone.goto(f"{base}/meetings/appointments/new/")
    no_sideways_scrolling(phone)
    phone.select_option("select[name=kind]", "appoint")
    phone.fill("input[name=person]", "郑国华")
    phone.fill("input[name=post]", "局长")
    phone.select_option("select[name=unit]", str(unit.pk))
    phone.select_option("select[name=meeting]", str(meeting.pk))
    phone.fill("input[name=date]", "2026-11-17")
    phone.fill("input[name=votes_cast]", "21")
    phone.fill("input[name=votes_for]", "19")
    phone.fill("input[name=votes_against]", "0")
    phone.fill("input[name=votes_abstain]", "1")
    phone.check("input[name=is_published]")
    phone.click("main form button[type=submit]")
    # Dated before its meeting, votes that do not add up: both refused at their fields, nothing saved.
    assert phone.locator("#id_date.is-invalid").count() == 1
    assert phone.locator("#id_votes_cast.is-invalid").count() == 1
    assert not Appointment.objects.exists()
    no_sideways_scrolling(phone)
    phone.screenshot(path=str(screenshots / "registers-appointment-refused-390.png"), full_page=True)

    phone.fill("input[name=date]", "2026-11-18")
    phone.fill("input[name=votes_for]", "20")
    phone.fill("input[name=sworn_on]", "2026-11-18")
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{base}/meetings/appointments/")
    appointment = Appointment.objects.get()
    assert (appointment.person, appointment.votes_for, appointment.is_published) == ("郑国华", 20, True)
    no_sideways_scrolling(phone)

    phone.goto(f"{base}/meetings/holders/?unit={unit.pk}")
    assert phone.locator("main .list-group-item", has_text="郑国华").count() == 1
    no_sideways_scrolling(phone)
    phone.screenshot(path=str(screenshots / "registers-holders-390.png"), full_page=True)
    assert phone.problems == []

    public = open_page(PHONE)
    public.goto(f"{base}/public/committee/appointments/")
    assert public.locator(".public-item", has_text="郑国华").count() == 1
    no_sideways_scrolling(public)
    assert public.problems == []


def test_a_director_reads_a_townships_congress_work(live_server, open_page, setting, screenshots):
    base, town = live_server.url, setting["town"]
    desk = open_page(DESKTOP, user="e2e-director")
    desk.goto(f"{base}/meetings/guidance/")
    desk.click(f"main a[href='/meetings/townships/{town.pk}/']")
    desk.wait_for_url(f"**/meetings/townships/{town.pk}/")
    assert desk.locator("main", has_text="程立新").count() == 1
    desk.screenshot(path=str(screenshots / "registers-township-1280.png"), full_page=True)
    assert desk.problems == []
    phone = open_page(PHONE, user="e2e-director")
    phone.goto(f"{base}/meetings/townships/{town.pk}/")
    no_sideways_scrolling(phone)
    assert phone.problems == []
