"""The handling pages: who may open them (anonymous users sign in, wrong roles get 403, a suggestion
out of reach answers 404 like a missing one), and every action form: done, refused at the field with
nothing saved, refused as an illegal move, or refused because someone else changed it first."""

from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from proposals import services
from proposals.locking import CONFLICT
from proposals.models import CoHandling, Cosignature, Reply, State
from proposals.workflow import MOVES
from renda.core.versions import version_of
from renda.core.workflow import ILLEGAL_MOVE
from tests.proposals.factories import SuggestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadlines_in_step")]

ASSIGNED_ON = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel("2026-03-04 10:00 +0800"):
        yield


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def world(me, other, term, staff, unit_user, unit2_user):
    submitted = SuggestionFactory(lead_deputy=me, term=term, title="关于加快通村公路建设的建议")
    assigned = services.suggestion_assign(
        suggestion=SuggestionFactory(lead_deputy=me, term=term, title="关于改善农村饮水安全的建议"),
        lead_unit=unit_user.unit,
        co_units=[],
        by=staff,
        today=ASSIGNED_ON,
    )
    others = services.suggestion_assign(
        suggestion=SuggestionFactory(lead_deputy=other, term=term, title="关于加强校园周边交通安全的建议"),
        lead_unit=unit2_user.unit,
        co_units=[],
        by=staff,
        today=ASSIGNED_ON,
    )
    return {"submitted": submitted, "assigned": assigned, "others": others}


S, D, DEP, DEP2, U, U2 = "staff", "director", "deputy", "deputy2", "unit_user", "unit2_user"
ROLES = [S, D, DEP, DEP2, U, U2]

