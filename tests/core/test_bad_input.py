"""What a query string or a body can hold that no form checks: NUL and other control characters,
numbers and years out of range, ids that are not numbers, lists of ids. Each page read such a value
straight from the request; it now answers with the page without that filter, or a translated message,
never a 500 (renda.core.params). NUL shows only on PostgreSQL: run these there too."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from deputies.models import Level
from liaison.models import Reception
from meetings.models import Meeting, Minutes
from proposals.models import State
from renda.core import params
from renda.core.models import Transition
from renda.core.views import SELECTION_UNREADABLE
from tests.deputies.factories import CampaignFactory, DeputyFactory, TrainingFactory
from tests.factories import NotificationFactory, TownshipFactory
from tests.liaison.factories import ReceptionFactory, StationFactory
from tests.meetings.factories import MeetingFactory
from tests.proposals.factories import SuggestionFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"
HUGE = "99999999999999999999"
SUPERSCRIPT = "²"  # str.isdigit() says yes, int() says no
THIS_YEAR = timezone.localdate().year
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def objects(db):
    """One of each object the pages below open, as ids for their URLs."""
    township = TownshipFactory()
    deputy = DeputyFactory(township=township, levels=[Level.COUNTY])
    campaign = CampaignFactory(participants=[deputy])
    meeting = MeetingFactory(state=Meeting.State.HELD)
    return {
        "campaign": campaign.pk,
        "training": TrainingFactory(attendees=[deputy]).pk,
        "deputy": deputy.pk,
        "suggestion": SuggestionFactory(lead_deputy=deputy, state=State.UNDER_REVIEW).pk,
        "meeting": meeting.pk,
        "station": StationFactory(township=township).pk,
    }


def _shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the reads found answering 500 on PostgreSQL ------------------------------------------------------


@pytest.mark.parametrize("q", [NUL, f"农{NUL}村", f"{NUL}\x01\x7f道路\x9f"])
def test_the_public_search_strips_nul_and_searches_the_rest(client, q):
    response = client.get("/public/search/", {"q": q})
    assert response.status_code == 200
    assert NUL not in response.context["q"]
    assert response.context["q"] == re.sub(r"[\x00-\x1f\x7f-\x9f]", "", q)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/proposals/review/", "current"),
        ("/proposals/assign/", "current"),
        ("/deputies/campaigns/", None),
    ],
)
def test_staff_search_boxes_strip_nul(client, staff, path, name):
    client.force_login(staff)
    response = client.get(path, {"q": f"建{NUL}议"})
    assert response.status_code == 200
    q = response.context[name]["q"] if name else response.context["q"]
    assert q == "建议"


def test_marking_notifications_read_with_an_id_that_is_not_one_says_so_and_marks_none(client, staff):
    unread = NotificationFactory(recipient=staff)
    client.force_login(staff)
    response = client.post("/core/notifications/read/", {"id": "x"})
    assert response.status_code == 302
    with translation.override("zh-hans"):
        expected = str(SELECTION_UNREADABLE)
    assert _shown(response) == [expected]
    assert CHINESE.search(expected), "the message is not in the Chinese catalog"
    unread.refresh_from_db()
    assert unread.read_at is None


@pytest.mark.parametrize(
    "ids", [["1", "x"], [HUGE], ["-1"], [SUPERSCRIPT], [NUL], ["1"] * (params.IDS_MAX + 1)]
)
def test_marking_read_refuses_a_list_of_ids_with_any_bad_one(client, staff, ids):
    unread = NotificationFactory(recipient=staff)
    client.force_login(staff)
    response = client.post("/core/notifications/read/", {"id": [*ids, str(unread.pk)]})
    assert response.status_code == 302
    unread.refresh_from_db()
    assert unread.read_at is None


def test_marking_read_by_good_ids_marks_those(client, staff):
    first, second = NotificationFactory(recipient=staff), NotificationFactory(recipient=staff)
    client.force_login(staff)
    client.post("/core/notifications/read/", {"id": [str(first.pk)]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None
    assert second.read_at is None


@pytest.mark.parametrize("year", ["-1", HUGE, "0", "1948", "2101", SUPERSCRIPT, NUL, "x"])
def test_the_correspondent_ranking_shows_this_year_for_a_year_out_of_range(client, staff, year):
    client.force_login(staff)
    response = client.get("/publicity/ranking/", {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == THIS_YEAR
    assert client.get("/publicity/ranking/export.xlsx", {"year": year}).status_code == 200


@pytest.mark.parametrize("year", ["-1", HUGE, SUPERSCRIPT, NUL])
def test_the_scorecards_show_a_year_they_can_for_a_year_out_of_range(client, staff, year):
    client.force_login(staff)
    response = client.get("/proposals/scorecards/", {"year": year})
    assert response.status_code == 200
    assert params.is_year(response.context["year"])


# --- the other reads of the query string and the body ----------------------------------------------


BAD_QUERIES = [
    ("staff", "/deputies/", {"q": NUL}),
    ("staff", "/deputies/accounts/", {"township": SUPERSCRIPT}),
    ("staff", "/deputies/accounts/", {"township": HUGE}),
    ("staff", "/deputies/trainings/coverage/", {"term": SUPERSCRIPT, "township": SUPERSCRIPT}),
    ("staff", "/deputies/trainings/coverage/", {"term": HUGE, "township": "-1"}),
    ("staff", "/deputies/trainings/{training}/attendance/", {"q": NUL, "township": SUPERSCRIPT}),
    ("staff", "/deputies/campaigns/", {"year": SUPERSCRIPT}),
    ("staff", "/deputies/campaigns/", {"year": HUGE}),
    ("staff", "/deputies/campaigns/{campaign}/", {"deputy": SUPERSCRIPT}),
    ("staff", "/deputies/campaigns/{campaign}/", {"deputy": HUGE}),
    ("staff", "/deputies/campaigns/{campaign}/participants/", {"q": NUL, "township": SUPERSCRIPT}),
    ("staff", "/deputies/campaigns/{campaign}/entries/new/", {"deputy": SUPERSCRIPT}),
    ("staff", "/deputies/{deputy}/record/", {"year": SUPERSCRIPT}),
    ("staff", "/deputies/{deputy}/record/", {"year": "-1"}),
    ("staff", "/deputies/{deputy}/record.xlsx", {"year": SUPERSCRIPT}),
    ("staff", "/proposals/", {"q": SUPERSCRIPT}),
    ("staff", "/proposals/", {"q": NUL, "deputy": NUL}),
    ("staff", "/proposals/export.xlsx", {"q": SUPERSCRIPT}),
    ("staff", "/proposals/print/", {"q": SUPERSCRIPT}),
    ("staff", "/proposals/review/", {"session": SUPERSCRIPT, "category": NUL, "state": NUL}),
    ("staff", "/proposals/review/", {"session": HUGE, "category": "x"}),
    ("staff", "/proposals/assign/", {"session": SUPERSCRIPT, "category": NUL}),
    ("staff", "/proposals/{suggestion}/merge/", {"q": SUPERSCRIPT}),
    ("staff", "/proposals/{suggestion}/merge/", {"q": NUL}),
    ("staff", "/proposals/{suggestion}/merge/", {"q": HUGE}),
    ("unit_user", "/proposals/unit/", {"show": NUL}),
    ("director", "/proposals/approvals/", {"kind": NUL}),
    ("staff", "/liaison/points/new/", {"station": SUPERSCRIPT}),
    ("staff", "/liaison/points/new/", {"station": NUL}),
    ("staff", "/liaison/receptions/new/", {"station": SUPERSCRIPT}),
    ("staff", "/liaison/receptions/new/", {"station": "x"}),
    ("staff", "/liaison/assignments/new/", {"station": SUPERSCRIPT}),
    ("staff", "/supervision/", {"year": SUPERSCRIPT}),
    ("staff", "/supervision/", {"year": HUGE}),
    ("unit_user", "/supervision/unit/", {"show": NUL}),
    ("staff", "/publicity/", {"q": NUL}),
    ("staff", "/publicity/publications/", {"q": NUL, "outlet": NUL}),
    ("staff", "/meetings/new/", {"kind": NUL}),
    ("staff", "/meetings/{meeting}/decisions/new/", {"item": SUPERSCRIPT}),
    ("staff", "/meetings/{meeting}/decisions/new/", {"item": HUGE}),
    ("staff", "/meetings/decisions/", {"q": NUL}),
    ("unit_user", "/meetings/tasks/", {"show": NUL}),
    ("staff", "/meetings/appointments/", {"person": NUL}),
    ("staff", "/meetings/guidance/", {"year": HUGE}),
    ("staff", "/meetings/guidance/", {"year": SUPERSCRIPT}),
    ("staff", "/meetings/guidance/cadres/new/", {"township": SUPERSCRIPT}),
    ("staff", "/meetings/guidance/visits/new/", {"kind": NUL, "township": SUPERSCRIPT}),
    (None, "/public/periodicals/", {"year": HUGE}),
    (None, "/public/periodicals/", {"year": SUPERSCRIPT}),
    (None, "/public/search/", {"q": "道路", "kind": NUL}),
    (None, "/public/deputies/", {"q": f"代{NUL}表"}),
    (None, "/public/results/", {"q": NUL}),
]


@pytest.mark.parametrize(("role", "path", "query"), BAD_QUERIES)
def test_a_bad_query_string_shows_the_page_without_that_filter(client, users, objects, role, path, query):
    if role:
        client.force_login(users[role])
    response = client.get(path.format(**objects), query)
    assert response.status_code == 200


@pytest.mark.parametrize("q", [f"代{NUL}表", "\x01代表\x1f"])
def test_a_search_field_of_a_form_strips_nul_rather_than_refusing_the_search(client, q):
    response = client.get("/public/deputies/", {"q": q})
    assert response.status_code == 200
    assert response.context["form"].is_valid()
    assert response.context["form"].cleaned_data["q"] == "代表"


@pytest.mark.parametrize("into", [SUPERSCRIPT, HUGE, NUL, "x"])
def test_merging_into_an_id_that_is_not_one_shows_the_form_again(client, staff, objects, into):
    client.force_login(staff)
    response = client.post(f"/proposals/{objects['suggestion']}/merge/", {"into": into})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("ticked", [["x"], [SUPERSCRIPT], [HUGE], [NUL]])
def test_batch_assigning_ids_that_are_not_ones_shows_the_form_again(client, staff, objects, ticked):
    client.force_login(staff)
    response = client.post("/proposals/assign/", {"suggestions": ticked})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["ticked"] == set()


@pytest.mark.parametrize(
    "target", [f"/proposals/{NUL}/", "/proposals/\r\nSet-Cookie:x", "https://example.com/"]
)
def test_a_next_url_with_control_characters_or_off_site_is_not_followed(client, staff, target):
    suggestion = SuggestionFactory(filed_by=staff, state=State.SUBMITTED)
    client.force_login(staff)
    response = client.post(f"/proposals/{suggestion.pk}/withdraw/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:mine")


def test_a_next_url_of_this_site_is_followed():
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    assert params.next_url(request, {"next": "/proposals/1/"}, default="/x/") == "/proposals/1/"


def test_a_note_posted_with_a_cancellation_is_stored_without_nul(client, staff):
    reception = ReceptionFactory(state=Reception.State.PLANNED)
    client.force_login(staff)
    response = client.post(f"/liaison/receptions/{reception.pk}/cancel/", {"note": f"天气{NUL}原因\n改期"})
    assert response.status_code == 302
    reception.refresh_from_db()
    assert reception.state == Reception.State.CANCELLED
    assert Transition.objects.filter(object_id=reception.pk, action="cancel").get().note == "天气原因\n改期"


def test_a_note_posted_with_a_minutes_move_is_stored_without_nul(client, director, staff):
    meeting = MeetingFactory(state=Meeting.State.HELD)
    minutes = Minutes.objects.create(meeting=meeting, body="纪要", drafted_by=staff)
    client.force_login(director)
    response = client.post(f"/meetings/{meeting.pk}/minutes/approve/", {"note": f"同意{NUL}"})
    assert response.status_code == 302
    assert Transition.objects.filter(object_id=minutes.pk, action="approve").get().note == "同意"


# --- the readers themselves ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("+3", 3),
        (7, 7),
        ("-1", None),
        ("0", None),
        (SUPERSCRIPT, None),
        ("١٢", None),
        ("1_000", None),
        ("1e5", None),
        (HUGE, None),
        ("9" * 5000, None),
        (NUL, None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_parse_int_reads_ascii_digits_within_the_bounds_only(value, expected):
    assert params.parse_int(value, low=1, high=params.ID_MAX) == expected


def test_a_year_is_one_a_record_can_bear():
    from django.http import QueryDict

    assert params.year(QueryDict("year=2026")) == 2026
    assert params.year(QueryDict("year=1948")) is None
    assert params.year(QueryDict("year=2101")) is None
    assert params.year(QueryDict("year=-1"), default=2026) == 2026


def test_search_terms_drop_control_characters_and_make_one_line():
    assert params.search_terms(" 农村\x00道路\t\n 建设\x9f ") == "农村道路 建设"
    assert params.search_terms("长" * 300, max_length=50) == "长" * 50
    assert params.clean_text("第一行\n第二行\x00") == "第一行\n第二行"


# --- the bodies found answering 500 by tests/core/test_fuzz_forms.py -----------------------------------


@pytest.mark.parametrize("target", [SUPERSCRIPT, "-1", HUGE, "x"])
def test_a_next_that_is_not_a_path_is_not_followed(client, staff, target):
    # redirect() reads a word without a slash as the name of a URL pattern: NoReverseMatch, a 500.
    suggestion = SuggestionFactory(filed_by=staff, state=State.SUBMITTED)
    client.force_login(staff)
    response = client.post(f"/proposals/{suggestion.pk}/withdraw/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:mine")
