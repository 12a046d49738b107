"""A deputy records from a phone what they did for a campaign, with a photo; it shows on their duty record."""

import io
import os
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from deputies.models import CampaignEntry
from renda.accounts.roles import Role, sync_role_groups
from tests.deputies.factories import CampaignFactory, DeputyFactory
from tests.e2e.conftest import PHONE, account, no_sideways_scrolling
from tests.factories import TownshipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _big_png() -> bytes:
    """Noise does not compress: a PNG above the 5 MB limit, like a photo straight from a phone camera."""
    out = io.BytesIO()
    Image.frombytes("RGB", (1400, 1300), os.urandom(1400 * 1300 * 3)).save(out, format="PNG")
    assert len(out.getvalue()) > 5 * 1024 * 1024
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 200), (61, 126, 89)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    """冯志刚, a deputy with an account, takes part in an ongoing campaign; another campaign is not his."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the uploaded photo never lands in var/media
    sync_role_groups()
    user = account("e2e-deputy", Role.DEPUTY, "冯志刚")
    township = TownshipFactory(name="屯里镇")
    deputy = DeputyFactory(name="冯志刚", user=user, township=township)
    today = timezone.localdate()
    campaign = CampaignFactory(
        title="助力旅发大会",
        call="参与壶口瀑布景区志愿服务和旅游服务质量监督。",
        start_date=today - timedelta(days=30),
        end_date=None,
        participants=[deputy],
    )
    other = CampaignFactory(title="苹果示范园建设", participants=[DeputyFactory(township=township)])
    return {"deputy": deputy, "campaign": campaign, "other": other, "today": today}


def test_a_deputy_records_an_entry_with_a_photo_from_a_phone(live_server, open_page, setting, screenshots):
    base, campaign = live_server.url, setting["campaign"]
    phone = open_page(PHONE, user="e2e-deputy")

    phone.goto(f"{base}/deputies/campaigns/mine/")
    no_sideways_scrolling(phone)
    assert phone.locator("main .card").count() == 1  # only his own campaign
    phone.click(f"a[href='/deputies/campaigns/{campaign.pk}/entries/new/']")
    phone.wait_for_url(f"**/deputies/campaigns/{campaign.pk}/entries/new/")
    no_sideways_scrolling(phone)

    # A date before the campaign began is refused at the field; nothing is saved.
    phone.fill("input[name=date]", (campaign.start_date - timedelta(days=1)).isoformat())
    phone.fill("textarea[name=text]", "在壶口瀑布景区开展志愿服务，为游客提供咨询和引导。")
    phone.click("main form button[type=submit]")
    assert phone.locator("#id_date.is-invalid").count() == 1
    assert not CampaignEntry.objects.exists()

    phone.fill("input[name=date]", setting["today"].isoformat())
    phone.set_input_files(
        "input[name=photo]", files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    phone.screenshot(path=str(screenshots / "campaign-entry-390.png"), full_page=True)
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{base}{campaign.get_absolute_url()}")
    no_sideways_scrolling(phone)
    entry = CampaignEntry.objects.get()
    assert (entry.deputy, entry.date) == (setting["deputy"], setting["today"])
    assert entry.photo.name.endswith(".jpg")
    photo = phone.locator(f"#entry-{entry.pk} img")
    photo.scroll_into_view_if_needed()
    phone.wait_for_function("img => img.complete && img.naturalWidth === 320", arg=photo.element_handle())
    phone.screenshot(path=str(screenshots / "campaign-detail-390.png"), full_page=True)

    # A picture above the limit is scaled down in the browser before it is sent.
    phone.goto(f"{base}/deputies/campaigns/{campaign.pk}/entries/new/")
    phone.fill("textarea[name=text]", "参加旅发大会筹备工作座谈会，就旅游道路标识提出建议。")
    phone.set_input_files(
        "input[name=photo]", files=[{"name": "IMG_0002.png", "mimeType": "image/png", "buffer": _big_png()}]
    )
    phone.wait_for_selector("input[name=photo][data-shrunk=true]", state="attached")
    phone.click("main form button[type=submit]")
    phone.wait_for_url(f"{base}{campaign.get_absolute_url()}")
    second = CampaignEntry.objects.exclude(pk=entry.pk).get()
    assert second.photo.name.endswith(".jpg") and second.photo.size <= 5 * 1024 * 1024

    # Another campaign is out of reach, and the entries are on his duty record.
    response = phone.goto(f"{base}{setting['other'].get_absolute_url()}")
    assert response.status == 404
    phone.problems.remove(f"404 {response.url}")  # the one answer above 400 this test expects
    phone.goto(f"{base}/deputies/me/")
    no_sideways_scrolling(phone)
    assert phone.locator("#deputiescampaigns").get_by_text("在壶口瀑布景区开展志愿服务").count() == 1
    assert phone.problems == []
