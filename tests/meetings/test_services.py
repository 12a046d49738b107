"""Writes of meetings: numbering, agenda, attendance, outcomes, minutes, decisions and follow-up tasks."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from meetings import services
from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting, Minutes
from renda.core.models import Notification, Transition
from renda.core.workflow import IllegalMove
from tests.factories import UserFactory
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadlines_in_step")]

TODAY = date(2026, 11, 30)


def _messages(exc: ValidationError, field: str) -> list[str]:
    with translation.override("en"):
        return [str(m) for m in exc.value.message_dict[field]]


# Meetings -------------------------------------------------------------------------------------------


def test_the_next_number_is_the_next_free_one_of_its_kind_in_the_term(staff):
    first = MeetingFactory(number=7, prepared_by=staff)
    MeetingFactory(number=3, kind=Meeting.Kind.STANDING, term=first.term, prepared_by=staff)
    assert services.next_number(kind=Meeting.Kind.DIRECTOR, term=first.term) == 8
    assert services.next_number(kind=Meeting.Kind.STANDING, term=first.term) == 4
    assert services.next_number(kind=Meeting.Kind.PARTY_GROUP, term=first.term) == 1


def test_a_taken_number_is_refused_at_the_field(planned_meeting, staff):
    data = {
        "kind": planned_meeting.kind,
        "term": planned_meeting.term,
        "number": planned_meeting.number,
        "date": date(2026, 12, 1),
        "membership": 6,
    }
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.meeting_create(data=data, by=staff)
    assert _messages(exc, "number") == [
        f"There is already a Director meeting no. {planned_meeting.number} in this term."
    ]
    assert Meeting.objects.count() == 1


def test_hold_and_cancel_follow_the_table(planned_meeting, staff):
    with pytest.raises(ValidationError):
        services.meeting_transition(
            meeting=planned_meeting, action="hold", by=staff, today=date(2026, 11, 19)
        )
    meeting = services.meeting_transition(meeting=planned_meeting, action="hold", by=staff, today=TODAY)
    assert meeting.state == Meeting.State.HELD
    with pytest.raises(IllegalMove):
        services.meeting_transition(meeting=meeting, action="cancel", by=staff, today=TODAY)
    assert Transition.objects.filter(object_id=meeting.pk, action="hold", to_state="held").exists()


def test_a_cancelled_meeting_can_be_prepared_again_but_not_held_directly(planned_meeting, staff):
    meeting = services.meeting_transition(meeting=planned_meeting, action="cancel", by=staff, today=TODAY)
    with pytest.raises(IllegalMove):
        services.meeting_transition(meeting=meeting, action="hold", by=staff, today=TODAY)
    with pytest.raises(ValidationError):
        services.agenda_item_create(meeting=meeting, data={"title": "议题"}, by=staff)
    meeting = services.meeting_transition(meeting=meeting, action="reopen", by=staff, today=TODAY)
    assert meeting.state == Meeting.State.PLANNED


# Agenda ---------------------------------------------------------------------------------------------


def test_an_item_without_a_title_is_refused_and_nothing_saved(planned_meeting, staff):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.agenda_item_create(meeting=planned_meeting, data={"title": "   "}, by=staff)
    assert _messages(exc, "title") == ["Give the agenda item a title."]
    assert AgendaItem.objects.count() == 0


def test_items_are_numbered_in_order_and_move_up_and_down(planned_meeting, staff):
    first, second, third = (
        services.agenda_item_create(meeting=planned_meeting, data={"title": t}, by=staff) for t in "ABC"
    )
    assert [first.order, second.order, third.order] == [1, 2, 3]
    services.agenda_item_move(item=third, direction="up", by=staff)
    assert list(planned_meeting.items.order_by("order").values_list("title", flat=True)) == ["A", "C", "B"]
    with pytest.raises(ValidationError):
        services.agenda_item_move(item=first, direction="up", by=staff)
    services.agenda_item_delete(item=first, by=staff)
    assert list(planned_meeting.items.order_by("order").values_list("title", "order")) == [("C", 1), ("B", 2)]


def test_figures_are_frozen_for_a_suggestion_handling_item(planned_meeting, staff):
    item = services.agenda_item_create(
        meeting=planned_meeting, data={"title": "建议办理情况汇报", "suggestion_year": 2026}, by=staff
    )
    item = services.agenda_item_take_figures(item=item, by=staff, today=date(2026, 11, 18))
    assert item.snapshot is not None
    assert item.snapshot.taken_on == date(2026, 11, 18)
    assert item.snapshot.year == 2026
    assert item.snapshot.figures


def test_figures_need_a_year_or_a_session(planned_meeting, staff):
    item = AgendaItemFactory(meeting=planned_meeting)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.agenda_item_take_figures(item=item, by=staff)
    assert str(exc.value.messages[0]).startswith("Figures are taken for a report")


def test_outcomes_are_recorded_once_the_meeting_is_held(planned_meeting, staff):
    item = AgendaItemFactory(meeting=planned_meeting)
    with pytest.raises(ValidationError):
        services.outcomes_record(meeting=planned_meeting, outcomes={item.pk: "heard"}, by=staff)
    Meeting.objects.filter(pk=planned_meeting.pk).update(state=Meeting.State.HELD)
    services.outcomes_record(meeting=planned_meeting, outcomes={item.pk: "adopted"}, by=staff)
    item.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.ADOPTED
    with pytest.raises(ValidationError):
        services.outcomes_record(meeting=planned_meeting, outcomes={item.pk: "nonsense"}, by=staff)


# Attendance -----------------------------------------------------------------------------------------


def _row(name, status="present", reason="", is_member=True):
    return {"name": name, "post": "委员", "status": status, "reason": reason, "is_member": is_member}


def test_attendance_above_the_membership_is_refused_and_nothing_saved(planned_meeting, staff):
    services.attendance_replace(meeting=planned_meeting, rows=[_row("甲")], by=staff)
    rows = [_row(f"委员{i}") for i in range(7)]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.attendance_replace(meeting=planned_meeting, rows=rows, by=staff)
    assert _messages(exc, "rows") == ["7 members are recorded but the meeting has only 6 members."]
    assert list(planned_meeting.attendance.values_list("name", flat=True)) == ["甲"]


def test_non_members_attending_do_not_count_toward_the_membership(planned_meeting, staff):
    rows = [_row(f"委员{i}") for i in range(6)] + [_row("列席人", is_member=False)]
    services.attendance_replace(meeting=planned_meeting, rows=rows, by=staff)
    assert planned_meeting.attendance.count() == 7


def test_leave_needs_a_reason_and_names_appear_once(planned_meeting, staff):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.attendance_replace(
            meeting=planned_meeting, rows=[_row("甲", "leave"), _row("乙"), _row("乙")], by=staff
        )
    assert _messages(exc, "rows") == [
        "Line 1: give the reason for 甲's leave.",
        "Line 3: 乙 is already listed.",
    ]
    assert Attendance.objects.count() == 0


def test_the_membership_cannot_drop_below_the_members_recorded(planned_meeting, staff):
    services.attendance_replace(meeting=planned_meeting, rows=[_row(f"委员{i}") for i in range(5)], by=staff)
    data = {"kind": planned_meeting.kind, "term": planned_meeting.term, "number": planned_meeting.number}
    with pytest.raises(ValidationError) as exc:
        services.meeting_update(meeting=planned_meeting, data={**data, "membership": 4}, by=staff)
    assert "membership" in exc.value.message_dict


# Minutes --------------------------------------------------------------------------------------------


def test_minutes_are_drafted_approved_by_someone_else_and_archived(held_meeting, staff, director, admin):
    minutes = services.minutes_save(
        meeting=held_meeting, data={"body": "会议研究了……", "number": "1"}, by=admin
    )
    with pytest.raises(ValidationError):
        services.minutes_transition(minutes=minutes, action="approve", by=admin)
    minutes = services.minutes_transition(minutes=minutes, action="approve", by=director)
    assert (minutes.state, minutes.approved_by) == (Minutes.State.APPROVED, director)
    assert Notification.objects.filter(recipient=admin, url=held_meeting.get_absolute_url()).exists()
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=held_meeting, data={"body": "改"}, by=staff)
    minutes = services.minutes_transition(minutes=minutes, action="archive", by=staff)
    assert minutes.state == Minutes.State.ARCHIVED and minutes.archived_at is not None
    with pytest.raises(IllegalMove):
        services.minutes_transition(minutes=minutes, action="approve", by=director)


def test_minutes_wait_for_the_meeting_to_be_held(planned_meeting, staff):
    with pytest.raises(ValidationError):
        services.minutes_save(meeting=planned_meeting, data={"body": "纪要"}, by=staff)
    assert Minutes.objects.count() == 0


# Decisions ------------------------------------------------------------------------------------------


def _decision_data(**overrides):
    return {"kind": "decision", "title": "关于加快农村公路提质改造的决定", "text": "一、……", **overrides}


def test_a_decision_dated_before_its_meeting_is_refused_and_nothing_saved(held_meeting, staff):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.decision_create(
            meeting=held_meeting, data=_decision_data(adopted_on=date(2026, 11, 19)), by=staff, today=TODAY
        )
    assert _messages(exc, "adopted_on") == [
        "A decision cannot be adopted before the meeting (Nov. 20, 2026)."
    ]
    assert Decision.objects.count() == 0


def test_a_decision_needs_a_held_meeting_and_an_item_of_its_agenda(planned_meeting, held_meeting, staff):
    with pytest.raises(ValidationError):
        services.decision_create(
            meeting=planned_meeting,
            data=_decision_data(adopted_on=planned_meeting.date),
            by=staff,
            today=TODAY,
        )
    other = AgendaItemFactory(meeting=planned_meeting)
    with pytest.raises(ValidationError) as exc:
        services.decision_create(
            meeting=held_meeting,
            data=_decision_data(adopted_on=held_meeting.date, agenda_item=other),
            by=staff,
            today=TODAY,
        )
    assert "agenda_item" in exc.value.message_dict


def test_amending_and_repealing_need_a_note(decision, staff):
    with pytest.raises(ValidationError):
        services.decision_change_status(decision=decision, action="amend", note=" ", by=staff)
    decision = services.decision_change_status(
        decision=decision, action="amend", note="经第25次会议修改", by=staff
    )
    assert (decision.status, decision.status_note) == (Decision.Status.AMENDED, "经第25次会议修改")
    decision = services.decision_change_status(decision=decision, action="repeal", note="已废止", by=staff)
    assert decision.status == Decision.Status.REPEALED
    with pytest.raises(IllegalMove):
        services.decision_change_status(decision=decision, action="amend", note="再改", by=staff)
    with pytest.raises(ValidationError):
        services.task_create(
            decision=decision, data={"unit": UserFactory().unit, "description": "x", "due": TODAY}, by=staff
        )


def test_publishing_is_recorded(decision, staff):
    services.decision_publish(decision=decision, publish=True, by=staff)
    decision.refresh_from_db()
    assert decision.is_published
    assert Transition.objects.filter(object_id=decision.pk, action="publish").count() == 1


# Follow-up tasks ------------------------------------------------------------------------------------


def test_a_task_due_before_adoption_is_refused_and_nothing_saved(decision, unit, staff):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.task_create(
            decision=decision, data={"unit": unit, "description": "报告", "due": date(2026, 11, 1)}, by=staff
        )
    assert _messages(exc, "due") == [
        "The task cannot be due before the decision was adopted (Nov. 20, 2026)."
    ]
    assert FollowUpTask.objects.count() == 0


def test_a_new_task_tells_the_units_users(decision, unit, unit_user, unit2_user, staff):
    task = services.task_create(
        decision=decision,
        data={"unit": unit, "description": "报告落实情况", "due": date(2026, 12, 20)},
        by=staff,
    )
    assert Notification.objects.filter(recipient=unit_user, key=f"meetings:task:{task.pk}:created").exists()
    assert not Notification.objects.filter(recipient=unit2_user).exists()


def test_the_unit_reports_and_staff_accept_or_send_back(task, unit_user, unit2_user, staff):
    with pytest.raises(ValidationError):
        services.task_report(task=task, report="已完成", by=unit2_user)
    with pytest.raises(ValidationError):
        services.task_report(task=task, report="  ", by=unit_user)
    task = services.task_report(task=task, report="已完成", by=unit_user)
    assert (task.state, task.reported_by) == (FollowUpTask.State.REPORTED, unit_user)
    assert Notification.objects.filter(recipient=staff, url__endswith=f"/tasks/{task.pk}/").exists()
    with pytest.raises(ValidationError):
        services.task_send_back(task=task, note="", by=staff)
    task = services.task_send_back(task=task, note="请补充数据", by=staff)
    assert task.state == FollowUpTask.State.OPEN
    task = services.task_report(task=task, report="已补充", by=unit_user)
    task = services.task_accept(task=task, by=staff)
    assert task.state == FollowUpTask.State.DONE and task.closed_at is not None
    with pytest.raises(IllegalMove):
        services.task_accept(task=task, by=staff)


def test_a_task_of_a_decision_adopted_later_cannot_keep_an_earlier_due_date(decision, staff):
    TaskFactory(decision=decision, due=date(2026, 11, 25))
    with pytest.raises(ValidationError) as exc:
        services.decision_update(
            decision=decision, data={"adopted_on": date(2026, 11, 28)}, by=staff, today=TODAY
        )
    assert "adopted_on" in exc.value.message_dict
    assert DecisionFactory._meta.model.objects.get(pk=decision.pk).adopted_on == date(2026, 11, 20)


def test_an_item_keeps_its_document_checked_from_its_content(planned_meeting, staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("报告.pdf", b"not a pdf at all", content_type="application/pdf")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.agenda_item_create(meeting=planned_meeting, data={"title": "议题"}, by=staff, upload=fake)
    assert _messages(exc, "upload")[0].startswith("“报告.pdf” is not really a PDF file")
    assert AgendaItem.objects.count() == 0
    assert not any(tmp_path.rglob("*.pdf"))
    real = SimpleUploadedFile("报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    item = services.agenda_item_create(meeting=planned_meeting, data={"title": "议题"}, by=staff, upload=real)
    assert item.document_name == "报告.pdf"
    assert item.document.read().startswith(b"%PDF")
