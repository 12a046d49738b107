"""Deputy campaigns (代表行动): who sees and changes what, the period and photo checks, entries by phone."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from deputies import campaigns as svc
from deputies.campaign_forms import TEXT_REQUIRED
from deputies.models import Campaign, CampaignEntry
from tests.deputies.factories import CampaignEntryFactory, CampaignFactory, DeputyFactory


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Pages in English, so that messages compare with their msgids whatever the catalog holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)


def png_bytes(size=(32, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 20), (40, 120, 40)).save(out, format="JPEG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def frozen_today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)


@pytest.fixture
def neighbour(term, townships):
    return DeputyFactory(name="王建国", township=townships["屯里镇"])


@pytest.fixture
def campaign(deputy_row, neighbour):
    return CampaignFactory(
        title="城乡环境大整洁",
        start_date=date(2025, 4, 1),
        end_date=date(2025, 9, 30),
        participants=[deputy_row, neighbour],
    )


@pytest.fixture
def other_campaign(neighbour):
    return CampaignFactory(
        title="苹果示范园建设",
        start_date=date(2024, 3, 1),
        end_date=date(2024, 10, 31),
        participants=[neighbour],
    )


@pytest.fixture
def own_entry(campaign, deputy_row, deputy):
    return CampaignEntryFactory(
        campaign=campaign, deputy=deputy_row, recorded_by=deputy, date=date(2025, 5, 3)
    )


@pytest.fixture
def neighbours_entry(campaign, neighbour, staff):
    return CampaignEntryFactory(campaign=campaign, deputy=neighbour, recorded_by=staff, date=date(2025, 6, 1))


def _entry_post(**fields):
    data = {"date": "2025-05-20", "text": "带领群众清理村内垃圾堆放点。"}
    data.update(fields)
    return data


# --- access ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["campaign_list", "my_campaigns", "campaign_create"])
def test_anonymous_users_are_sent_to_sign_in(client, name):
    response = client.get(reverse(f"deputies:{name}"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_anonymous_users_cannot_open_a_campaign_or_its_photos(client, campaign, own_entry):
    for url in (
        campaign.get_absolute_url(),
        reverse("deputies:campaign_entry_create", args=[campaign.pk]),
        reverse("deputies:campaign_photo", args=[own_entry.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("director", 200), ("admin", 200), ("deputy", 403), ("unit_user", 403)],
)
def test_the_list_of_campaigns_is_for_staff_and_directors(login, users, campaign, who, status):
    response = login(users[who]).get(reverse("deputies:campaign_list"))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff", 200), ("director", 200), ("deputy", 200), ("deputy2", 404), ("unit_user", 403)],
)
def test_a_campaign_opens_for_staff_directors_and_its_deputies_only(
    login, users, campaign, deputy2_row, who, status
):
    assert login(users[who]).get(campaign.get_absolute_url()).status_code == status


def test_a_deputy_cannot_open_a_campaign_they_are_not_in(login, deputy, deputy_row, other_campaign):
    client = login(deputy)
    assert client.get(other_campaign.get_absolute_url()).status_code == 404
    assert client.get(reverse("deputies:campaign_entry_create", args=[other_campaign.pk])).status_code == 404
    response = client.post(reverse("deputies:campaign_entry_create", args=[other_campaign.pk]), _entry_post())
    assert response.status_code == 404
    assert not CampaignEntry.objects.exists()


def test_the_list_filters_by_year_and_title(login, director, campaign, other_campaign):
    client = login(director)
    listed = client.get(reverse("deputies:campaign_list"))
    assert [c.title for c in listed.context["page_obj"]] == ["城乡环境大整洁", "苹果示范园建设"]
    assert listed.context["page_obj"][0].participant_count == 2
    assert listed.context["years"] == [2025, 2024]
    by_year = client.get(reverse("deputies:campaign_list"), {"year": 2024})
    assert [c.title for c in by_year.context["page_obj"]] == ["苹果示范园建设"]
    by_title = client.get(reverse("deputies:campaign_list"), {"q": "环境"})
    assert [c.title for c in by_title.context["page_obj"]] == ["城乡环境大整洁"]


def test_directors_read_but_cannot_change(login, director, campaign, own_entry):
    client = login(director)
    for name, args in [
        ("campaign_create", []),
        ("campaign_update", [campaign.pk]),
        ("campaign_participants", [campaign.pk]),
        ("campaign_entry_create", [campaign.pk]),
        ("campaign_entry_update", [own_entry.pk]),
    ]:
        assert client.get(reverse(f"deputies:{name}", args=args)).status_code == 403, name
    assert client.post(reverse("deputies:campaign_entry_delete", args=[own_entry.pk])).status_code == 403
    page = client.get(campaign.get_absolute_url())
    assert page.context["can_add_entry"] is False
    assert not any(e.editable for e in page.context["page_obj"])


def test_my_campaigns_lists_only_the_deputys_own(
    login, deputy, deputy_row, campaign, other_campaign, own_entry
):
    response = login(deputy).get(reverse("deputies:my_campaigns"))
    assert response.status_code == 200
    assert [(c.title, c.my_entry_count) for c in response.context["campaigns"]] == [("城乡环境大整洁", 1)]


def test_my_campaigns_explains_an_unlinked_account(login, deputy2, campaign):
    response = login(deputy2).get(reverse("deputies:my_campaigns"))
    assert response.status_code == 200
    assert response.context["deputy"] is None
    assert list(response.context["campaigns"]) == []


@pytest.mark.parametrize("who", ["staff", "director", "unit_user"])
def test_my_campaigns_is_for_deputies(login, users, who):
    assert login(users[who]).get(reverse("deputies:my_campaigns")).status_code == 403


def test_the_menu_shows_campaigns_to_staff_and_my_campaigns_to_deputies(login, staff, deputy):
    staff_page = login(staff).get(reverse("deputies:campaign_list"))
    keys = [item["entry"].key for item in staff_page.context["nav_entries"]]
    assert "deputies.campaigns" in keys and "deputies.my_campaigns" not in keys
    deputy_page = login(deputy).get(reverse("deputies:my_campaigns"))
    keys = [item["entry"].key for item in deputy_page.context["nav_entries"]]
    assert "deputies.my_campaigns" in keys and "deputies.campaigns" not in keys


# --- campaigns: create, edit, participants ------------------------------------------------------------


def test_staff_add_a_campaign_and_go_on_to_its_participants(login, staff):
    response = login(staff).post(
        reverse("deputies:campaign_create"),
        {"title": "助力旅发大会", "call": "参与景区志愿服务。", "start_date": "2025-10-01", "end_date": ""},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("deputies:campaign_participants", args=[campaign.pk])
    assert (campaign.title, campaign.end_date) == ("助力旅发大会", None)


def test_a_campaign_cannot_end_before_it_starts(login, staff):
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_create"),
            {"title": "助力旅发大会", "call": "参与。", "start_date": "2025-10-01", "end_date": "2025-09-30"},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["end_date"] == [str(svc.CAMPAIGN_ENDS_BEFORE_START)]
    assert not Campaign.objects.exists()


def test_the_service_refuses_a_reversed_period_too(campaign):
    with pytest.raises(svc.ValidationError) as exc:
        svc.campaign_create(title="x", call="y", start_date=date(2025, 2, 1), end_date=date(2025, 1, 1))
    assert "end_date" in exc.value.error_dict


def test_a_new_period_must_keep_the_recorded_entries_inside(login, staff, campaign, own_entry):
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_update", args=[campaign.pk]),
            {
                "title": campaign.title,
                "call": campaign.call,
                "start_date": "2025-06-01",
                "end_date": "2025-09-30",
            },
        )
        assert response.status_code == 200
        errors = response.context["form"].errors["start_date"]
        assert errors[0].startswith("1 entries are dated outside this period")
    campaign.refresh_from_db()
    assert campaign.start_date == date(2025, 4, 1)


def test_staff_edit_a_campaign(login, staff, campaign):
    response = login(staff).post(
        reverse("deputies:campaign_update", args=[campaign.pk]),
        {"title": "城乡环境大整洁行动", "call": "新的要求。", "start_date": "2025-04-01", "end_date": ""},
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title, campaign.end_date) == ("城乡环境大整洁行动", None)


def test_staff_tick_participants_of_one_township_and_leave_the_others(
    login, staff, campaign, deputy_row, neighbour, townships
):
    newcomer = DeputyFactory(name="李红梅", township=townships["吉昌镇"])
    url = reverse("deputies:campaign_participants", args=[campaign.pk])
    client = login(staff)
    page = client.get(url, {"township": townships["吉昌镇"].pk})
    assert {d.name for d in page.context["candidates"]} == {"张志强", "李红梅"}
    response = client.post(
        f"{url}?township={townships['吉昌镇'].pk}",
        {"shown": [deputy_row.pk, newcomer.pk], "participants": [newcomer.pk]},
    )
    assert response.status_code == 302
    assert set(campaign.participants.all()) == {newcomer, neighbour}
    assert campaign.history.count() >= 2  # the participants' change is in the campaign's history


def test_a_participant_with_entries_cannot_be_taken_off(
    login, staff, campaign, deputy_row, neighbour, own_entry
):
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_participants", args=[campaign.pk]),
            {"shown": [deputy_row.pk, neighbour.pk], "participants": []},
        )
        assert response.status_code == 200
        [message] = response.context["form"].non_field_errors()
        assert message.startswith("张志强 already recorded entries in this campaign")
    assert set(campaign.participants.all()) == {deputy_row, neighbour}


def test_the_participants_page_searches_by_initials(login, staff, campaign, neighbour):
    response = login(staff).get(reverse("deputies:campaign_participants", args=[campaign.pk]), {"q": "wjg"})
    assert [d.name for d in response.context["candidates"]] == ["王建国"]
    assert response.context["candidates"][0].taking_part is True


# --- entries -------------------------------------------------------------------------------------------


def test_staff_add_an_entry_for_a_participant_with_a_photo(login, staff, campaign, neighbour):
    photo = SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")
    response = login(staff).post(
        reverse("deputies:campaign_entry_create", args=[campaign.pk]),
        _entry_post(deputy=neighbour.pk, photo=photo),
    )
    assert response.status_code == 302
    entry = CampaignEntry.objects.get()
    assert (entry.deputy, entry.recorded_by, entry.date) == (neighbour, staff, date(2025, 5, 20))
    assert entry.photo.name.startswith(f"campaigns/{campaign.pk}/") and entry.photo.name.endswith(".png")
    served = login(staff).get(reverse("deputies:campaign_photo", args=[entry.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png_bytes()


def test_staff_can_only_choose_participants(login, staff, campaign, townships):
    outsider = DeputyFactory(name="赵敏", township=townships["车城乡"])
    response = login(staff).post(
        reverse("deputies:campaign_entry_create", args=[campaign.pk]), _entry_post(deputy=outsider.pk)
    )
    assert response.status_code == 200
    assert "deputy" in response.context["form"].errors
    assert not CampaignEntry.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2025-03-31", "The campaign starts on"),
        ("2025-10-01", "The campaign ended on"),
    ],
)
def test_the_date_must_lie_in_the_campaign_period(login, staff, campaign, neighbour, day, message):
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_entry_create", args=[campaign.pk]),
            _entry_post(deputy=neighbour.pk, date=day),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["date"][0].startswith(message)
    assert not CampaignEntry.objects.exists()


def test_an_entry_cannot_be_dated_in_the_future(login, staff, neighbour):
    running = CampaignFactory(start_date=date(2026, 1, 1), end_date=None, participants=[neighbour])
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_entry_create", args=[running.pk]),
            _entry_post(deputy=neighbour.pk, date="2026-12-01"),
        )
        assert response.context["form"].errors["date"] == [str(svc.ENTRY_IN_FUTURE)]
    ok = login(staff).post(
        reverse("deputies:campaign_entry_create", args=[running.pk]),
        _entry_post(deputy=neighbour.pk, date="2026-11-30"),
    )
    assert ok.status_code == 302


def test_the_text_is_required(login, staff, campaign, neighbour):
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_entry_create", args=[campaign.pk]),
            _entry_post(deputy=neighbour.pk, text="   "),
        )
        assert response.context["form"].errors["text"] == [str(TEXT_REQUIRED)]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("现场.jpg", b"%PDF-1.4 not a picture", "is not really a JPEG picture"),
        ("现场.png", jpeg_bytes(), "is not really a PNG picture"),
        ("现场.heic", b"\x00\x00\x00\x18ftypheic", "is not a JPEG or PNG picture"),
        ("现场.jpg", b"\xff\xd8\xff\xe0 broken jpeg", "cannot be read"),
    ],
)
def test_a_photo_is_checked_by_its_content(login, staff, campaign, neighbour, name, content, message):
    photo = SimpleUploadedFile(name, content, content_type="image/jpeg")
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_entry_create", args=[campaign.pk]),
            _entry_post(deputy=neighbour.pk, photo=photo),
        )
        assert response.status_code == 200
        assert message in response.context["form"].errors["photo"][0]
    assert not CampaignEntry.objects.exists()


def test_an_empty_photo_is_refused_by_the_service(campaign, neighbour, staff):
    empty = SimpleUploadedFile("现场.jpg", b"", content_type="image/jpeg")
    with pytest.raises(svc.ValidationError) as exc:
        svc.campaign_entry_create(
            campaign=campaign,
            deputy=neighbour,
            date=date(2025, 5, 1),
            text="x",
            photo=empty,
            by=staff,
            today=TODAY,
        )
    assert exc.value.error_dict["photo"][0].code == "empty"


def test_a_photo_larger_than_5_mb_is_refused(monkeypatch, login, staff, campaign, neighbour):
    monkeypatch.setattr(svc, "PHOTO_MAX_BYTES", 100)
    photo = SimpleUploadedFile("现场.png", png_bytes((64, 64)), content_type="image/png")
    assert photo.size > 100
    with translation.override("en"):
        response = login(staff).post(
            reverse("deputies:campaign_entry_create", args=[campaign.pk]),
            _entry_post(deputy=neighbour.pk, photo=photo),
        )
        assert "is larger than 5 MB" in response.context["form"].errors["photo"][0]
    assert not CampaignEntry.objects.exists()


def test_the_limit_is_five_mebibytes():
    assert svc.PHOTO_MAX_BYTES == 5 * 1024 * 1024


def test_a_deputy_records_their_own_entry_with_a_photo(login, deputy, deputy_row, campaign, neighbour):
    client = login(deputy)
    form_page = client.get(reverse("deputies:campaign_entry_create", args=[campaign.pk]))
    assert "deputy" not in form_page.context["form"].fields
    photo = SimpleUploadedFile("IMG_0001.JPG", jpeg_bytes(), content_type="image/jpeg")
    # A deputy field smuggled into the post is ignored: the entry is the deputy's own.
    response = client.post(
        reverse("deputies:campaign_entry_create", args=[campaign.pk]),
        _entry_post(deputy=neighbour.pk, photo=photo),
    )
    assert response.status_code == 302
    assert response.url == campaign.get_absolute_url()
    entry = CampaignEntry.objects.get()
    assert (entry.deputy, entry.recorded_by) == (deputy_row, deputy)
    assert entry.photo.name.endswith(".jpg")


def test_a_deputy_edits_only_their_own_entries(login, deputy, campaign, own_entry, neighbours_entry):
    client = login(deputy)
    page = client.get(campaign.get_absolute_url())
    editable = {e.pk: e.editable for e in page.context["page_obj"]}
    assert editable == {own_entry.pk: True, neighbours_entry.pk: False}
    assert (
        client.get(reverse("deputies:campaign_entry_update", args=[neighbours_entry.pk])).status_code == 404
    )
    assert (
        client.post(reverse("deputies:campaign_entry_delete", args=[neighbours_entry.pk])).status_code == 404
    )
    response = client.post(
        reverse("deputies:campaign_entry_update", args=[own_entry.pk]),
        {"date": "2025-05-04", "text": "改正后的记录。"},
    )
    assert response.status_code == 302
    own_entry.refresh_from_db()
    assert (own_entry.date, own_entry.text) == (date(2025, 5, 4), "改正后的记录。")


@pytest.fixture
def photo_entry(campaign, neighbour, staff):
    """The neighbour's entry with a PNG photo, recorded by staff through the service."""
    return svc.campaign_entry_create(
        campaign=campaign,
        deputy=neighbour,
        date=date(2025, 5, 1),
        text="清理垃圾。",
        photo=SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
        by=staff,
        today=TODAY,
    )


