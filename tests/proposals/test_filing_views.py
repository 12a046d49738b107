"""The deputy's pages: "my suggestions", the filing form, submit, withdraw, co-signing, attaching, and
staff filing on a deputy's behalf. Who may open what, bad input at the field, and the happy paths."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deputies.models import Deputy
from proposals import filing
from proposals.locking import CONFLICT
from proposals.models import Attachment, Cosignature, State, Suggestion
from proposals.views.filing import DRAFT_SAVED, SUBMITTED
from renda.core.models import Notification
from renda.core.versions import version_of
from tests.proposals.factories import SuggestionFactory
from tests.proposals.filing_helpers import PDF, PNG, TEXT, county_deputy, files_in, message, pdf, upload

pytestmark = pytest.mark.django_db

CONTENT = "建议在屯里镇中心小学门前增设减速带和交通标志，保障学生上下学安全。"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def my_draft(me, other):
    return filing.suggestion_create(
        lead_deputy=me,
        title="关于学校门前道路安全的建议",
        content=CONTENT,
        category="education",
        session=None,
        cosigners=[other],
        by=me.user,
    )


@pytest.fixture
def invitation(my_draft, me):
    """My draft, submitted: `other` is invited to co-sign."""
    filing.suggestion_submit(suggestion=my_draft, by=me.user)
    my_draft.refresh_from_db()
    return my_draft


def form_data(**overrides):
    data = {"title": "关于学校门前道路安全的建议", "content": CONTENT, "category": "education", "session": ""}
    data.update(overrides)
    return data


def field_errors(response, field):
    return list(response.context["form"].errors.get(field, []))


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Who may open what ----------------------------------------------------------------------------------


def _url(name, suggestion=None):
    return reverse(f"proposals:{name}", args=[suggestion.pk] if suggestion else [])


GETS = [
    # (url name, needs the draft, {role: status})
    ("mine", False, {"deputy": 200, "staff": 403, "unit_user": 403, "director": 403}),
    ("create", False, {"deputy": 200, "staff": 403, "unit_user": 403, "director": 403}),
    # A deputy's own draft stays theirs: staff change only what they filed for a deputy.
    ("edit", True, {"deputy": 200, "staff": 404, "deputy2": 404, "unit_user": 403, "director": 403}),
    ("file_for_deputy", False, {"staff": 200, "deputy": 403, "unit_user": 403, "director": 403}),
]


@pytest.mark.parametrize(("name", "needs_draft", "expected"), GETS, ids=[g[0] for g in GETS])
def test_who_may_open_each_page(client, login, users, my_draft, name, needs_draft, expected):
    url = _url(name, my_draft if needs_draft else None)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    for role, status in expected.items():
        assert login(users[role]).get(url).status_code == status, role


POSTS = [
    ("submit", {"deputy": 302, "staff": 404, "deputy2": 404, "unit_user": 403, "director": 403}),
    ("withdraw", {"deputy": 302, "deputy2": 404, "unit_user": 403, "director": 403}),
    ("attach", {"deputy": 200, "deputy2": 404, "unit_user": 403, "director": 403}),
]


@pytest.mark.parametrize(("name", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_who_may_post_each_action(client, login, users, my_draft, name, expected):
    url = _url(name, my_draft)
    assert client.post(url).status_code == 302
    assert client.post(url)["Location"].startswith(reverse("accounts:login"))
    for role, status in expected.items():
        assert login(users[role]).post(url).status_code == status, role
    assert login(users["deputy"]).get(url).status_code == 405


def test_who_may_open_an_invitation(client, login, users, invitation):
    url = _url("cosign", invitation)
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    assert login(users["deputy2"]).get(url).status_code == 200  # invited
    assert login(users["deputy"]).get(url).status_code == 404  # the lead, not invited
    assert login(users["staff"]).get(url).status_code == 403
    assert login(users["unit_user"]).get(url).status_code == 403


def test_an_account_not_linked_to_a_deputy_is_told_so(login, deputy, term):
    response = login(deputy).get(_url("mine"))
    assert response.status_code == 403
    assert "proposals/filing_unlinked.html" in [t.name for t in response.templates]
    assert login(deputy).get(_url("create")).status_code == 403


def test_another_deputys_draft_answers_404_everywhere(login, other, my_draft):
    client = login(other.user)
    for name in ("edit", "submit", "withdraw", "attach"):
        method = client.get if name == "edit" else client.post
        assert method(_url(name, my_draft)).status_code == 404, name
    my_draft.refresh_from_db()
    assert my_draft.state == State.DRAFT


# Filing ---------------------------------------------------------------------------------------------


def test_a_deputy_saves_a_draft_then_submits_it(login, me, other, staff, media):
    client = login(me.user)
    response = client.post(
        _url("create"),
        {**form_data(cosigners=[other.pk], action="draft"), "attachments": [pdf("现场照片说明.pdf")]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("mine")
    assert messages_of(response) == [message(DRAFT_SAVED)]
    suggestion = Suggestion.objects.get()
    assert (suggestion.state, suggestion.lead_deputy, suggestion.filed_by) == (State.DRAFT, me, me.user)
    assert suggestion.attachments.get().name == "现场照片说明.pdf"
    assert list(suggestion.cosigners.all()) == [other]

    page = client.get(_url("edit", suggestion))
    assert page.context["form"]["title"].value() == suggestion.title
    response = client.post(
        _url("edit", suggestion),
        {
            **form_data(cosigners=[other.pk], action="submit"),
            "version": page.context["form"]["version"].value(),
        },
        follow=True,
    )
    assert messages_of(response) == [message(SUBMITTED)]
    suggestion.refresh_from_db()
    assert suggestion.state == State.SUBMITTED
    assert Notification.objects.filter(
        recipient=staff, key=f"suggestion:{suggestion.pk}:submitted:1"
    ).exists()
    assert Notification.objects.filter(
        recipient=other.user, key=f"suggestion:{suggestion.pk}:cosign:{other.pk}"
    ).exists()


def test_a_deputy_submits_at_once(login, me):
    response = login(me.user).post(_url("create"), form_data(action="submit"))
    assert response.status_code == 302
    assert Suggestion.objects.get().state == State.SUBMITTED


def test_line_breaks_count_once_as_in_the_browser(login, me):
    text = ("字" * 499 + "\r\n") * 10  # 5,000 characters once line breaks are one each
    response = login(me.user).post(_url("create"), form_data(content=text, action="draft"))
    assert response.status_code == 302
    assert len(Suggestion.objects.get().content) == 4999  # the last line break is trimmed


@pytest.mark.parametrize(
    ("overrides", "field", "expected"),
    [
        ({"title": ""}, "title", lambda: message(filing.TITLE_REQUIRED)),
        (
            {"title": "题" * 101},
            "title",
            lambda: message(filing.TITLE_TOO_LONG, limit_value=100, show_value=101),
        ),
        ({"content": " "}, "content", lambda: message(filing.CONTENT_REQUIRED)),
        (
            {"content": "字" * 5001},
            "content",
            lambda: message(filing.CONTENT_TOO_LONG, limit_value=5000, show_value=5001),
        ),
        ({"category": ""}, "category", lambda: message(filing.CATEGORY_REQUIRED)),
    ],
    ids=["empty title", "long title", "empty content", "long content", "no category"],
)
def test_bad_text_is_refused_at_the_field_and_nothing_is_saved(login, me, media, overrides, field, expected):
    response = login(me.user).post(
        _url("create"), {**form_data(**overrides, action="submit"), "attachments": [pdf()]}
    )
    assert response.status_code == 200
    assert field_errors(response, field) == [expected()]
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(media) == []


def test_a_cosigner_no_longer_in_office_is_refused_at_the_field(login, me, term, media):
    gone = county_deputy(term, name="已辞职代表", status=Deputy.Status.RESIGNED, status_date=date(2026, 3, 1))
    response = login(me.user).post(_url("create"), form_data(cosigners=[gone.pk], action="submit"))
    assert field_errors(response, "cosigners") == [message(filing.COSIGNER_NOT_ELIGIBLE, name="已辞职代表")]
    assert not Suggestion.objects.exists()
    assert not Cosignature.objects.exists()


def test_the_lead_as_cosigner_is_refused_at_the_field(login, me):
    response = login(me.user).post(_url("create"), form_data(cosigners=[me.pk], action="submit"))
    assert field_errors(response, "cosigners") == [message(filing.COSIGNER_IS_LEAD)]
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("调研报告.pdf", PNG, lambda: message(filing.FILE_NOT_WHAT_IT_SAYS, name="调研报告.pdf", kind="PDF")),
        (
            "调研报告.pdf",
            TEXT,
            lambda: message(filing.FILE_NOT_WHAT_IT_SAYS, name="调研报告.pdf", kind="PDF"),
        ),
        (
            "扫描件.pdf",
            PDF + b"0" * filing.UPLOAD_MAX_BYTES,
            lambda: message(filing.FILE_TOO_BIG, name="扫描件.pdf", limit=10),
        ),
    ],
    ids=["png named pdf", "text named pdf", "too big"],
)
def test_a_bad_file_is_refused_at_the_field_and_nothing_is_saved(login, me, media, name, content, expected):
    response = login(me.user).post(
        _url("create"), {**form_data(action="draft"), "attachments": [pdf("好的.pdf"), upload(name, content)]}
    )
    assert response.status_code == 200
    assert field_errors(response, "attachments") == [expected()]
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()
    assert files_in(media) == []


def test_the_session_held_today_is_preselected(login, me, term):
    from tests.factories import SessionFactory

    session = SessionFactory(
        term=term, number=6, name="第六次会议", start_date=date(2026, 2, 10), end_date=date(2026, 2, 12)
    )
    import time_machine

    with time_machine.travel(date(2026, 2, 11)):
        response = login(me.user).get(_url("create"))
    assert response.context["form"]["session"].value() == session.pk


# Changing, returned, withdrawn ----------------------------------------------------------------------


def test_a_returned_suggestion_shows_the_note_and_is_submitted_again(login, me, term):
    suggestion = SuggestionFactory(
        lead_deputy=me,
        term=term,
        filed_by=me.user,
        state=State.RETURNED,
        review_note="请补充具体路段和受益人数。",
    )
    client = login(me.user)
    page = client.get(_url("edit", suggestion))
    assert "请补充具体路段和受益人数。" in page.content.decode()
    response = client.post(
        _url("edit", suggestion),
        {
            **form_data(content=CONTENT + "受益学生约八百人。", action="submit"),
            "version": page.context["form"]["version"].value(),
        },
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.state == State.SUBMITTED
    assert "八百人" in suggestion.content


def test_a_stale_form_is_told_the_suggestion_changed(login, me, my_draft):
    client = login(me.user)
    page = client.get(_url("edit", my_draft))
    filing.suggestion_update(suggestion=my_draft, by=me.user, title="别处先改了")
    response = client.post(
        _url("edit", my_draft),
        {**form_data(action="draft"), "version": page.context["form"]["version"].value()},
        follow=True,
    )
    assert messages_of(response) == [message(CONFLICT)]
    my_draft.refresh_from_db()
    assert my_draft.title == "别处先改了"


def test_a_submitted_suggestion_is_no_longer_edited(login, me, invitation):
    response = login(me.user).get(_url("edit", invitation))
    assert response.status_code == 302
    assert response["Location"] == invitation.get_absolute_url()


def test_withdrawing_from_the_list(login, me, invitation):
    response = login(me.user).post(_url("withdraw", invitation), {"version": version_of(invitation)})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == State.WITHDRAWN


def test_the_list_posts_the_version_it_showed_and_a_stale_one_is_refused(login, me, my_draft):
    client = login(me.user)
    cards = client.get(_url("mine")).context["page_obj"]
    shown = next(item.version for item in cards if item.pk == my_draft.pk)
    assert shown == version_of(my_draft)
    filing.suggestion_update(suggestion=my_draft, by=me.user, title="别处先改了")
    response = client.post(_url("submit", my_draft), {"version": shown}, follow=True)
    assert messages_of(response) == [message(CONFLICT)]
    my_draft.refresh_from_db()
    assert my_draft.state == State.DRAFT
    response = client.post(_url("submit", my_draft), {"version": version_of(my_draft)})
    assert response.status_code == 302
    my_draft.refresh_from_db()
    assert my_draft.state == State.SUBMITTED


def test_withdrawing_from_a_stale_edit_page_is_refused_with_a_message(login, me, my_draft):
    client = login(me.user)
    shown = client.get(_url("edit", my_draft)).context["version"]  # the page's withdraw button
    assert shown == version_of(my_draft)
    filing.suggestion_update(suggestion=my_draft, by=me.user, title="别处先改了")
    response = client.post(_url("withdraw", my_draft), {"version": shown}, follow=True)
    assert messages_of(response) == [message(CONFLICT)]
    my_draft.refresh_from_db()
    assert my_draft.state == State.DRAFT


def test_submitting_a_submitted_suggestion_is_refused_with_a_message(login, me, invitation):
    response = login(me.user).post(_url("submit", invitation), follow=True)
    assert len(messages_of(response)) == 1
    invitation.refresh_from_db()
    assert invitation.state == State.SUBMITTED


def test_attaching_more_files_to_a_draft(login, me, my_draft, media):
    client = login(me.user)
    response = client.post(_url("attach", my_draft), {"attachments": [upload("照片.png", PNG)]})
    assert response.status_code == 302
    assert my_draft.attachments.get().content_type == "image/png"
    response = client.post(_url("attach", my_draft), {"attachments": [upload("照片.pdf", PNG)]})
    assert response.status_code == 200
    assert field_errors(response, "attachments") == [
        message(filing.FILE_NOT_WHAT_IT_SAYS, name="照片.pdf", kind="PDF")
    ]
    assert my_draft.attachments.count() == 1
    assert len(files_in(media)) == 1


# Co-signing -----------------------------------------------------------------------------------------


def test_a_cosigner_confirms_from_the_invitation_page(login, other, invitation):
    client = login(other.user)
    page = client.get(_url("cosign", invitation))
    assert page.context["open"] is True
    response = client.post(_url("cosign", invitation), {"answer": "confirm"})
    assert response["Location"] == _url("mine")
    assert Cosignature.objects.get().state == Cosignature.State.CONFIRMED


def test_a_cosigner_declines_from_my_suggestions(login, other, invitation):
    client = login(other.user)
    mine = client.get(_url("mine"))
    assert [i.suggestion for i in mine.context["invitations"]] == [invitation]
    response = client.post(_url("cosign", invitation), {"answer": "decline", "next": _url("mine")})
    assert response["Location"] == _url("mine")
    assert Cosignature.objects.get().state == Cosignature.State.DECLINED
    assert client.get(_url("mine")).context["invitations"] == []


def test_a_next_address_elsewhere_is_ignored(login, other, invitation):
    response = login(other.user).post(
        _url("cosign", invitation), {"answer": "confirm", "next": "https://example.com/"}
    )
    assert response["Location"] == _url("mine")


# My suggestions -------------------------------------------------------------------------------------


def test_drafts_come_first_and_a_replied_one_offers_its_rating(login, me, term):
    replied = SuggestionFactory(lead_deputy=me, term=term, assigned=True, title="已答复的建议")
    Suggestion.objects.filter(pk=replied.pk).update(state=State.REPLIED, outcome="B")
    SuggestionFactory(lead_deputy=me, term=term, title="已提交的建议")
    SuggestionFactory(lead_deputy=me, term=term, state=State.DRAFT, title="草稿建议")
    response = login(me.user).get(_url("mine"))
    titles = [s.title for s in response.context["page_obj"]]
    assert titles[0] == "草稿建议"
    assert titles.index("已答复的建议") < titles.index("已提交的建议")
    assert f'href="{replied.get_absolute_url()}#action-rate"' in response.content.decode()


def test_the_cosigned_tab_lists_only_confirmed_ones(login, me, other, term):
    confirmed = SuggestionFactory(lead_deputy=other, term=term, cosigners=[me], title="我附议的建议")
    invited = SuggestionFactory(lead_deputy=other, term=term, title="待我答复的建议")
    Cosignature.objects.create(suggestion=invited, deputy=me)
    response = login(me.user).get(_url("mine") + "?show=cosigned")
    assert [s.title for s in response.context["page_obj"]] == [confirmed.title]
    assert [i.suggestion for i in response.context["invitations"]] == [invited]


def _fill(me, other, term, n):
    """n suggestions I lead, n I am invited to co-sign, n I co-signed."""
    for i in range(n):
        SuggestionFactory(
            lead_deputy=me, term=term, state=[State.DRAFT, State.SUBMITTED][i % 2], cosigners=[other]
        )
        Cosignature.objects.create(suggestion=SuggestionFactory(lead_deputy=other, term=term), deputy=me)
        SuggestionFactory(lead_deputy=other, term=term, cosigners=[me])


@pytest.mark.parametrize("show", ["", "?show=cosigned"])
def test_my_suggestions_cost_the_same_queries_at_3_and_30_rows(
    login, me, other, term, show, django_assert_max_num_queries
):
    client = login(me.user)
    _fill(me, other, term, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(_url("mine") + show).status_code == 200
    _fill(me, other, term, 27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(_url("mine") + show)
    assert len(response.context["page_obj"]) == 25
    assert len(response.context["invitations"]) == 25


# Staff on a deputy's behalf -------------------------------------------------------------------------


def test_staff_enter_a_paper_form_and_submit_it(login, staff, me, other, media):
    response = login(staff).post(
        _url("file_for_deputy"),
        {
            **form_data(lead_deputy=me.pk, cosigners=[other.pk], action="submit"),
            "attachments": [pdf("纸质建议扫描件.pdf")],
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == _url("file_for_deputy")
    suggestion = Suggestion.objects.get()
    assert (suggestion.lead_deputy, suggestion.filed_by, suggestion.state) == (me, staff, State.SUBMITTED)
    assert suggestion.attachments.count() == 1
    assert Notification.objects.filter(
        recipient=me.user, key=f"suggestion:{suggestion.pk}:filed_for:{me.pk}"
    ).exists()


def test_staff_saving_a_draft_go_on_editing_it(login, staff, me):
    response = login(staff).post(_url("file_for_deputy"), form_data(lead_deputy=me.pk, action="draft"))
    suggestion = Suggestion.objects.get()
    assert response["Location"] == _url("edit", suggestion)
    page = login(staff).get(_url("edit", suggestion))
    assert page.context["form"]["lead_deputy"].value() == me.pk


def test_staff_cannot_make_the_lead_a_cosigner(login, staff, me):
    response = login(staff).post(
        _url("file_for_deputy"), form_data(lead_deputy=me.pk, cosigners=[me.pk], action="submit")
    )
    assert field_errors(response, "cosigners") == [message(filing.COSIGNER_IS_LEAD)]
    assert not Suggestion.objects.exists()


def test_staff_must_name_the_lead(login, staff, me):
    from proposals.filing_forms import LEAD_REQUIRED

    response = login(staff).post(_url("file_for_deputy"), form_data(action="submit"))
    assert field_errors(response, "lead_deputy") == [message(LEAD_REQUIRED)]
    assert not Suggestion.objects.exists()
