"""A unit user reports a rectification item done from the unit's queue on a phone; staff verify it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from renda.accounts.roles import Role, sync_role_groups
from renda.core.models import Unit
from supervision.models import RectificationItem, ReviewOpinion
from tests.e2e.conftest import DESKTOP, PHONE, account, no_sideways_scrolling
from tests.supervision.factories import ActivityFactory, ItemFactory, OpinionFactory, TopicFactory
from tests.supervision.helpers import PDF

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    """A sent review opinion with one item for 县农业农村局, whose user and a staff member can sign in."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the uploaded evidence never lands in var/media
    sync_role_groups()
    unit = Unit.objects.create(name="县农业农村局", kind=Unit.Kind.DEPARTMENT)
    unit_user = account("e2e-unit", Role.UNIT, "郭晓东", unit=unit)
    staff = account("e2e-staff", Role.STAFF, "韩雪梅")
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


def test_a_unit_reports_an_item_done_and_staff_verify_it(live_server, open_page, setting, screenshots):
    base, item = live_server.url, setting["item"]

    # The unit, on a phone: its queue with traffic lights, then the progress form.
    phone = open_page(PHONE, user="e2e-unit")
    phone.goto(f"{base}/supervision/unit/")
    no_sideways_scrolling(phone)
    assert phone.locator("table .badge.text-bg-warning").count() == 1  # due within 15 days
    assert phone.locator("table .badge.text-bg-danger").count() == 1  # overdue
    phone.screenshot(path=str(screenshots / "supervision-unit-queue-390.png"), full_page=True)

    phone.click(f"a[href='/supervision/items/{item.pk}/progress/']")
    phone.wait_for_url(f"**/supervision/items/{item.pk}/progress/")
    no_sideways_scrolling(phone)
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
    phone.screenshot(path=str(screenshots / "supervision-progress-390.png"), full_page=True)
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{base}/supervision/unit/")
    no_sideways_scrolling(phone)
    item.refresh_from_db()
    assert (item.state, item.percent) == (RectificationItem.State.DONE, 100)
    assert item.updates.get().attachments.get().name == "验收报告.pdf"
    assert phone.problems == []

    # Staff, at a desk: the item with its evidence, verified.
    desk = open_page(DESKTOP, user="e2e-staff")
    desk.goto(f"{base}{item.get_absolute_url()}")
    assert desk.locator("text=验收报告.pdf").count() == 1
    desk.click(f"a[href='/supervision/items/{item.pk}/verify/']")
    desk.wait_for_url(f"**/supervision/items/{item.pk}/verify/")
    desk.click("main form button[type=submit]")
    desk.wait_for_url(f"**{item.get_absolute_url()}")
    item.refresh_from_db()
    assert (item.state, item.verified_by) == (RectificationItem.State.VERIFIED, setting["staff"])
    desk.screenshot(path=str(screenshots / "supervision-item-1280.png"), full_page=True)
    desk.goto(f"{base}/supervision/ledger/")
    desk.screenshot(path=str(screenshots / "supervision-ledger-1280.png"), full_page=True)
    assert desk.problems == []

    # The unit sees the verified item on its phone.
    phone.goto(f"{base}{item.get_absolute_url()}")
    no_sideways_scrolling(phone)
    phone.screenshot(path=str(screenshots / "supervision-item-390.png"), full_page=True)
    phone.goto(f"{base}/supervision/unit/?show=verified")
    no_sideways_scrolling(phone)
    assert phone.locator(f"a[href='{item.get_absolute_url()}']").count() == 1
    assert phone.problems == []