def test_a_deputy_sees_photos_of_their_campaigns_only(login, deputy2, deputy2_row, photo_entry):
    assert login(deputy2).get(reverse("deputies:campaign_photo", args=[photo_entry.pk])).status_code == 404


def test_replacing_and_removing_a_photo_deletes_the_old_file(
    login, staff, photo_entry, media, django_capture_on_commit_callbacks
):
    entry = photo_entry
    first = media / entry.photo.name
    assert first.exists()
    client = login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("deputies:campaign_entry_update", args=[entry.pk]),
            {"date": "2025-05-01", "text": "清理垃圾。", "photo": SimpleUploadedFile("b.jpg", jpeg_bytes())},
        )
    entry.refresh_from_db()
    assert not first.exists() and entry.photo.name.endswith(".jpg")
    second = media / entry.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("deputies:campaign_entry_update", args=[entry.pk]),
            {"date": "2025-05-01", "text": "清理垃圾。", "remove_photo": "on"},
        )
    entry.refresh_from_db()
    assert not entry.photo and not second.exists()


def test_deleting_an_entry_deletes_its_photo(
    login, staff, photo_entry, media, django_capture_on_commit_callbacks
):
    entry = photo_entry
    path = media / entry.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = login(staff).post(reverse("deputies:campaign_entry_delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not CampaignEntry.objects.exists() and not path.exists()


def test_deleting_needs_a_post(login, staff, own_entry):
    assert login(staff).get(reverse("deputies:campaign_entry_delete", args=[own_entry.pk])).status_code == 405


def test_the_detail_filters_entries_by_deputy(login, staff, campaign, neighbour, own_entry, neighbours_entry):
    response = login(staff).get(campaign.get_absolute_url(), {"deputy": neighbour.pk})
    assert response.context["chosen"] == neighbour
    assert [e.pk for e in response.context["page_obj"]] == [neighbours_entry.pk]
    counts = {d.name: d.entry_count for d in response.context["participants"]}
    assert counts == {"张志强": 1, "王建国": 1}


def test_the_detail_page_has_a_constant_number_of_queries(login, staff, campaign, townships):
    client = login(staff)

    def fill(n):
        for _ in range(n):
            deputy = DeputyFactory(township=townships["车城乡"])
            campaign.participants.add(deputy)
            CampaignEntryFactory(campaign=campaign, deputy=deputy, recorded_by=staff, photo="campaigns/x.png")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(campaign.get_absolute_url()).status_code == 200
        return len(ctx)

    fill(2)
    queries()  # the session and the permission caches
    small = queries()
    fill(30)
    assert queries() == small
