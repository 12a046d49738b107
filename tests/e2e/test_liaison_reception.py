"""A deputy records, on a 390 px phone, a reception they attended and an opinion raised there."""

import os

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls need this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from deputies.models import Level
from liaison.models import Opinion, Reception
from renda.accounts.roles import Role, sync_role_groups
from renda.accounts.services import user_create
from tests.factories import TownshipFactory
from tests.liaison.factories import (
    AssignmentFactory,
    LiaisonDeputyFactory,
    PointFactory,
    StationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PASSWORD = "Jixian-e2e-2026"
SCREENSHOT = Path(settings.BASE_DIR) / "var" / "screenshots" / "deputy-reception-390.png"


@pytest.fixture
def liaison_browser(browser):
    """The session's Chromium (tests/e2e/conftest.py): one sync Playwright runs per thread."""
    return browser


@pytest.fixture
def liaison_phone(liaison_browser):
    context = liaison_browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    # Script errors and CSP violations show in the console; failed requests are caught by their
    # response.
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
    yield page
    context.close()


@pytest.fixture
def liaison_deputy(transactional_db):
    """A deputy account placed at a station and one of its points (live_server tests flush the tables)."""
    sync_role_groups()
    user, _password = user_create(
        username="e2e-deputy",
        roles=[Role.DEPUTY],
        display_name="冯志刚",
        password=PASSWORD,
        created_by_staff=False,
    )
    township = TownshipFactory(name="屯里镇")
    station = StationFactory(name="屯里镇人大代表联络站", township=township, address="屯里镇人民政府院内东侧")
    point = PointFactory(
        station=station, name="上田村人大代表联络点", village="上田村", address="上田村村委会"
    )
    deputy = LiaisonDeputyFactory(name="冯志刚", user=user, township=township, levels=[Level.COUNTY])
    AssignmentFactory(deputy=deputy, station=station, point=point)
    return deputy


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_deputy_records_a_reception_and_an_opinion_on_a_phone(live_server, liaison_phone, liaison_deputy):
    page = liaison_phone
    page.goto(f"{live_server.url}/accounts/login/")
    _no_sideways_scrolling(page)
    page.fill("input[name=username]", "e2e-deputy")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/home/")
    _no_sideways_scrolling(page)

    page.goto(f"{live_server.url}/liaison/my-station/")
    assert page.url.endswith(liaison_deputy.assignment.station.get_absolute_url())
    _no_sideways_scrolling(page)

    page.click("a[href$='/liaison/receptions/record/']")
    page.wait_for_url("**/liaison/receptions/record/")
    _no_sideways_scrolling(page)
    today = timezone.localdate()
    page.fill("input[name=date]", today.isoformat())
    page.fill("input[name=place]", "上田村村委会会议室")
    page.fill("input[name=residents_received]", "7")
    page.fill("textarea[name=notes]", "接待群众7人次，主要反映道路和饮水问题。")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/liaison/receptions/*/")
    _no_sideways_scrolling(page)

    reception = Reception.objects.get(place="上田村村委会会议室")
    assert reception.state == Reception.State.HELD
    assert reception.date == today
    assert reception.residents_received == 7
    assert list(reception.present.all()) == [liaison_deputy]

    page.click(f"a[href$='/liaison/receptions/{reception.pk}/opinions/new/']")
    page.wait_for_url(f"**/liaison/receptions/{reception.pk}/opinions/new/")
    _no_sideways_scrolling(page)
    page.fill("textarea[name=content]", "上田村通村道路雨后泥泞，希望硬化路面。")
    page.select_option("select[name=category]", Opinion.Category.ROADS)
    page.fill("input[name=resident_name]", "李大伯")
    page.click("main form button[type=submit]:not([name=another])")
    page.wait_for_url(f"**{reception.get_absolute_url()}")
    _no_sideways_scrolling(page)

    assert page.locator("text=上田村通村道路雨后泥泞").count() == 1
    opinion = Opinion.objects.get(reception=reception)
    assert (opinion.state, opinion.category, opinion.recorded_by) == (
        Opinion.State.RECORDED,
        Opinion.Category.ROADS,
        liaison_deputy.user,
    )

    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert page.problems == []