# name, url(world), expected status per role (anything not listed: 403)
PAGES = [
    (
        "detail of an assigned suggestion",
        lambda w: reverse("proposals:detail", args=[w["assigned"].pk]),
        {S: 200, D: 200, DEP: 200, DEP2: 404, U: 200, U2: 404},
    ),
    (
        "detail of another unit's suggestion",
        lambda w: reverse("proposals:detail", args=[w["others"].pk]),
        {S: 200, D: 200, DEP: 404, DEP2: 200, U: 404, U2: 200},
    ),
    (
        "detail of a submitted suggestion",
        lambda w: reverse("proposals:detail", args=[w["submitted"].pk]),
        {S: 200, D: 200, DEP: 200, DEP2: 404, U: 404, U2: 404},
    ),
    (
        "detail of a missing suggestion",
        lambda w: reverse("proposals:detail", args=[999999]),
        {
            S: 404,
            D: 404,
            DEP: 404,
            DEP2: 404,
            U: 404,
            U2: 404,
        },
    ),
    ("review queue", lambda w: reverse("proposals:review_queue"), {S: 200}),
    ("merge", lambda w: reverse("proposals:merge", args=[w["submitted"].pk]), {S: 200}),
    ("batch assignment", lambda w: reverse("proposals:batch_assign"), {S: 200}),
    ("unit queue", lambda w: reverse("proposals:unit_queue"), {U: 200, U2: 200}),
    ("approvals", lambda w: reverse("proposals:approvals"), {S: 200, D: 200}),
    ("approvals of returns", lambda w: reverse("proposals:approvals") + "?kind=transfer", {S: 200, D: 200}),
]


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_users_are_sent_to_sign_in(client, world, name, url, expected):
    response = client.get(url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("role", ROLES)
def test_who_may_open_which_page(client, users, world, name, url, expected, role):
    client.force_login(users[role])
    assert client.get(url(world)).status_code == expected.get(role, 403)


def test_staff_may_not_open_the_approval_of_extensions_but_directors_may(client, staff, director, world):
    client.force_login(staff)
    assert client.get(reverse("proposals:approvals") + "?kind=extension").status_code == 403
    client.force_login(director)
    assert client.get(reverse("proposals:approvals") + "?kind=extension").status_code == 200


def _act(client, suggestion, action, data=None, version=True, **extra):
    payload = {f"{action}-{k}": v for k, v in (data or {}).items()}
    if version:
        payload[f"{action}-version"] = version_of(suggestion)
    payload.update(extra)
    return client.post(reverse("proposals:act", args=[suggestion.pk, action]), payload)


def _form(response, action):
    return next(item["form"] for item in response.context["action_forms"] if item["action"] == action)


def _errors(response, action, field):
    return [str(e) for e in _form(response, action).errors[field]]


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def test_actions_are_posted_only(client, staff, world):
    client.force_login(staff)
    url = reverse("proposals:act", args=[world["submitted"].pk, "review"])
    assert client.get(url).status_code == 302
    world["submitted"].refresh_from_db()
    assert world["submitted"].state == State.SUBMITTED


def test_an_anonymous_post_is_sent_to_sign_in(client, world):
    response = _act(client, world["submitted"], "review")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_wrong_role_cannot_post_an_action(client, deputy, unit2_user, world):
    client.force_login(deputy)
    assert (
        _act(client, world["submitted"], "assign", {"lead_unit": world["assigned"].lead_unit_id}).status_code
        == 403
    )
    client.force_login(unit2_user)
    assert _act(client, world["assigned"], "accept").status_code == 404
    assert world["assigned"].__class__.objects.get(pk=world["assigned"].pk).state == State.ASSIGNED


def test_an_unknown_action_is_not_found(client, staff, world):
    client.force_login(staff)
    assert _act(client, world["submitted"], "explode").status_code == 404


def test_staff_assign_from_the_detail_page(client, staff, unit, unit2, world):
    client.force_login(staff)
    response = client.get(world["submitted"].get_absolute_url())
    assert {item["action"] for item in response.context["action_forms"]} == {
        "review",
        "return",
        "reject",
        "assign",
    }
    response = _act(client, world["submitted"], "assign", {"lead_unit": unit.pk, "co_units": [unit2.pk]})
    assert response.status_code == 302
    s = world["submitted"].__class__.objects.get(pk=world["submitted"].pk)
    assert (s.state, s.lead_unit, s.number) == (State.ASSIGNED, unit, 3)
    assert CoHandling.objects.filter(suggestion=s, unit=unit2).exists()


def test_the_detail_page_shows_each_role_its_own_forms(client, users, world):
    url = world["assigned"].get_absolute_url()
    expected = {
        S: set(),
        D: {"mark_key"},
        DEP: set(),
        U: {"accept", "request_transfer", "consult", "request_extension", "reply"},
    }
    for role, forms in expected.items():
        client.force_login(users[role])
        response = client.get(url)
        assert {item["action"] for item in response.context["action_forms"]} == forms, role


def test_a_reply_without_category_is_refused_at_the_field(english, unit_user, world):
    english.force_login(unit_user)
    response = _act(english, world["assigned"], "reply", {"outcome": "", "text": "已列入计划。"})
    assert response.status_code == 200
    with translation.override("en"):
        assert _errors(response, "reply", "outcome") == [str(services.OUTCOME_REQUIRED)]
    assert not Reply.objects.exists()
    world["assigned"].refresh_from_db()
    assert world["assigned"].state == State.ASSIGNED


def test_an_extension_without_reason_is_refused_at_the_field(english, unit_user, world):
    english.force_login(unit_user)
    response = _act(english, world["assigned"], "request_extension", {"reason": ""})
    assert response.status_code == 200
    with translation.override("en"):
        assert _errors(response, "request_extension", "reason") == [str(services.EXTENSION_REASON_REQUIRED)]
    world["assigned"].refresh_from_db()
    assert world["assigned"].extension_requested_at is None


def test_a_rating_by_someone_not_the_lead_deputy_is_refused_at_the_field(
    english, deputy2, other, unit_user, world
):
    s = world["assigned"]
    Cosignature.objects.create(suggestion=s, deputy=other, state=Cosignature.State.CONFIRMED)
    s = services.suggestion_reply(suggestion=s, outcome="B", text="已列入计划。", by=unit_user)
    english.force_login(deputy2)
    response = _act(english, s, "rate", {"satisfaction": "satisfied", "comment": ""})
    assert response.status_code == 200
    with translation.override("en"):
        assert _errors(response, "rate", "satisfaction") == [str(services.NOT_LEAD_DEPUTY)]
    s.refresh_from_db()
    assert (s.state, s.satisfaction) == (State.REPLIED, "")


def test_the_lead_deputy_rates_and_unsatisfied_sends_it_back(client, deputy, unit_user, world):
    s = services.suggestion_reply(
        suggestion=world["assigned"], outcome="B", text="已列入计划。", by=unit_user
    )
    client.force_login(deputy)
    response = client.get(s.get_absolute_url())
    assert [item["action"] for item in response.context["action_forms"]] == ["rate"]
    response = _act(client, s, "rate", {"satisfaction": "unsatisfied", "comment": "没有具体时间表。"})
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.state, s.rehandling_rounds) == (State.REHANDLING, 1)


