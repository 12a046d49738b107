"""The meeting pages per role: who may open what, the forms' messages at the field, and nothing half-saved."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting, Minutes
from tests.meetings.factories import AgendaItemFactory, DecisionFactory, MeetingFactory, TaskFactory


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Pages in English, so that messages compare with their msgids whatever the catalog holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


pytestmark = pytest.mark.django_db


def _urls(meeting, decision, task):
    return [
        reverse("meetings:index"),
        reverse("meetings:meeting_create"),
        reverse("meetings:congress"),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:papers", args=[meeting.pk]),
        reverse("meetings:attendance", args=[meeting.pk]),
        reverse("meetings:item_create", args=[meeting.pk]),
        reverse("meetings:decision_list"),
        reverse("meetings:decision_detail", args=[decision.pk]),
        reverse("meetings:task_list"),
        reverse("meetings:task_detail", args=[task.pk]),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, held_meeting, decision, task):
    for url in _urls(held_meeting, decision, task):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["staff", "director", "admin"])
def test_staff_and_directors_open_every_page(login, users, who, held_meeting, decision, task):
    client = login(users[who])
    manage_only = {
        reverse("meetings:meeting_create"),
        reverse("meetings:attendance", args=[held_meeting.pk]),
        reverse("meetings:item_create", args=[held_meeting.pk]),
    }
    for url in _urls(held_meeting, decision, task):
        expected = 403 if who == "director" and url in manage_only else 200
        assert client.get(url).status_code == expected, url


def test_a_deputy_sees_congress_sessions_and_published_decisions_only(
    login, deputy, held_meeting, congress_meeting
):
    client = login(deputy)
    assert client.get(reverse("meetings:index")).status_code == 403
    assert client.get(reverse("meetings:congress")).status_code == 200
    assert client.get(congress_meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("meetings:papers", args=[congress_meeting.pk])).status_code == 200
    assert client.get(held_meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:papers", args=[held_meeting.pk])).status_code == 404
    published = DecisionFactory(meeting=congress_meeting, is_published=True)
    unpublished = DecisionFactory(meeting=held_meeting)
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(unpublished.get_absolute_url()).status_code == 404
    listed = client.get(reverse("meetings:decision_list")).context["page_obj"].object_list
    assert list(listed) == [published]
    assert client.get(reverse("meetings:task_list")).status_code == 403


def test_a_unit_sees_only_its_tasks_and_their_decisions(login, unit_user, unit2, decision, task):
    other_decision = DecisionFactory(meeting=decision.meeting)
    other_task = TaskFactory(decision=other_decision, unit=unit2)
    client = login(unit_user)
    listed = client.get(reverse("meetings:task_list") + "?show=all").context["page_obj"].object_list
    assert list(listed) == [task]
    assert client.get(reverse("meetings:task_detail", args=[task.pk])).status_code == 200
    assert client.get(reverse("meetings:task_detail", args=[other_task.pk])).status_code == 404
    assert client.get(decision.get_absolute_url()).status_code == 200
    assert client.get(other_decision.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:index")).status_code == 403
    assert client.get(decision.meeting.get_absolute_url()).status_code == 403


def test_a_unit_reports_on_its_task(login, unit_user, task):
    client = login(unit_user)
    url = reverse("meetings:task_detail", args=[task.pk])
    with translation.override("en"):
        response = client.post(url, {"report": ""})
    assert response.status_code == 200
    assert response.context["report_form"].errors["report"] == ["Describe what the unit has done."]
    response = client.post(url, {"report": "已完成方案制定"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == FollowUpTask.State.REPORTED


def test_only_a_director_approves_minutes(login, staff, director, held_meeting):
    Minutes.objects.create(meeting=held_meeting, body="纪要", drafted_by=staff)
    url = reverse("meetings:minutes_act", args=[held_meeting.pk, "approve"])
    assert login(staff).post(url).status_code == 403
    assert login(director).post(url).status_code == 302
    assert Minutes.objects.get(meeting=held_meeting).state == Minutes.State.APPROVED


def test_staff_prepare_a_meeting_with_the_next_number(login, staff, planned_meeting):
    client = login(staff)
    response = client.get(reverse("meetings:meeting_create"))
    assert response.context["form"].initial["number"] == planned_meeting.number + 1
    response = client.post(
        reverse("meetings:meeting_create"),
        {
            "kind": "director",
            "term": planned_meeting.term_id,
            "number": planned_meeting.number + 1,
            "date": "2026-12-10",
            "membership": 6,
        },
    )
    created = Meeting.objects.get(number=planned_meeting.number + 1)
    assert response.status_code == 302 and response.url == created.get_absolute_url()


def test_attendance_above_the_membership_answers_at_the_field(login, staff, planned_meeting):
    client = login(staff)
    rows = "\n".join(f"委员{i},委员,出席" for i in range(7))
    with translation.override("en"):
        response = client.post(reverse("meetings:attendance", args=[planned_meeting.pk]), {"rows": rows})
    assert response.status_code == 200
    assert response.context["form"].errors["rows"] == [
        "7 members are recorded but the meeting has only 6 members."
    ]
    assert Attendance.objects.count() == 0


def test_attendance_is_recorded_from_the_bulk_text(login, staff, planned_meeting):
    client = login(staff)
    rows = "贺建平,主任,出席\n田志明,副主任,请假,赴省培训\n马俊杰,秘书长,absent\n陈立新,副县长,列席"
    response = client.post(reverse("meetings:attendance", args=[planned_meeting.pk]), {"rows": rows})
    assert response.status_code == 302
    recorded = {a.name: (a.status, a.is_member, a.reason) for a in planned_meeting.attendance.all()}
    assert recorded == {
        "贺建平": ("present", True, ""),
        "田志明": ("leave", True, "赴省培训"),
        "马俊杰": ("absent", True, ""),
        "陈立新": ("present", False, ""),
    }


def test_an_unknown_attendance_word_answers_at_the_field(login, staff, planned_meeting):
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:attendance", args=[planned_meeting.pk]), {"rows": "甲,委员,迟到"}
        )
    assert response.context["form"].errors["rows"] == [
        "Line 1: “迟到” is not present, leave, absent or attending."
    ]


def test_an_agenda_item_without_a_title_answers_at_the_field(login, staff, planned_meeting):
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:item_create", args=[planned_meeting.pk]), {"title": ""}
        )
    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Give the agenda item a title."]
    assert AgendaItem.objects.count() == 0


def test_a_decision_dated_before_the_meeting_answers_at_the_field(login, staff, held_meeting):
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:decision_create", args=[held_meeting.pk]),
            {"kind": "decision", "title": "决定", "adopted_on": "2026-11-01", "text": "全文"},
        )
    assert response.status_code == 200
    # The date is formatted in the request's language; the message around it is the msgid.
    [message] = response.context["form"].errors["adopted_on"]
    assert message.startswith("A decision cannot be adopted before the meeting (")
    assert Decision.objects.count() == 0


def test_a_task_due_before_adoption_answers_at_the_field(login, staff, decision, unit):
    with translation.override("en"):
        response = login(staff).post(
            reverse("meetings:task_create", args=[decision.pk]),
            {"unit": unit.pk, "description": "报告", "due": "2026-11-01"},
        )
    assert response.status_code == 200
    [message] = response.context["form"].errors["due"]
    assert message.startswith("The task cannot be due before the decision was adopted (")
    assert FollowUpTask.objects.count() == 0


def test_staff_mark_a_meeting_held_record_outcomes_and_take_figures(login, staff):
    today = timezone.localdate()
    meeting = MeetingFactory(date=today, prepared_by=staff)
    item = AgendaItemFactory(meeting=meeting, suggestion_year=today.year)
    client = login(staff)
    client.post(reverse("meetings:item_figures", args=[item.pk]))
    client.post(reverse("meetings:meeting_act", args=[meeting.pk, "hold"]))
    client.post(reverse("meetings:outcomes", args=[meeting.pk]), {f"item_{item.pk}": "heard"})
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.HELD
    assert item.outcome == "heard" and item.snapshot is not None
    papers = client.get(reverse("meetings:papers", args=[meeting.pk]))
    assert papers.status_code == 200 and item.title in papers.content.decode()


def test_a_meeting_of_the_future_cannot_be_marked_held(login, staff):
    meeting = MeetingFactory(date=timezone.localdate() + timedelta(days=3), prepared_by=staff)
    login(staff).post(reverse("meetings:meeting_act", args=[meeting.pk, "hold"]))
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.PLANNED


def test_the_filters_narrow_the_meeting_list(login, director, planned_meeting, congress_meeting):
    older = MeetingFactory(date=date(2025, 3, 1), kind=Meeting.Kind.STANDING)
    client = login(director)
    listed = client.get(reverse("meetings:index") + "?kind=congress").context["page_obj"].object_list
    assert list(listed) == [congress_meeting]
    listed = client.get(reverse("meetings:index") + "?year=2025").context["page_obj"].object_list
    assert list(listed) == [older]
    listed = client.get(reverse("meetings:index") + "?year=1999").context["page_obj"].object_list
    assert len(listed) == 3  # a year with no meetings is not offered: the filter is ignored


def test_the_decision_register_filters_by_status_and_keyword(login, director, held_meeting):
    kept = DecisionFactory(meeting=held_meeting, title="关于加强生态保护和修复促进高质量发展的决定")
    DecisionFactory(meeting=held_meeting, title="关于批准财政决算的决议", status=Decision.Status.REPEALED)
    client = login(director)
    listed = client.get(reverse("meetings:decision_list") + "?status=in_force&q=生态").context["page_obj"]
    assert list(listed.object_list) == [kept]


def test_the_decision_text_is_shown_as_plain_text(login, director, held_meeting):
    decision = DecisionFactory(
        meeting=held_meeting, text="<script>alert(1)</script>\n第二行", adopted_on=date(2026, 11, 20)
    )
    body = login(director).get(decision.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_the_document_of_an_item_is_served_to_who_sees_the_meeting(
    login, staff, deputy, held_meeting, congress_meeting, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = login(staff)
    response = client.post(
        reverse("meetings:item_create", args=[held_meeting.pk]),
        {"title": "听取报告", "upload": SimpleUploadedFile("报告.pdf", b"%PDF-1.4 x")},
    )
    assert response.status_code == 302
    item = held_meeting.items.get()
    url = reverse("meetings:item_document", args=[item.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert login(deputy).get(url).status_code == 404


def test_the_admin_lists_the_meetings_rows(login, decision, task):
    from tests.factories import UserFactory

    client = login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for model in ("meeting", "agendaitem", "minutes", "decision", "followuptask"):
        assert client.get(f"/admin/meetings/{model}/").status_code == 200, model
    assert client.get(f"/admin/meetings/decision/{decision.pk}/change/").status_code == 200
