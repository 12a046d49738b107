"""Who may open each supervision page, what they see there, and the forms' refusals at the field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from supervision import services
from supervision.evidence import FILE_NOT_WHAT_IT_SAYS
from supervision.models import ProgressUpdate, RectificationItem, ReviewOpinion, Topic
from tests.supervision.factories import ActivityFactory, ItemFactory, OpinionFactory, TopicFactory
from tests.supervision.helpers import PNG, pdf, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadlines_in_step")]


def translated(message, **params) -> str:
    with translation.override("zh-hans"):
        return str(message) % params if params else str(message)


def errors_of(response, field):
    return [str(e) for e in response.context["form"].errors.get(field, [])]


# Anonymous visitors ---------------------------------------------------------------------------------


def _urls(topic, activity, opinion, item):
    return [
        reverse("supervision:index"),
        reverse("supervision:unit_queue"),
        reverse("supervision:ledger"),
        reverse("supervision:ledger_export"),
        reverse("supervision:topic_create"),
        reverse("supervision:topic_detail", args=[topic.pk]),
        reverse("supervision:topic_edit", args=[topic.pk]),
        reverse("supervision:activity_create", args=[topic.pk]),
        reverse("supervision:activity_detail", args=[activity.pk]),
        reverse("supervision:activity_edit", args=[activity.pk]),
        reverse("supervision:opinion_create", args=[activity.pk]),
        reverse("supervision:opinion_detail", args=[opinion.pk]),
        reverse("supervision:opinion_edit", args=[opinion.pk]),
        reverse("supervision:opinion_act", args=[opinion.pk, "report"]),
        reverse("supervision:item_create", args=[opinion.pk]),
        reverse("supervision:item_detail", args=[item.pk]),
        reverse("supervision:item_edit", args=[item.pk]),
        reverse("supervision:item_progress", args=[item.pk]),
        reverse("supervision:item_extension", args=[item.pk]),
        reverse("supervision:item_extension_decide", args=[item.pk]),
        reverse("supervision:item_verify", args=[item.pk]),
        reverse("supervision:item_send_back", args=[item.pk]),
        reverse("supervision:evidence", args=[1]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, topic, activity, sent, item):
    for url in _urls(topic, activity, sent, item):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


# Pages by role --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "director", "admin"])
def test_staff_and_directors_see_every_page(login, users, role, topic, activity, sent, item):
    client = login(users[role])
    for url in [
        reverse("supervision:index"),
        reverse("supervision:ledger"),
        topic.get_absolute_url(),
        activity.get_absolute_url(),
        sent.get_absolute_url(),
        item.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("supervision:ledger_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("role", ["deputy", "unit_user"])
def test_deputies_and_units_cannot_open_the_ledger(login, users, role):
    client = login(users[role])
    assert client.get(reverse("supervision:ledger")).status_code == 403
    assert client.get(reverse("supervision:ledger_export")).status_code == 403


@pytest.mark.parametrize("role", ["deputy", "unit_user", "director"])
def test_only_staff_manage_topics_activities_opinions_and_items(
    login, users, role, topic, activity, sent, item
):
    client = login(users[role])
    for url in [
        reverse("supervision:topic_create"),
        reverse("supervision:topic_edit", args=[topic.pk]),
        reverse("supervision:activity_create", args=[topic.pk]),
        reverse("supervision:activity_edit", args=[activity.pk]),
        reverse("supervision:opinion_create", args=[activity.pk]),
        reverse("supervision:item_create", args=[sent.pk]),
        reverse("supervision:item_edit", args=[item.pk]),
        reverse("supervision:item_verify", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 403, url


def test_staff_open_every_form(login, staff, topic, activity, sent, item):
    client = login(staff)
    for url in [
        reverse("supervision:topic_create"),
        reverse("supervision:topic_edit", args=[topic.pk]),
        reverse("supervision:activity_create", args=[topic.pk]),
        reverse("supervision:activity_edit", args=[activity.pk]),
        reverse("supervision:opinion_create", args=[activity.pk]),
        reverse("supervision:opinion_act", args=[sent.pk, "report"]),
        reverse("supervision:item_create", args=[sent.pk]),
        reverse("supervision:item_edit", args=[item.pk]),
    ]:
        assert client.get(url).status_code == 200, url


# Units ----------------------------------------------------------------------------------------------


def test_a_unit_user_sees_its_items_and_their_opinion_only(login, unit_user, sent, item, item2):
    client = login(unit_user)
    assert client.get(reverse("supervision:unit_queue")).status_code == 200
    assert client.get(item.get_absolute_url()).status_code == 200
    response = client.get(sent.get_absolute_url())
    assert response.status_code == 200
    assert [i.pk for i in response.context["items"]] == [item.pk]
    # Another unit's item answers like a missing one.
    assert client.get(item2.get_absolute_url()).status_code == 404
    assert client.get(reverse("supervision:item_progress", args=[item2.pk])).status_code == 404


def test_a_unit_user_does_not_see_topics_or_another_bodys_opinion(
    login, unit_user, topic, activity, sent, item
):
    other = OpinionFactory(activity=activity, sent=True)
    client = login(unit_user)
    assert client.get(reverse("supervision:index")).status_code == 403
    assert client.get(topic.get_absolute_url()).status_code == 403
    assert client.get(activity.get_absolute_url()).status_code == 403
    assert client.get(other.get_absolute_url()).status_code == 404


def test_a_unit_does_not_see_items_of_an_opinion_not_yet_sent(login, unit_user, draft, unit):
    hidden = ItemFactory(opinion=draft, unit=unit)
    client = login(unit_user)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    response = client.get(reverse("supervision:unit_queue") + "?show=all")
    assert list(response.context["page_obj"]) == []


def test_the_unit_queue_shows_traffic_lights(login, unit_user, sent, unit, today):
    red = ItemFactory(opinion=sent, unit=unit, deadline=today - timedelta(days=1))
    yellow = ItemFactory(opinion=sent, unit=unit, deadline=today + timedelta(days=15))
    green = ItemFactory(opinion=sent, unit=unit, deadline=today + timedelta(days=16))
    done = ItemFactory(opinion=sent, unit=unit, deadline=today - timedelta(days=9), state="done", percent=100)
    client = login(unit_user)
    response = client.get(reverse("supervision:unit_queue") + "?show=all")
    lights = {i.pk: i.light for i in response.context["page_obj"]}
    assert lights == {red.pk: "red", yellow.pk: "yellow", green.pk: "green", done.pk: ""}
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert counts["overdue"] == 1 and counts["soon"] == 1 and counts["done"] == 1 and counts["open"] == 3


def test_a_unit_user_without_a_unit_is_told_so(login, roles):
    from tests.factories import UserFactory

    user = UserFactory(username="lonely", role="unit")
    user.unit = None
    user.save()
    response = login(user).get(reverse("supervision:unit_queue"))
    assert response.status_code == 200
    assert response.context["unit"] is None


def test_a_unit_user_records_progress_with_evidence(login, unit_user, item, today):
    client = login(unit_user)
    response = client.post(
        reverse("supervision:item_progress", args=[item.pk]),
        {"date": today.isoformat(), "percent": "100", "text": "全部完成。", "evidence": [pdf()]},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:unit_queue")
    item.refresh_from_db()
    assert (item.state, item.percent) == ("done", 100)
    assert item.updates.get().attachments.count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"percent": "40", "text": ""}, "text", services.PROGRESS_TEXT_REQUIRED),
        ({"percent": "40", "text": "   "}, "text", services.PROGRESS_TEXT_REQUIRED),
        ({"percent": "101", "text": "进展"}, "percent", services.PERCENT_RANGE),
        ({"percent": "-1", "text": "进展"}, "percent", services.PERCENT_RANGE),
        ({"percent": "abc", "text": "进展"}, "percent", services.PERCENT_RANGE),
    ],
)
def test_bad_progress_gets_a_message_at_the_field(login, unit_user, item, today, data, field, message):
    client = login(unit_user)
    with translation.override("zh-hans"):
        response = client.post(
            reverse("supervision:item_progress", args=[item.pk]), {"date": today.isoformat(), **data}
        )
    assert response.status_code == 200
    assert errors_of(response, field) == [translated(message)]
    assert not ProgressUpdate.objects.exists()


def test_a_file_that_lies_about_its_kind_gets_a_message_at_the_field(login, unit_user, item, today):
    client = login(unit_user)
    fake = upload("整改照片.pdf", PNG)
    with translation.override("zh-hans"):
        response = client.post(
            reverse("supervision:item_progress", args=[item.pk]),
            {"date": today.isoformat(), "percent": "50", "text": "进展", "evidence": [fake]},
        )
    assert response.status_code == 200
    expected = translated(FILE_NOT_WHAT_IT_SAYS, name="整改照片.pdf", kind="PDF")
    assert errors_of(response, "evidence") == [expected]
    assert not ProgressUpdate.objects.exists()


def test_a_unit_asks_for_an_extension_and_the_director_decides(login, unit_user, director, item):
    client = login(unit_user)
    url = reverse("supervision:item_extension", args=[item.pk])
    later = item.deadline + timedelta(days=30)
    with translation.override("zh-hans"):
        response = client.post(url, {"until": later.isoformat(), "reason": ""})
    assert errors_of(response, "reason") == [translated(services.EXTENSION_REASON_REQUIRED)]
    response = client.post(url, {"until": later.isoformat(), "reason": "冬季停工"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.extension_deadline == item.deadline + timedelta(days=30)

    client = login(director)
    decide = reverse("supervision:item_extension_decide", args=[item.pk])
    assert client.get(decide).status_code == 200
    assert client.post(decide, {"decision": "approve", "note": ""}).status_code == 302
    item.refresh_from_db()
    assert item.extension_deadline is None


def test_only_the_director_meeting_decides_extensions(login, staff, unit_user, item):
    later = item.deadline + timedelta(days=9)
    services.item_extension_request(item=item, reason="理由", until=later, by=unit_user)
    url = reverse("supervision:item_extension_decide", args=[item.pk])
    for user in (staff, unit_user):
        assert login(user).get(url).status_code == 403


def test_staff_verify_a_done_item(login, staff, unit_user, item, today):
    services.progress_record(item=item, date=today, percent=100, text="完成", by=unit_user)
    client = login(staff)
    assert client.post(reverse("supervision:item_verify", args=[item.pk]), {"note": ""}).status_code == 302
    item.refresh_from_db()
    assert item.state == RectificationItem.State.VERIFIED


def test_a_unit_user_cannot_verify_its_own_item(login, unit_user, item, today):
    services.progress_record(item=item, date=today, percent=100, text="完成", by=unit_user)
    assert login(unit_user).post(reverse("supervision:item_verify", args=[item.pk])).status_code == 403


# Deputies -------------------------------------------------------------------------------------------


def test_a_deputy_sees_the_activities_they_joined(login, deputy, me, activity, other_activity, sent):
    client = login(deputy)
    response = client.get(reverse("supervision:index") + f"?year={activity.topic.year}")
    assert response.status_code == 200
    topic = response.context["page_obj"][0]
    assert [a.pk for a in topic.visible_activities] == [activity.pk]
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert client.get(other_activity.get_absolute_url()).status_code == 404
    assert client.get(sent.get_absolute_url()).status_code == 403
    response = client.get(activity.topic.get_absolute_url())
    assert [a.pk for a in response.context["activities"]] == [activity.pk]


def test_a_deputy_does_not_see_a_topic_they_took_no_part_in(login, deputy, me):
    elsewhere = TopicFactory(title="旅游发展情况")
    ActivityFactory(topic=elsewhere)
    assert login(deputy).get(elsewhere.get_absolute_url()).status_code == 404


# Staff forms ----------------------------------------------------------------------------------------


def test_staff_create_a_topic_an_activity_an_opinion_and_an_item(
    login, staff, director, topic, body, me, unit, today
):
    client = login(staff)
    response = client.post(
        reverse("supervision:topic_create"),
        {
            "year": "2026",
            "category": Topic.Category.TOURISM,
            "title": "全域旅游发展情况",
            "description": "",
            "lead_committee": topic.lead_committee.pk,
        },
    )
    assert response.status_code == 302
    new_topic = Topic.objects.get(title="全域旅游发展情况")
    response = client.post(
        reverse("supervision:activity_create", args=[new_topic.pk]),
        {
            "kind": "survey",
            "date": today.isoformat(),
            "place": "人祖山景区",
            "deputies": [me.pk],
            "other_participants": "",
            "findings": "景区交通联动不足。",
            "attachments": [pdf("调研报告.pdf")],
        },
    )
    assert response.status_code == 302
    activity = new_topic.activities.get()
    assert list(activity.deputies.all()) == [me]
    assert activity.attachments.get().name == "调研报告.pdf"
    response = client.post(
        reverse("supervision:opinion_create", args=[activity.pk]),
        {"title": "关于全域旅游发展情况的审议意见", "body": "一、加强景区联动。", "recipient": body.pk},
    )
    assert response.status_code == 302
    opinion = ReviewOpinion.objects.get(title="关于全域旅游发展情况的审议意见")
    services.opinion_approve(opinion=opinion, by=director)
    response = client.post(
        reverse("supervision:opinion_act", args=[opinion.pk, "send"]), {"sent_on": today.isoformat()}
    )
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == ReviewOpinion.State.SENT
    with translation.override("zh-hans"):
        response = client.post(
            reverse("supervision:item_create", args=[opinion.pk]),
            {"unit": unit.pk, "description": "完善景区交通", "deadline": str(today - timedelta(days=1))},
        )
    assert errors_of(response, "deadline") == [
        translated(services.ITEM_DEADLINE_BEFORE_SENT, date=services.day_label(opinion.sent_on))
    ]
    assert not opinion.items.exists()
    response = client.post(
        reverse("supervision:item_create", args=[opinion.pk]),
        {"unit": unit.pk, "description": "完善景区交通", "deadline": str(today + timedelta(days=90))},
    )
    assert response.status_code == 302
    assert opinion.items.get().unit == unit


def test_an_activity_file_that_lies_is_refused_at_the_field(login, staff, topic, today):
    client = login(staff)
    response = client.post(
        reverse("supervision:activity_create", args=[topic.pk]),
        {"kind": "survey", "date": today.isoformat(), "attachments": [upload("会议纪要.docx", b"not a zip")]},
    )
    assert response.status_code == 200
    assert "attachments" in response.context["form"].errors
    assert topic.activities.count() == 0


def test_the_vote_form_reports_impossible_votes_at_the_field(login, staff, sent, today):
    services.opinion_report(opinion=sent, received_on=today, report="报告", by=staff)
    client = login(staff)
    with translation.override("zh-hans"):
        response = client.post(
            reverse("supervision:opinion_act", args=[sent.pk, "vote"]),
            {"voted_on": today.isoformat(), "satisfied": "-3", "basically": "0", "unsatisfied": "1"},
        )
    assert errors_of(response, "satisfied") == [translated(services.VOTES_NEGATIVE)]
    sent.refresh_from_db()
    assert sent.state == ReviewOpinion.State.REPORTED


def test_an_action_that_does_not_fit_the_state_is_refused_politely(login, staff, draft):
    response = login(staff).get(reverse("supervision:opinion_act", args=[draft.pk, "report"]))
    assert response.status_code == 302
    assert response["Location"] == draft.get_absolute_url()


def test_an_unknown_action_is_not_found(login, staff, draft):
    assert login(staff).get(reverse("supervision:opinion_act", args=[draft.pk, "explode"])).status_code == 404


def test_the_director_approves_from_the_opinion_page(login, director, draft):
    client = login(director)
    page = client.get(draft.get_absolute_url())
    assert [a for a, _label in page.context["actions"]] == ["approve"]
    response = client.post(reverse("supervision:opinion_act", args=[draft.pk, "approve"]), {"note": ""})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == ReviewOpinion.State.APPROVED
    # Staff, not the director meeting, send it.
    assert client.get(reverse("supervision:opinion_act", args=[draft.pk, "send"])).status_code == 403


def test_evidence_downloads_only_for_those_who_see_the_item(login, unit_user, unit2_user, staff, item, today):
    update = services.progress_record(
        item=item, date=today, percent=20, text="进展", files=[pdf()], by=unit_user
    )
    evidence = update.attachments.get()
    url = reverse("supervision:evidence", args=[evidence.pk])
    response = login(unit_user).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(staff).get(url).status_code == 200
    assert login(unit2_user).get(url).status_code == 404
