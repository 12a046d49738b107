"""A director opens the dashboard, follows a figure to the rows behind it, and prints the dashboard."""

import pytest

from renda.accounts.roles import Role, sync_role_groups
from tests.dashboard.data import build_small_year
from tests.e2e.conftest import DESKTOP, PHONE, account, no_sideways_scrolling

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(transactional_db):
    sync_role_groups()
    year = build_small_year()
    account("e2e-director", Role.DIRECTOR, "贺建平")
    return year


def test_a_director_follows_a_figure_and_prints_the_dashboard(live_server, open_page, setting, screenshots):
    base = live_server.url
    desk = open_page(DESKTOP, user="e2e-director")
    desk.goto(f"{base}/dashboard/?year=2026")

    # The charts are drawn (SVG, from the project's own script), the figures are on the page.
    desk.wait_for_selector("[data-chart='outcomes'] svg")
    desk.wait_for_selector("[data-chart='stations'] svg")
    figures = desk.locator(".dashboard-figures")
    assert figures.get_by_text("测试一号联络站").count() == 1
    no_sideways_scrolling(desk)
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
    phone = open_page(PHONE, user="e2e-director")
    phone.goto(f"{base}/dashboard/?year=2026")
    phone.wait_for_selector("[data-chart='outcomes'] svg")
    no_sideways_scrolling(phone)
    phone.screenshot(path=str(screenshots / "dashboard-390.png"), full_page=True)
    assert phone.problems == []
