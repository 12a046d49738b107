"""Signing in through the real login form in Chromium, on a desktop and on a deputy's phone."""

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext

from renda.accounts.demo import DEMO_PASSWORD, load_demo_users
from renda.core.demo import load_reference_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


@pytest.fixture
def demo_users(roles):
    """The demo's reference data and accounts (the rest of the demo is not needed here)."""
    load_reference_data(io.StringIO())
    load_demo_users(io.StringIO())


class Problems:
    """Console errors, page errors and failed requests: a CSP violation or a missing asset shows here."""

    def __init__(self, page):
        self.items = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.items.append(f"page error: {error}"))
        page.on("response", self._response)

    def _console(self, message):
        if message.type == "error":
            self.items.append(f"console: {message.text} ({message.location.get('url')})")

    def _response(self, response):
        if response.status >= 400:
            self.items.append(f"{response.status} {response.request.method} {response.url}")


def _no_sideways_scrolling(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_staff_signs_in_and_lands_on_the_chinese_home_page(live_server, demo_users, browser, screenshots):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    problems = Problems(page)

    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.fill("#id_username", "staff")
    page.fill("#id_password", DEMO_PASSWORD)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/accounts/home/")

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.locator("h1").inner_text().strip() == _zh("Hello, %(name)s") % {"name": "韩雪梅"}
    assert page.locator("h2", has_text=_zh("Work queue")).count() == 1
    # The stylesheet loaded (Bootstrap sets the body font), so the layout checks below mean something.
    assert "system-ui" in page.evaluate("getComputedStyle(document.body).fontFamily")
    page.screenshot(path=str(screenshots / "home-staff-desktop-1280.png"), full_page=True)

    phone = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN", storage_state=context.storage_state()
    )
    phone_page = phone.new_page()
    phone_problems = Problems(phone_page)
    phone_page.goto(f"{live_server.url}/accounts/home/")
    assert phone_page.url == f"{live_server.url}/accounts/home/"
    assert _no_sideways_scrolling(phone_page) <= PHONE["width"]
    phone_page.screenshot(path=str(screenshots / "home-staff-phone-390.png"), full_page=True)

    assert problems.items == []
    assert phone_problems.items == []
    phone.close()
    context.close()


def test_the_login_page_fits_a_phone(live_server, browser, screenshots):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = context.new_page()
    problems = Problems(page)
    page.goto(f"{live_server.url}/accounts/login/")
    assert _no_sideways_scrolling(page) <= PHONE["width"]
    assert page.locator("#id_username").is_visible()
    page.screenshot(path=str(screenshots / "login-phone-390.png"), full_page=True)
    assert problems.items == []
    context.close()


def test_a_wrong_password_is_answered_in_chinese(live_server, demo_users, browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "deputy")
    page.fill("#id_password", "not-the-password")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert "密码" in page.locator(".alert-danger, .invalid-feedback, .errorlist").first.inner_text()
    context.close()
