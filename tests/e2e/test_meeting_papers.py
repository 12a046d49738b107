"""Staff prepare a director meeting in the browser, print its papers, record it and adopt a decision whose
follow-up task reaches the unit's queue and the reminders."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import AgendaItem, Attendance, Decision, FollowUpTask, Meeting
from renda.accounts.roles import Role, sync_role_groups
from renda.core.models import Notification, Reminder, Term, Unit
from tests.e2e.conftest import DESKTOP, PHONE, account, no_sideways_scrolling
from tests.supervision.factories import ActivityFactory, ItemFactory, OpinionFactory, TopicFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(transactional_db):
    """The current term, a heard work report with its review opinion, 县农业农村局 and its user, staff."""
    sync_role_groups()
    Term.objects.create(
        number=16, name="第十六届", start_date=timezone.localdate().replace(year=2021), is_current=True
    )
    unit = Unit.objects.create(name="县农业农村局", kind=Unit.Kind.DEPARTMENT)
    unit_user = account("e2e-unit", Role.UNIT, "郭晓东", unit=unit)
    staff = account("e2e-staff", Role.STAFF, "韩雪梅")
    today = timezone.localdate()
    topic = TopicFactory(title="巩固拓展脱贫攻坚成果情况", category="poverty")
    activity = ActivityFactory(
        topic=topic, date=today - timedelta(days=30), findings="部分产业帮扶项目效益不高。"
    )
    opinion = OpinionFactory(
        activity=activity,
        title="关于巩固拓展脱贫攻坚成果情况的审议意见",
        sent=True,
        sent_on=today - timedelta(days=20),
        report_due=today + timedelta(days=70),
    )
    ItemFactory(
        opinion=opinion, unit=unit, description="完善防返贫动态监测机制", deadline=today + timedelta(days=40)
    )
    return {"unit": unit, "unit_user": unit_user, "staff": staff, "activity": activity}


def _submit(page):
    page.click("main form[method=post] button[type=submit]")


def test_staff_prepare_a_director_meeting_print_the_papers_and_follow_up_a_decision(
    live_server, open_page, setting, screenshots
):
    base, activity, unit = live_server.url, setting["activity"], setting["unit"]
    today = timezone.localdate()

    desk = open_page(DESKTOP, user="e2e-staff")

    # A new director meeting: the number is offered, the date is today.
    desk.goto(f"{base}/meetings/")
    desk.click("a[href='/meetings/new/']")
    desk.wait_for_url("**/meetings/new/")
    assert desk.input_value("input[name=number]") == "1"
    desk.fill("input[name=presided_by]", "贺建平")
    desk.fill("input[name=membership]", "6")
    _submit(desk)
    desk.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.number, meeting.date) == ("director", 1, today)

    # An agenda item without a title is refused at the field; then the work report is added.
    desk.click(f"a[href='/meetings/{meeting.pk}/items/new/']")
    desk.wait_for_url(f"**/meetings/{meeting.pk}/items/new/")
    _submit(desk)
    desk.wait_for_selector("#id_title.is-invalid")
    assert not AgendaItem.objects.exists()
    desk.fill("input[name=title]", "听取和审议县人民政府关于巩固拓展脱贫攻坚成果情况的报告")
    desk.fill("input[name=document_title]", "关于巩固拓展脱贫攻坚成果情况的报告")
    desk.fill("input[name=presenter]", "陈立新")
    desk.select_option("select[name=activity]", value=str(activity.pk))
    _submit(desk)
    desk.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/(#.*)?$"))

    # The suggestion-handling report, with its figures frozen now.
    desk.click(f"a[href='/meetings/{meeting.pk}/items/new/?suggestions=1']")
    desk.wait_for_url("**/items/new/?suggestions=1")
    assert desk.input_value("input[name=suggestion_year]") == str(today.year)
    desk.fill("input[name=title]", "建议办理情况汇报")
    _submit(desk)
    desk.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/(#.*)?$"))
    figures_item = AgendaItem.objects.get(suggestion_year=today.year)
    desk.click(f"form[action='/meetings/items/{figures_item.pk}/figures/'] button")
    desk.wait_for_load_state()
    figures_item.refresh_from_db()
    assert figures_item.snapshot is not None and figures_item.snapshot.taken_on == today
    assert list(meeting.items.order_by("order").values_list("order", flat=True)) == [1, 2]

    # The papers pack: agenda, the work report with its opinion, the frozen figures; printed.
    desk.click(f"a[href='/meetings/{meeting.pk}/papers/']")
    desk.wait_for_url(f"**/meetings/{meeting.pk}/papers/")
    assert desk.locator(".papers-item").count() == 2
    assert desk.locator("text=关于巩固拓展脱贫攻坚成果情况的审议意见").count() >= 1
    assert desk.locator("text=完善防返贫动态监测机制").count() == 1
    assert desk.locator(".papers-item .figures-table").count() >= 1
    assert desk.locator(".js-print-papers").count() == 1
    desk.emulate_media(media="print")
    assert desk.locator("nav.navbar").is_hidden()
    assert desk.locator(".js-print-papers").is_hidden()
    desk.screenshot(path=str(screenshots / "meeting-papers-print.png"), full_page=True)
    desk.emulate_media(media="screen")

    # Attendance: above the membership is refused; then the real list.
    desk.goto(f"{base}/meetings/{meeting.pk}/attendance/")
    desk.fill("textarea[name=rows]", "\n".join(f"委员{i},委员,出席" for i in range(7)))
    _submit(desk)
    desk.wait_for_selector("#id_rows.is-invalid")
    assert not Attendance.objects.exists()
    desk.fill(
        "textarea[name=rows]",
        "贺建平,主任,出席\n田志明,副主任,出席\n白秀英,副主任,请假,赴省参加培训\n任国庆,副主任,出席\n"
        "雷振华,副主任,出席\n马俊杰,秘书长,出席\n陈立新,副县长,列席",
    )
    _submit(desk)
    desk.wait_for_url(re.compile(rf"/meetings/{meeting.pk}/(#.*)?$"))
    assert meeting.attendance.filter(is_member=True).count() == 6

    # Held, with its outcomes.
    desk.click(f"form[action='/meetings/{meeting.pk}/act/hold/'] button")
    desk.wait_for_selector("#outcomes")
    items = list(meeting.items.order_by("order"))
    desk.select_option(f"select[name=item_{items[0].pk}]", value="deliberated")
    desk.select_option(f"select[name=item_{items[1].pk}]", value="heard")
    desk.click(f"form[action='/meetings/{meeting.pk}/outcomes/'] button")
    desk.wait_for_load_state()
    assert [i.outcome for i in meeting.items.order_by("order")] == ["deliberated", "heard"]

    # A decision adopted under the first item, with a task for 县农业农村局.
    desk.goto(f"{base}/meetings/{meeting.pk}/decisions/new/?item={items[0].pk}")
    desk.fill("input[name=title]", "关于县乡人大和代表带头落实县委脱贫攻坚二年行动计划的决定")
    desk.fill(
        "textarea[name=text]",
        "一、县乡人大要把巩固脱贫攻坚成果作为监督重点。\n二、各级人大代表要带头联系脱贫户。",
    )
    _submit(desk)
    desk.wait_for_url("**/meetings/decisions/*/")
    decision = Decision.objects.get()
    assert decision.agenda_item_id == items[0].pk and decision.adopted_on == today
    desk.click(f"a[href='/meetings/decisions/{decision.pk}/tasks/new/']")
    desk.wait_for_url("**/tasks/new/")
    desk.select_option("select[name=unit]", value=str(unit.pk))
    desk.fill("textarea[name=description]", "制定巩固脱贫攻坚成果年度工作方案并报县人大常委会")
    desk.fill("input[name=due]", (today - timedelta(days=1)).isoformat())
    _submit(desk)
    desk.wait_for_selector("#id_due.is-invalid")
    assert not FollowUpTask.objects.exists()
    desk.fill("input[name=due]", (today + timedelta(days=3)).isoformat())
    _submit(desk)
    desk.wait_for_url(re.compile(rf"/meetings/decisions/{decision.pk}/(#.*)?$"))
    task = FollowUpTask.objects.get()
    desk.screenshot(path=str(screenshots / "meeting-decision-1280.png"), full_page=True)
    assert desk.problems == []

    # The unit, on a phone: the task in its queue on the home page and in its list.
    phone = open_page(PHONE, user="e2e-unit")
    queue_card = phone.locator(".queue-card a[href='/meetings/tasks/']")
    assert queue_card.locator(".count").inner_text() == "1"
    phone.goto(f"{base}/meetings/tasks/")
    no_sideways_scrolling(phone)
    assert phone.locator(f"a[href='/meetings/tasks/{task.pk}/']").count() == 1
    phone.screenshot(path=str(screenshots / "meeting-unit-tasks-390.png"), full_page=True)

    # The reminder scan reminds the unit of the task due in three days.
    call_command("send_reminders", stdout=io.StringIO())
    reminder = Reminder.objects.get(content_type__model="followuptask", object_id=task.pk)
    assert reminder.tier == Reminder.Tier.SOON
    note = Notification.objects.get(recipient=setting["unit_user"], key__startswith="reminder:")
    phone.goto(f"{base}/core/notifications/")
    phone.click(f"main a[href='{note.url}']")
    phone.wait_for_url(f"**{note.url}")
    no_sideways_scrolling(phone)
    phone.fill("textarea[name=report]", "年度工作方案已制定，并于本周报送县人大常委会办公室。")
    _submit(phone)
    phone.wait_for_url(f"**/meetings/tasks/{task.pk}/")
    task.refresh_from_db()
    assert task.state == FollowUpTask.State.REPORTED
    assert phone.problems == []
