"""The campaigns demo: the county's campaigns with 20-40 deputies each, entries, photos, idempotence."""

import io

import pytest
from PIL import Image

from demo.accounts import load_demo_users
from demo.campaigns import load_demo_campaigns
from demo.deputies import load_demo_deputies
from demo.loaders import LOADERS
from demo.reference import load_reference_data
from deputies.models import Campaign, CampaignEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(roles, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    out = io.StringIO()
    load_reference_data(out)
    load_demo_users(out)
    load_demo_deputies(out)
    load_demo_campaigns(out)
    return settings.MEDIA_ROOT


def _state():
    return (
        sorted(Campaign.objects.values_list("title", "start_date", "end_date")),
        sorted(Campaign.participants.through.objects.values_list("campaign_id", "deputy_id")),
        sorted(CampaignEntry.objects.values_list("campaign_id", "deputy_id", "date", "text", "photo")),
        Campaign.history.count(),
        CampaignEntry.history.count(),
    )


def test_the_loader_runs_after_the_deputies():
    names = [name for name, _loader in LOADERS]
    assert names.index("deputies") < names.index("deputies.campaigns")
    assert names.index("accounts.users") < names.index("deputies.campaigns")


def test_the_three_campaigns_of_the_brief_with_20_to_40_deputies_each(demo):
    campaigns = {c.title: c for c in Campaign.objects.all()}
    assert {"苹果示范园建设", "城乡环境大整洁", "助力旅发大会"} <= set(campaigns)
    assert campaigns["苹果示范园建设"].start_date.year == 2024
    assert campaigns["城乡环境大整洁"].start_date.year == 2025
    assert (campaigns["助力旅发大会"].start_date.year, campaigns["助力旅发大会"].end_date.year) == (
        2025,
        2026,
    )
    for campaign in campaigns.values():
        assert 20 <= campaign.participants.count() <= 40, campaign.title
        with_entries = campaign.participants.filter(campaign_entries__campaign=campaign).distinct().count()
        assert with_entries >= campaign.participants.count() // 2, campaign.title
        for entry in campaign.entries.all():
            assert campaign.start_date <= entry.date <= campaign.end_date
            assert campaign.participants.filter(pk=entry.deputy_id).exists()


def test_the_demo_deputies_take_part_and_recorded_entries_themselves(demo):
    for username in ("deputy", "deputy2"):
        joined = Campaign.objects.filter(participants__user__username=username)
        assert joined.exists(), username
        own = CampaignEntry.objects.filter(deputy__user__username=username)
        assert own.exists() and all(e.recorded_by.username == username for e in own)


def test_some_entries_have_a_small_generated_jpeg(demo):
    with_photo = CampaignEntry.objects.exclude(photo="")
    assert 4 <= with_photo.count() < CampaignEntry.objects.count()
    for entry in with_photo:
        path = demo / entry.photo.name
        with Image.open(path) as image:
            assert (image.format, image.size) == ("JPEG", (320, 200))


def test_a_second_run_changes_nothing_and_writes_no_files(demo):
    before = _state()
    files = sorted(p.name for p in demo.rglob("*.jpg"))
    load_demo_campaigns(io.StringIO())
    assert _state() == before
    assert sorted(p.name for p in demo.rglob("*.jpg")) == files
