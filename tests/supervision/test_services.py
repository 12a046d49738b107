"""The services of supervision: each write, its transition record, its notifications, and its refusals."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from renda.core.calendar import deadline_after
from renda.core.models import Notification, Transition
from renda.core.workflow import IllegalMove, transitions_of
from supervision import services
from supervision.evidence import FILE_NOT_WHAT_IT_SAYS, FILE_TOO_BIG, FILE_TYPE_NOT_ALLOWED, MAX_BYTES
from supervision.models import Evidence, Policy, ProgressUpdate, RectificationItem, ReviewOpinion
from tests.supervision.factories import ItemFactory, OpinionFactory
from tests.supervision.helpers import JPEG, OLE, PNG, docx_bytes, pdf, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadlines_in_step")]


def field_errors(exc: ValidationError, field: str) -> list[str]:
    with translation.override("zh-hans"):
        return [str(m) for m in exc.value.message_dict[field]]


def translated(message, **params) -> str:
    with translation.override("zh-hans"):
        return str(message) % params if params else str(message)


def keys_of(user) -> set[str]:
    return set(Notification.objects.filter(recipient=user).values_list("key", flat=True))


# Review opinions ------------------------------------------------------------------------------------


def test_creating_an_opinion_records_it_and_tells_the_director_meeting(activity, body, staff, director):
    opinion = services.opinion_create(
        activity=activity,
        data={"title": "关于农村公路养护的审议意见", "body": "一、落实养护资金。", "recipient": body},
        by=staff,
    )
    assert opinion.state == ReviewOpinion.State.DRAFT
    assert [t.action for t in transitions_of(opinion)] == ["created"]
    assert f"review_opinion:{opinion.pk}:created" in keys_of(director)


def test_an_opinion_goes_to_a_state_body_only(activity, unit, staff):
    with pytest.raises(ValidationError) as exc:
        services.opinion_create(
            activity=activity, data={"title": "意见", "body": "正文", "recipient": unit}, by=staff
        )
    assert "recipient" in exc.value.message_dict
    assert not ReviewOpinion.objects.exists()


def test_the_director_meeting_approves_and_staff_are_told(draft, director, staff):
    services.opinion_approve(opinion=draft, by=director)
    draft.refresh_from_db()
    assert draft.state == ReviewOpinion.State.APPROVED
    t = transitions_of(draft).get(action="approve")
    assert (t.from_state, t.to_state, t.by) == ("draft", "approved", director)
    assert f"review_opinion:{draft.pk}:approved" in keys_of(staff)


def test_an_approved_opinion_cannot_be_approved_again(draft, director):
    services.opinion_approve(opinion=draft, by=director)
    with pytest.raises(IllegalMove):
        services.opinion_approve(opinion=draft, by=director)


@time_machine.travel("2026-07-10 10:00 +0800")
def test_sending_sets_the_report_deadline_from_the_policy_past_national_day(
    draft, director, staff, unit_user, unit, roles
):
    from tests.factories import UserFactory

    body_user = UserFactory(username="gov-user", role="unit", unit=draft.recipient)
    services.opinion_approve(opinion=draft, by=director)
    item = ItemFactory(opinion=draft, unit=unit, deadline=date(2026, 12, 31))
    opinion = services.opinion_send(opinion=draft, sent_on=date(2026, 7, 1), by=staff)
    assert opinion.state == ReviewOpinion.State.SENT
    assert opinion.sent_on == date(2026, 7, 1)
    # Three calendar months land on 1 October, a national holiday: the next working day is 8 October.
    assert opinion.report_due == date(2026, 10, 8)
    assert f"review_opinion:{opinion.pk}:sent" in keys_of(body_user)
    assert f"review_opinion:{opinion.pk}:sent" in keys_of(unit_user)
    assert item.unit_id == unit_user.unit_id


def test_the_report_months_come_from_the_editable_policy(draft, director, staff, today):
    Policy.objects.update_or_create(pk=1, defaults={"report_months": 2})
    services.opinion_approve(opinion=draft, by=director)
    sent_on = today - timedelta(days=1)
    opinion = services.opinion_send(opinion=draft, sent_on=sent_on, by=staff)
    assert opinion.report_due == deadline_after(sent_on, months=2)


def test_an_opinion_cannot_be_sent_in_the_future(draft, director, staff, today):
    services.opinion_approve(opinion=draft, by=director)
    with pytest.raises(ValidationError) as exc:
        services.opinion_send(opinion=draft, sent_on=today + timedelta(days=1), by=staff)
    assert field_errors(exc, "sent_on") == [translated(services.SENT_IN_FUTURE)]
    draft.refresh_from_db()
    assert (draft.state, draft.sent_on, draft.report_due) == ("approved", None, None)


def test_an_opinion_cannot_be_sent_after_an_item_is_due(draft, director, staff, unit, today):
    services.opinion_approve(opinion=draft, by=director)
    ItemFactory(opinion=draft, unit=unit, deadline=today - timedelta(days=5))
    with pytest.raises(ValidationError) as exc:
        services.opinion_send(opinion=draft, sent_on=today, by=staff)
    assert "sent_on" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.state == ReviewOpinion.State.APPROVED


def test_recording_the_report_tells_staff_and_the_supervising_leader(sent, staff, director, today):
    sent.supervising_leader = director
    sent.save()
    opinion = services.opinion_report(opinion=sent, received_on=today, report="已逐条整改。", by=staff)
    assert (opinion.state, opinion.report, opinion.report_received_on) == ("reported", "已逐条整改。", today)
    assert transitions_of(opinion).get(action="report").note == "已逐条整改。"
    assert f"review_opinion:{sent.pk}:reported:1" in keys_of(director)
    assert f"review_opinion:{sent.pk}:reported:1" in keys_of(staff)


def test_a_report_needs_its_text_and_a_plausible_date(sent, staff, today):
    with pytest.raises(ValidationError) as exc:
        services.opinion_report(
            opinion=sent, received_on=sent.sent_on - timedelta(days=1), report="  ", by=staff
        )
    assert field_errors(exc, "report") == [translated(services.REPORT_REQUIRED)]
    assert "received_on" in exc.value.message_dict
    sent.refresh_from_db()
    assert (sent.state, sent.report) == ("sent", "")


def _reported(sent, staff, today):
    return services.opinion_report(opinion=sent, received_on=today, report="报告正文", by=staff)


def test_more_than_half_unsatisfied_sends_the_body_to_rectify_again(sent, staff, today, unit, unit_user):
    ItemFactory(opinion=sent, unit=unit)
    _reported(sent, staff, today)
    opinion = services.opinion_vote(
        opinion=sent, satisfied=7, basically=8, unsatisfied=16, voted_on=today, by=staff
    )
    assert opinion.state == ReviewOpinion.State.RECTIFYING_AGAIN
    assert opinion.round == 2
    assert opinion.report_due == deadline_after(today, months=Policy.current().rerectify_months)
    assert (opinion.votes_satisfied, opinion.votes_basically, opinion.votes_unsatisfied) == (7, 8, 16)
    assert f"review_opinion:{sent.pk}:rectify_again:2" in keys_of(unit_user)
    # ... and reports again.
    opinion = services.opinion_report(opinion=opinion, received_on=today, report="第二次报告", by=staff)
    assert opinion.state == ReviewOpinion.State.REPORTED
    assert [t.action for t in transitions_of(opinion)] == ["report", "vote_unsatisfied", "report"]


def test_half_unsatisfied_or_fewer_closes_the_opinion(sent, staff, today):
    _reported(sent, staff, today)
    opinion = services.opinion_vote(
        opinion=sent, satisfied=10, basically=5, unsatisfied=15, voted_on=today, by=staff
    )
    assert (opinion.state, opinion.round) == ("closed", 1)


@pytest.mark.parametrize(
    ("votes", "field", "message"),
    [
        ((-1, 5, 3), "satisfied", services.VOTES_NEGATIVE),
        ((5, 5, -2), "unsatisfied", services.VOTES_NEGATIVE),
        ((0, 0, 0), "satisfied", services.NO_VOTES),
    ],
)
def test_impossible_votes_are_refused(sent, staff, today, votes, field, message):
    _reported(sent, staff, today)
    satisfied, basically, unsatisfied = votes
    with pytest.raises(ValidationError) as exc:
        services.opinion_vote(
            opinion=sent,
            satisfied=satisfied,
            basically=basically,
            unsatisfied=unsatisfied,
            voted_on=today,
            by=staff,
        )
    assert field_errors(exc, field) == [translated(message)]
    sent.refresh_from_db()
    assert (sent.state, sent.votes_satisfied) == ("reported", None)


def test_only_a_closed_opinion_is_published_once(sent, staff, today):
    with pytest.raises(IllegalMove):
        services.opinion_publish(opinion=sent, by=staff)
    _reported(sent, staff, today)
    services.opinion_close(opinion=sent, by=staff)
    opinion = services.opinion_publish(opinion=sent, by=staff, today=today)
    assert opinion.published_at == today
    event = transitions_of(opinion).get(action="publish")
    assert event.from_state == event.to_state == "closed"
    with pytest.raises(IllegalMove):
        services.opinion_publish(opinion=sent, by=staff)


def test_a_draft_can_be_edited_but_not_once_approved(draft, staff, director):
    services.opinion_update(opinion=draft, data={"title": "新标题"}, by=staff)
    draft.refresh_from_db()
    assert draft.title == "新标题"
    services.opinion_approve(opinion=draft, by=director)
    with pytest.raises(ValidationError):
        services.opinion_update(opinion=draft, data={"title": "再改"}, by=staff)


# Rectification items --------------------------------------------------------------------------------


def test_an_item_of_a_sent_opinion_tells_its_unit(sent, unit, unit_user, staff, today):
    item = services.item_create(
        opinion=sent, unit=unit, description="完成村道防护工程", deadline=today + timedelta(days=30), by=staff
    )
    assert item.state == RectificationItem.State.NOT_STARTED
    assert f"rectification:{item.pk}:assigned:{unit.pk}" in keys_of(unit_user)


def test_an_item_cannot_be_due_before_the_opinion_was_sent(sent, unit, staff):
    with pytest.raises(ValidationError) as exc:
        services.item_create(
            opinion=sent,
            unit=unit,
            description="完成村道防护工程",
            deadline=sent.sent_on - timedelta(days=1),
            by=staff,
        )
    assert field_errors(exc, "deadline") == [
        translated(services.ITEM_DEADLINE_BEFORE_SENT, date=services.day_label(sent.sent_on))
    ]
    assert not RectificationItem.objects.exists()


def test_an_item_needs_a_description(sent, unit, staff, today):
    with pytest.raises(ValidationError) as exc:
        services.item_create(opinion=sent, unit=unit, description=" ", deadline=today, by=staff)
    assert field_errors(exc, "description") == [translated(services.DESCRIPTION_REQUIRED)]
    assert not RectificationItem.objects.exists()


def test_the_first_progress_starts_the_item_and_staff_are_told(item, unit_user, staff, today):
    update = services.progress_record(
        item=item, date=today, percent=40, text="完成40公里。", files=[pdf()], by=unit_user
    )
    item.refresh_from_db()
    assert (item.state, item.percent) == ("in_progress", 40)
    assert update.attachments.get().name == "整改报告.pdf"
    assert update.attachments.get().content_type == "application/pdf"
    assert f"rectification:{item.pk}:progress:{update.pk}" in keys_of(staff)
    assert [t.action for t in transitions_of(item)] == ["start"]


def test_progress_at_100_makes_the_item_done(item, unit_user, today):
    services.progress_record(item=item, date=today, percent=30, text="开工。", by=unit_user)
    services.progress_record(item=item, date=today, percent=100, text="全部完成。", by=unit_user)
    item.refresh_from_db()
    assert (item.state, item.percent) == ("done", 100)
    assert [t.action for t in transitions_of(item)] == ["start", "complete"]
    with pytest.raises(IllegalMove):
        services.progress_record(item=item, date=today, percent=100, text="再报。", by=unit_user)


def test_files_of_every_accepted_kind_are_kept(item, unit_user, today):
    files = [
        pdf(),
        upload("现场照片.jpg", JPEG),
        upload("截图.png", PNG),
        upload("整改方案.docx", docx_bytes()),
        upload("旧台账.xls", OLE),
    ]
    update = services.progress_record(
        item=item, date=today, percent=50, text="过半。", files=files, by=unit_user
    )
    assert sorted(update.attachments.values_list("name", flat=True)) == sorted(f.name for f in files)


def _assert_nothing_saved(item):
    item.refresh_from_db()
    assert (item.state, item.percent) == ("not_started", 0)
    assert not ProgressUpdate.objects.exists()
    assert not Evidence.objects.exists()
    assert not Transition.objects.exists()
    assert not Notification.objects.exists()


def test_progress_without_text_is_refused(item, unit_user, today):
    with pytest.raises(ValidationError) as exc:
        services.progress_record(item=item, date=today, percent=20, text="   ", by=unit_user)
    assert field_errors(exc, "text") == [translated(services.PROGRESS_TEXT_REQUIRED)]
    _assert_nothing_saved(item)


@pytest.mark.parametrize("percent", [101, -1, None])
def test_a_percentage_outside_0_to_100_is_refused(item, unit_user, today, percent):
    with pytest.raises(ValidationError) as exc:
        services.progress_record(item=item, date=today, percent=percent, text="进展。", by=unit_user)
    assert field_errors(exc, "percent") == [translated(services.PERCENT_RANGE)]
    _assert_nothing_saved(item)


def test_progress_cannot_be_dated_in_the_future_or_before_the_opinion_was_sent(item, unit_user, today):
    with pytest.raises(ValidationError) as exc:
        services.progress_record(
            item=item, date=today + timedelta(days=1), percent=20, text="进展", by=unit_user
        )
    assert field_errors(exc, "date") == [translated(services.PROGRESS_IN_FUTURE)]
    with pytest.raises(ValidationError) as exc:
        services.progress_record(
            item=item, date=item.opinion.sent_on - timedelta(days=1), percent=20, text="进展", by=unit_user
        )
    assert "date" in exc.value.message_dict
    _assert_nothing_saved(item)


@pytest.mark.parametrize(
    ("name", "content", "message", "params"),
    [
        ("整改报告.pdf", b"just some text, not a PDF", FILE_NOT_WHAT_IT_SAYS, {"kind": "PDF"}),
        ("照片.jpg", PNG, FILE_NOT_WHAT_IT_SAYS, {"kind": "JPEG"}),
        ("方案.docx", b"PK\x03\x04 broken zip", FILE_NOT_WHAT_IT_SAYS, {"kind": "Word"}),
        ("旧表.xls", b"plain text", FILE_NOT_WHAT_IT_SAYS, {"kind": "Excel"}),
        ("脚本.exe", b"MZ\x90\x00", FILE_TYPE_NOT_ALLOWED, {}),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(
    item, unit_user, today, name, content, message, params
):
    with pytest.raises(ValidationError) as exc:
        services.progress_record(
            item=item,
            date=today,
            percent=20,
            text="进展",
            files=[pdf("附件.pdf"), upload(name, content)],
            by=unit_user,
        )
    assert field_errors(exc, "evidence") == [translated(message, name=name, **params)]
    _assert_nothing_saved(item)


def test_a_file_over_10_mb_is_refused(item, unit_user, today):
    big = upload("大文件.pdf", b"%PDF-1.4" + b"0" * MAX_BYTES)
    with pytest.raises(ValidationError) as exc:
        services.progress_record(item=item, date=today, percent=20, text="进展", files=[big], by=unit_user)
    assert field_errors(exc, "evidence") == [translated(FILE_TOO_BIG, name="大文件.pdf")]
    _assert_nothing_saved(item)


def test_a_failure_after_files_were_written_removes_them(item, unit_user, today, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "move", broken)
    with pytest.raises(RuntimeError):
        services.progress_record(item=item, date=today, percent=20, text="进展", files=[pdf()], by=unit_user)
    assert list(settings.MEDIA_ROOT.rglob("*.pdf")) == [] if settings.MEDIA_ROOT.exists() else True
    assert not Evidence.objects.exists()


def _done(item, unit_user, today):
    services.progress_record(item=item, date=today, percent=100, text="全部完成。", by=unit_user)
    item.refresh_from_db()
    return item


def test_staff_verify_a_done_item_and_the_unit_is_told(item, unit_user, staff, today):
    _done(item, unit_user, today)
    services.item_verify(item=item, by=staff)
    item.refresh_from_db()
    assert (item.state, item.verified_by) == ("verified", staff)
    assert item.verified_at is not None
    assert f"rectification:{item.pk}:verified" in keys_of(unit_user)


def test_an_item_in_progress_cannot_be_verified(item, staff):
    with pytest.raises(IllegalMove):
        services.item_verify(item=item, by=staff)


def test_staff_send_a_done_item_back_with_a_note(item, unit_user, staff, today):
    _done(item, unit_user, today)
    with pytest.raises(ValidationError) as exc:
        services.item_send_back(item=item, note="", by=staff)
    assert field_errors(exc, "note") == [translated(services.SEND_BACK_NOTE_REQUIRED)]
    services.item_send_back(item=item, note="请补充验收照片。", by=staff)
    item.refresh_from_db()
    assert item.state == RectificationItem.State.IN_PROGRESS
    assert transitions_of(item).get(action="send_back").note == "请补充验收照片。"
    assert any(k.startswith(f"rectification:{item.pk}:sent_back:") for k in keys_of(unit_user))


# Extensions -----------------------------------------------------------------------------------------


def test_an_extension_needs_a_reason(item, unit_user):
    with pytest.raises(ValidationError) as exc:
        services.item_extension_request(
            item=item, reason="  ", until=item.deadline + timedelta(days=30), by=unit_user
        )
    assert field_errors(exc, "reason") == [translated(services.EXTENSION_REASON_REQUIRED)]
    item.refresh_from_db()
    assert item.extension_deadline is None
    assert not Transition.objects.exists()


def test_an_extension_must_move_the_deadline_later(item, unit_user):
    with pytest.raises(ValidationError) as exc:
        services.item_extension_request(item=item, reason="冬季停工", until=item.deadline, by=unit_user)
    assert field_errors(exc, "until") == [
        translated(services.EXTENSION_NOT_LATER, date=services.day_label(item.deadline))
    ]


def test_an_approved_extension_moves_the_deadline(item, unit_user, director):
    old, new = item.deadline, item.deadline + timedelta(days=60)
    services.item_extension_request(item=item, reason="冬季停工", until=new, by=unit_user)
    item.refresh_from_db()
    assert (item.extension_deadline, item.extension_reason) == (new, "冬季停工")
    assert any(k.startswith(f"rectification:{item.pk}:extension_request:") for k in keys_of(director))
    with pytest.raises(ValidationError):
        services.item_extension_request(item=item, reason="再申请", until=new, by=unit_user)
    services.item_extension_decide(item=item, approve=True, by=director)
    item.refresh_from_db()
    assert (item.deadline, item.extension_deadline, item.extension_reason) == (new, None, "")
    events = list(transitions_of(item).values_list("action", "from_state", "to_state"))
    assert events == [
        ("extension_request", "not_started", "not_started"),
        ("extension_approve", "not_started", "not_started"),
    ]
    assert old != item.deadline
    assert any(k.startswith(f"rectification:{item.pk}:extension_approve:") for k in keys_of(unit_user))


def test_a_refused_extension_keeps_the_deadline(item, unit_user, director):
    old = item.deadline
    services.item_extension_request(
        item=item, reason="冬季停工", until=old + timedelta(days=60), by=unit_user
    )
    services.item_extension_decide(item=item, approve=False, note="按原期限推进", by=director)
    item.refresh_from_db()
    assert (item.deadline, item.extension_deadline) == (old, None)
    assert transitions_of(item).get(action="extension_refuse").note == "按原期限推进"
    with pytest.raises(ValidationError):
        services.item_extension_decide(item=item, approve=True, by=director)


def test_a_verified_item_is_neither_extended_nor_edited(item, unit_user, staff, unit, today):
    _done(item, unit_user, today)
    services.item_verify(item=item, by=staff)
    with pytest.raises(IllegalMove):
        services.item_extension_request(
            item=item, reason="理由", until=item.deadline + timedelta(days=9), by=unit_user
        )
    with pytest.raises(ValidationError):
        services.item_update(item=item, unit=unit, description="改", deadline=item.deadline, by=staff)


def test_items_cannot_be_added_to_a_closed_opinion(activity, body, unit, staff, today):
    closed = OpinionFactory(activity=activity, recipient=body, sent=True, state=ReviewOpinion.State.CLOSED)
    with pytest.raises(ValidationError):
        services.item_create(opinion=closed, unit=unit, description="事项", deadline=today, by=staff)
