"""Staff record an appointment on a phone (refused at the field first), see it among the current
holders and on the public portal; a director opens a township's page at a desk."""

import os

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls need this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from renda.accounts.roles import Role, sync_role_groups
from renda.accounts.services import user_create
from renda.core.models import Township, Unit
from renda.meetings.models import Appointment, GuidanceAssignment, Meeting, TownshipCadre
from tests.factories import TermFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "Jixian-e2e-2026"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.problems = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not m.text.startswith("Failed to load resource")
            and page.problems.append(m.text)
        ),
    )
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.url.endswith("/favicon.ico")
            and page.problems.append(f"{r.status} {r.url}")
        ),
    )
    return page


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/accounts/home/")


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


@pytest.fixture
def setting(transactional_db):
    sync_role_groups()
    users = {}
    for username, role, name in [
        ("e2e-staff", Role.STAFF, "韩雪梅"),
        ("e2e-director", Role.DIRECTOR, "贺建平"),
    ]:
        users[username], _ = user_create(
            username=username, roles=[role], display_name=name, password=PASSWORD, created_by_staff=False
        )
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


def test_staff_record_an_appointment_that_reaches_holders_and_portal(live_server, browser, setting):
    base, meeting, unit = live_server.url, setting["meeting"], setting["unit"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    phone = _page(browser, PHONE)
    _login(phone, base, "e2e-staff")
    phone.goto(f"{base}/meetings/appointments/new/")
    _no_sideways_scrolling(phone)
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
    _no_sideways_scrolling(phone)
    phone.screenshot(path=str(SCREENSHOTS / "registers-appointment-refused-390.png"), full_page=True)

    phone.fill("input[name=date]", "2026-11-18")
    phone.fill("input[name=votes_for]", "20")
    phone.fill("input[name=sworn_on]", "2026-11-18")
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{base}/meetings/appointments/")
    appointment = Appointment.objects.get()
    assert (appointment.person, appointment.votes_for, appointment.is_published) == ("郑国华", 20, True)
    _no_sideways_scrolling(phone)

    phone.goto(f"{base}/meetings/holders/?unit={unit.pk}")
    assert phone.locator("main .list-group-item", has_text="郑国华").count() == 1
    _no_sideways_scrolling(phone)
    phone.screenshot(path=str(SCREENSHOTS / "registers-holders-390.png"), full_page=True)
    assert phone.problems == []

    public = _page(browser, PHONE)
    public.goto(f"{base}/public/committee/appointments/")
    assert public.locator(".public-item", has_text="郑国华").count() == 1
    _no_sideways_scrolling(public)
    assert public.problems == []


def test_a_director_reads_a_townships_congress_work(live_server, browser, setting):
    base, town = live_server.url, setting["town"]
    desk = _page(browser, DESKTOP)
    _login(desk, base, "e2e-director")
    desk.goto(f"{base}/meetings/guidance/")
    desk.click(f"main a[href='/meetings/townships/{town.pk}/']")
    desk.wait_for_url(f"**/meetings/townships/{town.pk}/")
    assert desk.locator("main", has_text="程立新").count() == 1
    desk.screenshot(path=str(SCREENSHOTS / "registers-township-1280.png"), full_page=True)
    assert desk.problems == []
    phone = _page(browser, PHONE)
    _login(phone, base, "e2e-director")
    phone.goto(f"{base}/meetings/townships/{town.pk}/")
    _no_sideways_scrolling(phone)
    assert phone.problems == []