def test_an_illegal_move_shows_the_workflow_message(english, unit_user, world):
    s = services.suggestion_accept(suggestion=world["assigned"], by=unit_user)
    english.force_login(unit_user)
    response = _act(english, s, "accept")
    assert response.status_code == 200
    with translation.override("en"):
        assert ILLEGAL_MOVE % {"state": "In progress", "action": MOVES["accept"].label} in _messages(response)
    s.refresh_from_db()
    assert s.state == State.IN_PROGRESS


def test_a_stale_page_is_told_someone_else_changed_it(english, staff, unit, world):
    s = world["submitted"]
    shown = version_of(s)
    services.suggestion_review(suggestion=s, by=staff)
    english.force_login(staff)
    response = english.post(
        reverse("proposals:act", args=[s.pk, "return"]),
        {"return-version": shown, "return-note": "请补充材料。"},
    )
    assert response.status_code == 200
    with translation.override("en"):
        assert str(CONFLICT) in _messages(response)
        form = _form(response, "return")
        assert str(CONFLICT) in [str(e) for e in form.non_field_errors()]
        assert form.data["return-note"] == "请补充材料。"  # what was typed is kept
        assert form.data["return-version"] == version_of(s.__class__.objects.get(pk=s.pk))
    s.refresh_from_db()
    assert s.state == State.UNDER_REVIEW


def test_approvals_decide_and_come_back(client, director, unit_user, world):
    s = services.suggestion_request_extension(
        suggestion=world["assigned"], reason="需多部门协调。", by=unit_user
    )
    client.force_login(director)
    page = reverse("proposals:approvals") + "?kind=extension"
    response = client.get(page)
    assert [x.pk for x in response.context["page_obj"]] == [s.pk]
    response = _act(client, s, "decide_extension", {"decision": "approve", "note": ""}, next=page)
    assert response.status_code == 302
    assert response["Location"] == page
    s.refresh_from_db()
    assert (s.state, s.reply_due) == (State.EXTENDED, date(2026, 9, 2))


def test_an_offsite_next_is_ignored(client, director, unit_user, world):
    s = services.suggestion_request_extension(
        suggestion=world["assigned"], reason="需多部门协调。", by=unit_user
    )
    client.force_login(director)
    response = _act(client, s, "decide_extension", {"decision": "refuse"}, next="https://example.com/")
    assert response["Location"] == s.get_absolute_url()


def test_merge_page_lists_similar_titles_and_merges(client, staff, me, other, term, world):
    duplicate = SuggestionFactory(lead_deputy=other, term=term, title="关于加快通村公路建设步伐的建议")
    client.force_login(staff)
    url = reverse("proposals:merge", args=[duplicate.pk])
    response = client.get(url)
    assert world["submitted"].pk in response.context["similar_ids"]
    response = client.post(url, {"into": "", "version": version_of(duplicate)})
    assert response.status_code == 200
    assert response.context["form"].errors["into"]
    response = client.post(url, {"into": world["submitted"].pk, "version": version_of(duplicate)})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into_id) == (State.MERGED, world["submitted"].pk)
    assert Cosignature.objects.filter(
        suggestion=world["submitted"], deputy=other, state=Cosignature.State.CONFIRMED
    ).exists()


def test_batch_assignment_assigns_all_ticked(client, staff, unit, me, term, world):
    more = [SuggestionFactory(lead_deputy=me, term=term) for _ in range(2)]
    client.force_login(staff)
    ticked = [world["submitted"].pk, *(s.pk for s in more)]
    response = client.post(reverse("proposals:batch_assign"), {"suggestions": ticked, "lead_unit": unit.pk})
    assert response.status_code == 302
    for pk in ticked:
        assert world["submitted"].__class__.objects.get(pk=pk).state == State.ASSIGNED


