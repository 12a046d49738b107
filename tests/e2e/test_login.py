"""Signing in through the real login form in Chromium, on a desktop and on a deputy's phone."""

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext

from demo.accounts import DEMO_PASSWORD, load_demo_users
from demo.reference import load_reference_data
from tests.e2e.conftest import PHONE, no_sideways_scrolling, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 800}


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def demo_users(roles):
    """The demo's reference data and accounts (the rest of the demo is not needed here)."""
    load_reference_data(io.StringIO())
    load_demo_users(io.StringIO())


def test_staff_signs_in_and_lands_on_the_chinese_home_page(live_server, demo_users, open_page, screenshots):
    page = open_page(DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    sign_in(page, live_server.url, "staff", DEMO_PASSWORD)

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text().strip() == _zh("Hello, %(name)s") % {"name": "韩雪梅"}
    assert page.locator("h2", has_text=_zh("Work queue")).count() == 1
    # The stylesheet loaded (Bootstrap sets the body font), so the layout checks below mean something.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    page.screenshot(path=str(screenshots / "home-staff-desktop-1280.png"), full_page=True)

    phone_page = open_page(PHONE, is_mobile=True, has_touch=True, storage_state=page.context.storage_state())
    phone_page.goto(f"{live_server.url}/accounts/home/")
    assert phone_page.url == f"{live_server.url}/accounts/home/"
    no_sideways_scrolling(phone_page)
    phone_page.screenshot(path=str(screenshots / "home-staff-phone-390.png"), full_page=True)

    assert page.problems == []
    assert phone_page.problems == []


def test_the_login_page_fits_a_phone(live_server, open_page, screenshots):
    page = open_page(PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{live_server.url}/accounts/login/")
    no_sideways_scrolling(page)
    assert page.locator("#id_username").is_visible()
    page.screenshot(path=str(screenshots / "login-phone-390.png"), full_page=True)
    assert page.problems == []


def test_a_wrong_password_is_answered_in_chinese(live_server, demo_users, open_page):
    page = open_page(DESKTOP)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "deputy")
    page.fill("#id_password", "not-the-password")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert "密码" in page.locator(".alert-danger, .invalid-feedback, .errorlist").first.inner_text()
