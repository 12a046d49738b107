"""A director opens the dashboard, follows a figure to the rows behind it, and prints the dashboard."""

import os

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls need this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest

from renda.accounts.roles import Role, sync_role_groups
from renda.accounts.services import user_create
from tests.dashboard.data import build_small_year

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "Jixian-e2e-2026"


@pytest.fixture
def setting(transactional_db):
    sync_role_groups()
    year = build_small_year()
    user_create(
        username="e2e-director",
        roles=[Role.DIRECTOR],
        display_name="贺建平",
        password=PASSWORD,
        created_by_staff=False,
    )
    return year


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    # Script errors and CSP violations show in the console; failed requests by their response.
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


def _login(page, base):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "e2e-director")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/accounts/home/")


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def test_a_director_follows_a_figure_and_prints_the_dashboard(live_server, browser, setting, screenshots):
    base = live_server.url
    desk = _page(browser, DESKTOP)
    _login(desk, base)
    desk.goto(f"{base}/dashboard/?year=2026")

    # The charts are drawn (SVG, from the project's own script), the figures are on the page.
    desk.wait_for_selector("[data-chart='outcomes'] svg")
    desk.wait_for_selector("[data-chart='stations'] svg")
    figures = desk.locator(".dashboard-figures")
    assert figures.get_by_text("测试一号联络站").count() == 1
    _no_sideways_scrolling(desk)
    desk.screenshot(path=str(screenshots / "dashboard-screen.png"), full_page=True)

    # Print: A4 landscape, without the buttons and the filter form.
    desk.emulate_media(media="print")
    assert desk.locator("form.filters").is_hidden()
    assert desk.locator(".js-print").first.is_hidden()
    assert desk.locator(".dashboard-print-heading").is_visible()
    desk.screenshot(path=str(screenshots / "dashboard-print.png"), full_page=True)
    desk.emulate_media(media="screen")

    # The figure "replied on time" (1 of 4) opens the ledger filtered to that one suggestion.
    on_time = figures.locator("a[href*='on_time=1']")
    assert on_time.inner_text() == "1"
    on_time.click()
    desk.wait_for_url("**/proposals/?*on_time=1*")
    assert desk.locator("table tbody tr").count() == 1
    assert desk.problems == []

    # The overdue rectification items of 县农业农村局 open the supervision ledger filtered alike.
    desk.goto(f"{base}/dashboard/?year=2026")
    overdue_row = desk.locator(".dashboard-figures tr", has_text="县农业农村局").locator(
        "a[href*='/supervision/ledger/'][href*='overdue=1']"
    )
    count = int(overdue_row.first.inner_text())
    overdue_row.first.click()
    desk.wait_for_url("**/supervision/ledger/?*overdue=1*")
    assert desk.locator("table tbody tr").count() == count
    assert desk.problems == []

    # On a phone the page fits the screen.
    phone = _page(browser, PHONE)
    _login(phone, base)
    phone.goto(f"{base}/dashboard/?year=2026")
    phone.wait_for_selector("[data-chart='outcomes'] svg")
    _no_sideways_scrolling(phone)
    phone.screenshot(path=str(screenshots / "dashboard-390.png"), full_page=True)
    assert phone.problems == []
