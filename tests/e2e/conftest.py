"""What the end-to-end tests share: one Chromium per session, watched pages, signing in, the phone check.

The browser is Debian's Chromium driven by Playwright's sync API. Tests import the plain helpers and
constants from here (tests/deputies/conftest.py is used the same way) and take the fixtures.
"""

import os
from pathlib import Path

import pytest

from renda.accounts.services import user_create

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse the
# ORM calls the tests make there (loading demo data, checking rows).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# The password of every account the browser tests make; sign_in types it into the login form.
PASSWORD = "Jixian-e2e-2026"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def watch(page):
    """Collect in `page.problems` script errors, CSP violations, answers of 400 and above (the favicon's
    too: /favicon.ico redirects to the icon) and requests that failed on the way.

    Chromium logs "Failed to load resource" for a failed request as well; the request is reported
    once, by its answer or its failure, so that console line is left out.
    """
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
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    page.on(
        "requestfailed",
        lambda r: (
            # A navigation cancels the requests of the page it leaves: not a problem of that page.
            r.failure != "net::ERR_ABORTED" and page.problems.append(f"{r.failure} {r.url}")
        ),
    )
    return page


def account(username: str, role, display_name: str, **fields):
    """A user with `role` who signs in with PASSWORD (live_server tests flush the tables: make it in the
    test's own fixture)."""
    user, _password = user_create(
        username=username,
        roles=[role],
        display_name=display_name,
        password=PASSWORD,
        created_by_staff=False,
        **fields,
    )
    return user


def sign_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through the login form and wait for the home page."""
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form[action='/accounts/login/'] button[type=submit]")
    page.wait_for_url(f"{base}/accounts/home/")


def no_sideways_scrolling(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport, user=None) -> a watched page in a new Chinese browser context, signed in as
    `user` (with PASSWORD) when one is given; the contexts close at the end of the test."""
    contexts = []

    def open_page(viewport, user=None, **context_options):
        context = browser.new_context(viewport=viewport, locale="zh-CN", **context_options)
        contexts.append(context)
        page = watch(context.new_page())
        if user:
            sign_in(page, live_server.url, user)
        return page

    yield open_page
    for context in contexts:
        context.close()
