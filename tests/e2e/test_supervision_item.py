"""A unit user reports a rectification item done from the unit's queue on a phone; staff verify it."""

import os

# Playwright's sync API runs an event loop in the test thread; the test's own ORM calls need this.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from renda.accounts.roles import Role, sync_role_groups
from renda.accounts.services import user_create
from renda.core.models import Unit
from supervision.models import RectificationItem, ReviewOpinion
from tests.supervision.factories import ActivityFactory, ItemFactory, OpinionFactory, TopicFactory
from tests.supervision.helpers import PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "Jixian-e2e-2026"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


@pytest.fixture
def supervision_browser(browser):
    """The session's Chromium (tests/e2e/conftest.py): one sync Playwright runs per thread."""
    return browser


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


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    """A sent review opinion with one item for 县农业农村局, whose user and a staff member can sign in."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the uploaded evidence never lands in var/media
    sync_role_groups()
    unit = Unit.objects.create(name="县农业农村局", kind=Unit.Kind.DEPARTMENT)
    unit_user, _ = user_create(
        username="e2e-unit",
        roles=[Role.UNIT],
        display_name="郭晓东",
        unit=unit,
        password=PASSWORD,
        created_by_staff=False,
    )
    staff, _ = user_create(
        username="e2e-staff",
        roles=[Role.STAFF],
        display_name="韩雪梅",
        password=PASSWORD,
        created_by_staff=False,
    )
    today = timezone.localdate()
    topic = TopicFactory(title="苹果产业高质量发展和品牌建设情况", category="apple")
    activity = ActivityFactory(topic=topic, date=today - timedelta(days=40))
    opinion = OpinionFactory(
        activity=activity,
        title="关于苹果产业高质量发展和品牌建设情况的审议意见",
        state=ReviewOpinion.State.SENT,
        sent_on=today - timedelta(days=30),
        report_due=today + timedelta(days=60),
    )
    item = ItemFactory(
        opinion=opinion, unit=unit, description="新建数字果园示范基地5个", deadline=today + timedelta(days=10)
    )
    ItemFactory(
        opinion=opinion,
        unit=unit,
        description="建立苹果品牌授权使用黑名单制度",
        deadline=today - timedelta(days=3),
    )
    return {"item": item, "unit_user": unit_user, "staff": staff}


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/accounts/home/")


def _no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def test_a_unit_reports_an_item_done_and_staff_verify_it(live_server, supervision_browser, setting):
    base, item = live_server.url, setting["item"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # The unit, on a phone: its queue with traffic lights, then the progress form.
    phone = _page(supervision_browser, PHONE)
    _login(phone, base, "e2e-unit")
    phone.goto(f"{base}/supervision/unit/")
    _no_sideways_scrolling(phone)
    assert phone.locator("table .badge.text-bg-warning").count() == 1  # due within 15 days
    assert phone.locator("table .badge.text-bg-danger").count() == 1  # overdue
    phone.screenshot(path=str(SCREENSHOTS / "supervision-unit-queue-390.png"), full_page=True)

    phone.click(f"a[href='/supervision/items/{item.pk}/progress/']")
    phone.wait_for_url(f"**/supervision/items/{item.pk}/progress/")
    _no_sideways_scrolling(phone)
    phone.fill("input[name=percent]", "100")
    phone.click("main form button[type=submit]")
    # No text: refused at the field, nothing saved.
    assert phone.locator("#id_text.is-invalid").count() == 1
    assert not item.updates.exists()
    phone.fill("input[name=percent]", "100")
    phone.fill("textarea[name=text]", "5个数字果园示范基地全部建成，物联网设备安装调试完毕。")
    phone.set_input_files(
        "input[name=evidence]", files=[{"name": "验收报告.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    phone.screenshot(path=str(SCREENSHOTS / "supervision-progress-390.png"), full_page=True)
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{base}/supervision/unit/")
    _no_sideways_scrolling(phone)
    item.refresh_from_db()
    assert (item.state, item.percent) == (RectificationItem.State.DONE, 100)
    assert item.updates.get().attachments.get().name == "验收报告.pdf"
    assert phone.problems == []

    # Staff, at a desk: the item with its evidence, verified.
    desk = _page(supervision_browser, DESKTOP)
    _login(desk, base, "e2e-staff")
    desk.goto(f"{base}{item.get_absolute_url()}")
    assert desk.locator("text=验收报告.pdf").count() == 1
    desk.click(f"a[href='/supervision/items/{item.pk}/verify/']")
    desk.wait_for_url(f"**/supervision/items/{item.pk}/verify/")
    desk.click("main form button[type=submit]")
    desk.wait_for_url(f"**{item.get_absolute_url()}")
    item.refresh_from_db()
    assert (item.state, item.verified_by) == (RectificationItem.State.VERIFIED, setting["staff"])
    desk.screenshot(path=str(SCREENSHOTS / "supervision-item-1280.png"), full_page=True)
    desk.goto(f"{base}/supervision/ledger/")
    desk.screenshot(path=str(SCREENSHOTS / "supervision-ledger-1280.png"), full_page=True)
    assert desk.problems == []

    # The unit sees the verified item on its phone.
    phone.goto(f"{base}{item.get_absolute_url()}")
    _no_sideways_scrolling(phone)
    phone.screenshot(path=str(SCREENSHOTS / "supervision-item-390.png"), full_page=True)
    phone.goto(f"{base}/supervision/unit/?show=verified")
    _no_sideways_scrolling(phone)
    assert phone.locator(f"a[href='{item.get_absolute_url()}']").count() == 1
    assert phone.problems == []
