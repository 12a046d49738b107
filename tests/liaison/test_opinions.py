"""Constituent opinions: recorded at a held reception, routed by staff, answered by the unit, closed
with feedback; every refusal is a message at the field or the workflow's own message, never a 500."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from liaison import services
from liaison.models import Opinion, Reception
from liaison.workflow import MOVES
from renda.core.calendar import add_working_days
from renda.core.models import Notification
from renda.core.workflow import ILLEGAL_MOVE, IllegalMove, transitions_of
from tests.liaison.factories import OpinionFactory, ReceptionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadlines_in_step")]


def _zh(message):
    with translation.override("zh-hans"):
        return str(message)


def _act(client, opinion, action, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(reverse("liaison:opinion_act", args=[opinion.pk, action]), data)


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# Recording ------------------------------------------------------------------------------------------


def test_a_deputy_adds_an_opinion_raised_at_a_reception_they_attended(client, deputy, reception):
    client.force_login(deputy)
    response = client.post(
        reverse("liaison:opinion_create", args=[reception.pk]),
        {
            "content": "桑峨村灌溉渠年久失修，希望修缮。",
            "category": Opinion.Category.WATER,
            "resident_name": "王大妈",
            "resident_contact": "13800001234",
        },
    )
    assert response.url == reception.get_absolute_url()
    opinion = Opinion.objects.get(reception=reception)
    assert (opinion.state, opinion.category, opinion.recorded_by) == (
        Opinion.State.RECORDED,
        Opinion.Category.WATER,
        deputy,
    )


def test_save_and_add_another_returns_to_an_empty_form(client, deputy, reception):
    client.force_login(deputy)
    response = client.post(
        reverse("liaison:opinion_create", args=[reception.pk]),
        {"content": "意见一", "category": Opinion.Category.OTHER, "another": "1"},
    )
    assert response.url == reverse("liaison:opinion_create", args=[reception.pk])


def test_an_empty_opinion_is_refused_at_the_field(client, deputy, reception):
    client.force_login(deputy)
    response = client.post(
        reverse("liaison:opinion_create", args=[reception.pk]), {"content": "   ", "category": "other"}
    )
    assert response.context["form"].errors["content"] == [_zh(services.CONTENT_REQUIRED)]
    assert not Opinion.objects.exists()


def test_opinions_are_added_only_to_a_held_reception(client, staff, station):
    planned = ReceptionFactory(station=station, state=Reception.State.PLANNED)
    client.force_login(staff)
    response = client.get(reverse("liaison:opinion_create", args=[planned.pk]), follow=True)
    with translation.override("zh-hans"):
        assert str(services.RECEPTION_NOT_HELD) in _messages(response)
    with pytest.raises(services.ValidationError):
        services.opinion_create(reception=planned, content="x", category="other", by=staff)
    assert not Opinion.objects.exists()


# Routing --------------------------------------------------------------------------------------------


def test_answer_on_the_spot_needs_the_answer(client, staff, opinion):
    client.force_login(staff)
    response = _act(client, opinion, "answer", answer="")
    assert response.status_code == 200
    [item] = [f for f in response.context["action_forms"] if f["action"] == "answer"]
    assert item["form"].errors["answer"] == [_zh(services.ANSWER_REQUIRED)]
    opinion.refresh_from_db()
    assert opinion.state == Opinion.State.RECORDED

    response = _act(client, opinion, "answer", answer="已当场解释政策。")
    opinion.refresh_from_db()
    assert (opinion.state, opinion.answer) == (Opinion.State.ANSWERED, "已当场解释政策。")


def test_refer_to_a_township_needs_the_township(client, staff, opinion, township2):
    client.force_login(staff)
    response = _act(client, opinion, "refer", township="", note="")
    [item] = [f for f in response.context["action_forms"] if f["action"] == "refer"]
    assert item["form"].errors["township"] == [_zh(services.TOWNSHIP_REQUIRED)]

    _act(client, opinion, "refer", township=township2.pk, note="请屯里镇核实")
    opinion.refresh_from_db()
    assert (opinion.state, opinion.township) == (Opinion.State.REFERRED, township2)
    assert transitions_of(opinion).get().note == "请屯里镇核实"


def test_forwarding_needs_a_unit_and_refuses_a_past_deadline(client, staff, opinion, unit_user):
    client.force_login(staff)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = _act(client, opinion, "forward", unit="", due_date="", note="")
    [item] = [f for f in response.context["action_forms"] if f["action"] == "forward"]
    assert item["form"].errors["unit"] == [_zh(services.UNIT_REQUIRED)]

    response = _act(
        client, opinion, "forward", unit=unit_user.unit.pk, due_date=yesterday.isoformat(), note=""
    )
    [item] = [f for f in response.context["action_forms"] if f["action"] == "forward"]
    assert item["form"].errors["due_date"] == [_zh(services.DEADLINE_IN_PAST)]

    opinion.refresh_from_db()
    assert (opinion.state, opinion.unit, opinion.due_date) == (Opinion.State.RECORDED, None, None)
    assert not Notification.objects.exists()


def test_forwarding_sets_the_default_deadline_and_tells_the_units_users(
    client, staff, opinion, unit_user, unit2_user
):
    client.force_login(staff)
    _act(client, opinion, "forward", unit=unit_user.unit.pk, due_date="", note="")
    opinion.refresh_from_db()
    today = timezone.localdate()
    assert opinion.state == Opinion.State.FORWARDED
    assert opinion.due_date == add_working_days(today, 15)
    note = Notification.objects.get(key=f"opinion:{opinion.pk}:forwarded")
    assert note.recipient == unit_user
    assert note.url == opinion.get_absolute_url()
    assert not Notification.objects.filter(recipient=unit2_user).exists()


def test_the_service_refuses_forwarding_without_a_unit(staff, opinion):
    with pytest.raises(services.ValidationError) as exc:
        services.opinion_forward(opinion=opinion, unit=None, by=staff)
    assert exc.value.message_dict == {"unit": [str(services.UNIT_REQUIRED)]}


def test_to_become_a_suggestion(client, staff, opinion):
    client.force_login(staff)
    _act(client, opinion, "propose", note="由张志强代表领衔提出建议")
    opinion.refresh_from_db()
    assert opinion.state == Opinion.State.TO_SUGGESTION


@pytest.fixture
def forwarded(opinion, unit_user, staff):
    return services.opinion_forward(opinion=opinion, unit=unit_user.unit, by=staff)


def test_the_unit_sees_it_replies_and_whoever_forwarded_it_is_told(client, unit_user, forwarded, staff):
    client.force_login(unit_user)
    assert client.get(reverse("liaison:opinions")).context["page_obj"].object_list[0] == forwarded

    response = _act(client, forwarded, "unit_reply", reply="")
    [item] = response.context["action_forms"]
    assert item["form"].errors["reply"] == [_zh(services.UNIT_REPLY_REQUIRED)]

    _act(client, forwarded, "unit_reply", reply="已安排维修，年底前完工。")
    forwarded.refresh_from_db()
    assert forwarded.state == Opinion.State.UNIT_REPLIED
    assert forwarded.unit_replied_at is not None
    assert Notification.objects.filter(recipient=staff, key=f"opinion:{forwarded.pk}:unit_replied").exists()


def test_closing_needs_feedback_text_and_records_the_date(client, staff, forwarded):
    client.force_login(staff)
    today = timezone.localdate()
    response = _act(client, forwarded, "close", feedback="", feedback_at=today.isoformat())
    [item] = [f for f in response.context["action_forms"] if f["action"] == "close"]
    assert item["form"].errors["feedback"] == [_zh(services.FEEDBACK_REQUIRED)]
    forwarded.refresh_from_db()
    assert forwarded.state == Opinion.State.FORWARDED

    _act(client, forwarded, "close", feedback="已电话告知反映人办理结果。", feedback_at=today.isoformat())
    forwarded.refresh_from_db()
    assert (forwarded.state, forwarded.feedback_at) == (Opinion.State.CLOSED, today)
    assert [t.action for t in transitions_of(forwarded)] == ["forward", "close"]


def test_feedback_cannot_be_dated_in_the_future(client, staff, forwarded):
    client.force_login(staff)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _act(client, forwarded, "close", feedback="已告知", feedback_at=tomorrow.isoformat())
    [item] = [f for f in response.context["action_forms"] if f["action"] == "close"]
    assert item["form"].errors["feedback_at"] == [_zh(services.FEEDBACK_IN_FUTURE)]


def test_an_illegal_move_is_a_message_not_an_error_page(client, staff, opinion):
    client.force_login(staff)
    _act(client, opinion, "answer", answer="已解释")
    response = _act(client, opinion, "forward", unit="", due_date="", note="")
    assert response.status_code == 302
    with translation.override("zh-hans"):
        expected = str(
            ILLEGAL_MOVE % {"state": Opinion.State.ANSWERED.label, "action": MOVES["forward"].label}
        )
    assert expected in _messages(client.get(response.url))
    opinion.refresh_from_db()
    assert opinion.state == Opinion.State.ANSWERED


def test_the_service_raises_the_illegal_move_before_checking_input(staff, opinion):
    services.opinion_answer(opinion=opinion, answer="已解释", by=staff)
    with pytest.raises(IllegalMove):
        services.opinion_forward(opinion=opinion, unit=None, by=staff)
    with pytest.raises(IllegalMove):
        services.opinion_answer(opinion=opinion, answer="再次", by=staff)


def test_a_valid_form_for_a_move_no_longer_allowed_is_refused_with_the_message(client, staff, opinion):
    services.opinion_answer(opinion=opinion, answer="已解释", by=staff)
    client.force_login(staff)
    response = _act(client, opinion, "refer", township="", note="")
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == Opinion.State.ANSWERED


# Who sees what --------------------------------------------------------------------------------------


def test_the_resident_is_hidden_from_the_unit_but_shown_to_staff_directors_and_station_deputies(
    client, users, forwarded, me
):
    for role, shown in [("staff", True), ("director", True), ("deputy", True), ("unit_user", False)]:
        client.force_login(users[role])
        response = client.get(forwarded.get_absolute_url())
        assert response.context["show_resident"] is shown, role
        assert (forwarded.resident_contact in response.content.decode()) is shown, role
        assert (forwarded.resident_name in response.content.decode()) is shown, role


def test_the_detail_shows_history_and_only_the_moves_the_user_may_make(client, users, forwarded):
    client.force_login(users["staff"])
    response = client.get(forwarded.get_absolute_url())
    assert [h["transition"].action for h in response.context["history"]] == ["forward"]
    assert [f["action"] for f in response.context["action_forms"]] == ["unit_reply", "close"]

    client.force_login(users["unit_user"])
    assert [f["action"] for f in client.get(forwarded.get_absolute_url()).context["action_forms"]] == [
        "unit_reply"
    ]
    for role in ("director", "deputy"):
        client.force_login(users[role])
        assert client.get(forwarded.get_absolute_url()).context["action_forms"] == []


def test_a_unit_sees_only_opinions_forwarded_to_it(client, unit_user, unit2_user, forwarded, opinion2, staff):
    other = services.opinion_forward(opinion=opinion2, unit=unit2_user.unit, by=staff)
    client.force_login(unit_user)
    assert list(client.get(reverse("liaison:opinions")).context["page_obj"]) == [forwarded]
    assert client.get(other.get_absolute_url()).status_code == 404


def test_opinion_filters(client, staff, reception, reception2, unit_user, unit2_user):
    today = timezone.localdate()
    late = OpinionFactory(
        reception=reception,
        state=Opinion.State.FORWARDED,
        unit=unit_user.unit,
        due_date=today - timedelta(days=1),
        category=Opinion.Category.ROADS,
    )
    on_time = OpinionFactory(
        reception=reception2,
        state=Opinion.State.FORWARDED,
        unit=unit2_user.unit,
        due_date=today,
        category=Opinion.Category.WATER,
    )
    recorded = OpinionFactory(reception=reception2, category=Opinion.Category.WATER)
    client.force_login(staff)

    def rows(**query):
        return set(client.get(reverse("liaison:opinions"), query).context["page_obj"])

    assert rows(overdue="1") == {late}
    assert rows(state="forwarded") == {late, on_time}
    assert rows(category="water") == {on_time, recorded}
    assert rows(station=reception2.station.pk) == {on_time, recorded}
    assert rows(unit=unit_user.unit.pk) == {late}
    page = client.get(reverse("liaison:opinions")).context["page_obj"]
    assert {o.pk: o.is_overdue for o in page} == {late.pk: True, on_time.pk: False, recorded.pk: False}


def test_awaiting_feedback_filter_gathers_the_routed_opinions(client, staff, reception, township2):
    answered = OpinionFactory(reception=reception, state=Opinion.State.ANSWERED, answer="已解释")
    referred = OpinionFactory(reception=reception, state=Opinion.State.REFERRED, township=township2)
    OpinionFactory(reception=reception)
    client.force_login(staff)
    page = client.get(reverse("liaison:opinions"), {"state": "awaiting_feedback"}).context["page_obj"]
    assert set(page) == {answered, referred}


def test_a_failure_after_the_move_leaves_nothing_half_saved(staff, opinion, unit_user, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(services, "notify", broken)
    with pytest.raises(RuntimeError):
        services.opinion_forward(opinion=opinion, unit=unit_user.unit, by=staff)
    opinion.refresh_from_db()
    assert (opinion.state, opinion.unit, opinion.due_date) == (Opinion.State.RECORDED, None, None)
    assert not transitions_of(opinion).exists()