def test_batch_assignment_without_a_unit_assigns_nothing(english, staff, world):
    english.force_login(staff)
    response = english.post(reverse("proposals:batch_assign"), {"suggestions": [world["submitted"].pk]})
    assert response.status_code == 200
    with translation.override("en"):
        assert [str(e) for e in response.context["form"].errors["lead_unit"]] == [
            str(services.LEAD_UNIT_REQUIRED)
        ]
    world["submitted"].refresh_from_db()
    assert world["submitted"].state == State.SUBMITTED


def test_unit_queue_shows_own_items_with_traffic_lights(client, unit_user, world, term, staff, me):
    soon = services.suggestion_assign(
        suggestion=SuggestionFactory(lead_deputy=me, term=term),
        lead_unit=unit_user.unit,
        by=staff,
        today=date(2025, 12, 10),
    )
    late = services.suggestion_assign(
        suggestion=SuggestionFactory(lead_deputy=me, term=term),
        lead_unit=unit_user.unit,
        by=staff,
        today=date(2025, 11, 10),
    )
    client.force_login(unit_user)
    response = client.get(reverse("proposals:unit_queue"))
    rows = {s.pk: s for s in response.context["page_obj"]}
    assert set(rows) == {world["assigned"].pk, soon.pk, late.pk}
    assert rows[world["assigned"].pk].light == "green"
    assert rows[soon.pk].light == "yellow"  # due 2026-03-10, within 15 days
    assert rows[late.pk].light == "red"  # due 2026-02-10
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert (counts["open"], counts["soon"], counts["overdue"], counts["accept"]) == (3, 1, 1, 3)
    response = client.get(reverse("proposals:unit_queue"), {"show": "overdue"})
    assert [s.pk for s in response.context["page_obj"]] == [late.pk]


def test_the_timeline_shows_every_step_with_who_and_when(client, staff, deputy, unit_user, unit2_user, world):
    s = world["assigned"]
    today = date(2026, 3, 4)
    s = services.suggestion_accept(suggestion=s, by=unit_user)
    services.consultation_record(suggestion=s, way="phone", date=today, notes="电话沟通。", by=unit_user)
    s = services.suggestion_reply(suggestion=s, outcome="B", text="第一次答复。", by=unit_user)
    s = services.suggestion_rate(suggestion=s, satisfaction="unsatisfied", comment="不具体。", by=deputy)
    s = services.suggestion_reply(suggestion=s, outcome="C", text="第二次答复。", by=unit_user)
    s = services.suggestion_rate(suggestion=s, satisfaction="satisfied", comment="", by=deputy)
    services.progress_record(suggestion=s, date=today, text="已完成。", is_done=True, by=unit_user)
    client.force_login(staff)
    response = client.get(s.get_absolute_url())
    timeline = response.context["timeline"]
    assert [e["at"] for e in timeline] == sorted(e["at"] for e in timeline)
    kinds = [e["kind"] for e in timeline]
    for kind in (
        "filed",
        "assign",
        "accept",
        "consultation",
        "reply",
        "rehandle",
        "rate",
        "implement",
        "progress",
    ):
        assert kind in kinds
    replies = [e["reply"].text for e in timeline if e["kind"] == "reply"]
    assert replies == ["第一次答复。", "第二次答复。"]
    ratings = [e["rating"].satisfaction for e in timeline if e["kind"] in ("rate", "rehandle")]
    assert ratings == ["unsatisfied", "satisfied"]
    assert {e["by"] for e in timeline if e["kind"] in ("reply", "accept")} == {unit_user}
    assert "close" in {item["action"] for item in response.context["action_forms"]}
    assert [f.satisfaction for f in response.context["replies"]] == ["unsatisfied", "satisfied"]


def test_a_form_posted_after_the_suggestion_moved_on_says_so(english, unit_user, world):
    s = services.suggestion_reply(suggestion=world["assigned"], outcome="A", text="已解决。", by=unit_user)
    english.force_login(unit_user)
    response = _act(english, s, "reply", {"outcome": "", "text": ""})
    assert response.status_code == 200
    with translation.override("en"):
        assert ILLEGAL_MOVE % {"state": "Replied", "action": MOVES["reply"].label} in _messages(response)
    assert "reply" not in {item["action"] for item in response.context["action_forms"]}
    assert Reply.objects.count() == 1


def test_every_action_form_has_the_service_it_runs():
    from proposals.forms import ACTION_FORMS
    from proposals.views.handling import ACTIONS

    assert set(ACTIONS) == set(ACTION_FORMS)
