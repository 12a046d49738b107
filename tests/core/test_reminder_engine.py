"""The reminder engine: tiers at real dates, exactly once per item, tier and day, escalation of the
seriously overdue, the WeCom markdown message, the daily task and the send_reminders command."""

from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from renda.core import deadlines as index
from renda.core import reminders
from renda.core.deadlines import DeadlineKind
from renda.core.models import Deadline, Notification, OutboxMessage, Reminder, ReminderPolicy, Unit
from renda.core.reminders import reminders_of, scan, tier_for
from renda.core.tasks import deliver_outbox, send_reminders
from renda.env import env_time_of_day
from tests.core.test_outbox import OK, wecom  # noqa: F401 - the local WeCom stand-in fixture
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)  # a Monday
ZERO = {"soon": 0, "today": 0, "overdue": 0, "serious": 0}


@pytest.fixture(autouse=True)
def _english(settings):
    # The scan writes in the committee's language (LANGUAGE_CODE); English keeps the texts exact here.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _test_kind(monkeypatch):
    """A kind of deadline about Unit rows, named as a rectification item, that no app owns."""
    monkeypatch.setitem(index._kinds, "test", DeadlineKind("test", "整改事项", Unit, lambda qs: []))


def _item(subject, due, *, person=None, escalate_to=None, unit=None, title=None, audience=""):
    """An open row of the deadline index about `subject` (a Unit)."""
    return Deadline.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        kind="test",
        title=title or f"整改{subject.name}",
        url=f"/supervision/items/{subject.pk}/",
        due=due,
        unit=unit if unit is not None else subject,
        person=person,
        escalate_person=escalate_to,
        audience=audience,
    )


# Tiers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "tier"),
    [
        (date(2026, 12, 8), None),  # 8 days ahead: not yet
        (date(2026, 12, 7), "soon"),  # 7 days ahead
        (date(2026, 12, 1), "soon"),
        (date(2026, 11, 30), "today"),
        (date(2026, 11, 29), "overdue"),  # one day late
        (date(2026, 11, 1), "overdue"),  # 29 days late
        (date(2026, 10, 31), "serious"),  # 30 days late
        (date(2025, 11, 30), "serious"),
    ],
)
def test_tiers_at_real_dates_under_the_default_policy(due, tier):
    assert tier_for(due, TODAY, ReminderPolicy.current()) == tier


def test_the_policy_moves_the_tiers():
    policy = ReminderPolicy.current()
    policy.soon_days, policy.serious_days = 3, 10
    policy.save()
    policy = ReminderPolicy.current()
    assert tier_for(date(2026, 12, 3), TODAY, policy) == "soon"
    assert tier_for(date(2026, 12, 4), TODAY, policy) is None
    assert tier_for(date(2026, 11, 21), TODAY, policy) == "overdue"
    assert tier_for(date(2026, 11, 20), TODAY, policy) == "serious"


def test_the_policy_is_one_row():
    assert ReminderPolicy.current().pk == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ReminderPolicy.objects.create(pk=2)
    assert ReminderPolicy.objects.count() == 1


# Exactly once --------------------------------------------------------------------------------------


@pytest.fixture
def four_tiers(roles):
    units = [
        UnitFactory(name=name)
        for name in ("县农业农村局", "县交通运输局", "县水利局", "县林业局", "县文旅局")
    ]
    user = UserFactory(username="t-rem-unit", unit=units[0], role="unit", email="rem@example.com")
    dues = [date(2026, 12, 4), TODAY, date(2026, 11, 20), date(2026, 9, 30), date(2027, 1, 30)]
    items = [_item(u, d, person=user) for u, d in zip(units, dues, strict=True)]
    return items, units, user


def test_a_scan_reminds_each_tier_once_and_a_second_scan_nothing(four_tiers):
    _deadlines, units, user = four_tiers

    assert scan(today=TODAY) == {"soon": 1, "today": 1, "overdue": 1, "serious": 1}
    assert scan(today=TODAY) == ZERO

    assert Reminder.objects.count() == 4
    assert set(Reminder.objects.values_list("object_id", "tier")) == {
        (units[0].pk, "soon"),
        (units[1].pk, "today"),
        (units[2].pk, "overdue"),
        (units[3].pk, "serious"),
    }
    assert Notification.objects.filter(recipient=user).count() == 4
    assert OutboxMessage.objects.filter(channel="email").count() == 4


def test_the_next_day_reminds_again(four_tiers):
    scan(today=TODAY)
    # soon (3 days left), today -> overdue, overdue, serious; the one due in two months stays quiet.
    assert scan(today=TODAY + timedelta(days=1)) == {"soon": 1, "today": 0, "overdue": 2, "serious": 1}
    assert Reminder.objects.count() == 8


def test_a_reminder_already_written_by_another_scan_is_not_sent_again(four_tiers):
    items, _units, user = four_tiers
    policy = ReminderPolicy.current()
    rows = list(reminders.in_tier(TODAY, policy).filter(pk=items[1].pk).values(*reminders.FIELDS))
    people = reminders._People(policy)
    now = reminders.timezone.now()
    assert reminders._remind_batch(rows, today=TODAY, people=people, now=now) == {"today": 1}
    # The same rows again (a second worker that read "nothing sent yet"): the unique key refuses them.
    assert reminders._remind_batch(rows, today=TODAY, people=people, now=now) == {}
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(recipient=user).count() == 1
    assert OutboxMessage.objects.count() == 1
    # The scan itself leaves out what is already reminded today.
    assert scan(today=TODAY) == {"soon": 1, "today": 0, "overdue": 1, "serious": 1}


def test_a_closed_deadline_is_not_reminded(four_tiers):
    items, _units, _user = four_tiers
    Deadline.objects.filter(pk=items[3].pk).update(closed_at=reminders.timezone.now())
    assert scan(today=TODAY) == {"soon": 1, "today": 1, "overdue": 1, "serious": 0}


def test_a_dry_run_counts_and_writes_nothing(four_tiers):
    assert scan(today=TODAY, dry_run=True) == {"soon": 1, "today": 1, "overdue": 1, "serious": 1}
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()
    scan(today=TODAY)
    assert scan(today=TODAY, dry_run=True) == ZERO


def test_the_notification_says_what_where_when_and_how_late(four_tiers):
    _deadlines, units, _user = four_tiers
    scan(today=TODAY)
    serious = Notification.objects.get(key__endswith=f":{units[3].pk}:serious:2026-11-30")
    assert serious.title == "Seriously overdue by 61 days: 整改事项“整改县林业局”"
    assert serious.url == f"/supervision/items/{units[3].pk}/"
    assert "县林业局" in serious.body
    assert "61" in serious.body
    soon = Notification.objects.get(key__endswith=f":{units[0].pk}:soon:2026-11-30")
    assert soon.title == "Due soon: 整改事项“整改县农业农村局”"


def test_the_reminders_are_in_the_items_timeline(four_tiers):
    _deadlines, units, _user = four_tiers
    scan(today=TODAY)
    scan(today=TODAY + timedelta(days=1))
    assert [(r.day, r.tier) for r in reminders_of(units[1])] == [
        (TODAY, "today"),
        (TODAY + timedelta(days=1), "overdue"),
    ]
    assert list(reminders_of(units[4])) == []


# Escalation ----------------------------------------------------------------------------------------


@pytest.fixture
def escalation(roles):
    unit = UnitFactory(name="县住建局")
    worker = UserFactory(username="t-esc-worker", unit=unit, role="unit")
    head = UserFactory(username="t-esc-head", role="director")  # a county leader, not a unit clerk
    leader = UserFactory(username="t-esc-leader", role="director")
    unit.head = head
    unit.save()
    late = UnitFactory(name="县城管局")
    _item(late, date(2026, 10, 1), escalate_to=leader, unit=unit, title="严重超期")
    _item(unit, date(2026, 11, 25), escalate_to=leader, unit=unit, title="超期")
    return worker, head, leader


def _told(title_part):
    return set(
        Notification.objects.filter(title__contains=title_part).values_list("recipient__username", flat=True)
    )


def test_seriously_overdue_is_escalated_to_the_unit_head_and_the_leader(escalation):
    scan(today=TODAY)
    assert _told("严重超期") == {"t-esc-worker", "t-esc-head", "t-esc-leader"}
    assert _told("“超期”") == {"t-esc-worker"}
    assert Reminder.objects.get(tier="serious").recipients_count == 3


def test_escalation_can_be_turned_off(escalation):
    policy = ReminderPolicy.current()
    policy.escalate = False
    policy.save()
    scan(today=TODAY)
    assert _told("严重超期") == {"t-esc-worker"}


# WeCom ---------------------------------------------------------------------------------------------


def test_the_group_robot_gets_a_markdown_message_with_a_link(four_tiers, wecom, settings):  # noqa: F811
    settings.SITE_URL = "https://renda.example.gov.cn"
    wecom.answer(OK)
    _deadlines, units, _user = four_tiers
    scan(today=TODAY)
    rows = OutboxMessage.objects.filter(channel="wecom")
    assert rows.count() == 4
    assert deliver_outbox()["failed"] == 0
    bodies = [r["body"] for r in wecom.received]
    assert {b["msgtype"] for b in bodies} == {"markdown"}
    [serious] = [b["markdown"]["content"] for b in bodies if "Seriously" in b["markdown"]["content"]]
    assert serious.splitlines() == [
        "**Seriously overdue by 61 days: 整改事项“整改县林业局”**",
        "> Item：整改事项 · 整改县林业局",
        "> Unit：县林业局",
        "> Deadline：Sept. 30, 2026",
        "> Days overdue：61",
        f"[Open the item](https://renda.example.gov.cn/supervision/items/{units[3].pk}/)",
    ]


def test_no_group_message_when_the_policy_says_so(four_tiers, settings):
    settings.WECOM_WEBHOOK_URL = "http://127.0.0.1:1/webhook"
    policy = ReminderPolicy.current()
    policy.wecom = False
    policy.save()
    scan(today=TODAY)
    assert not OutboxMessage.objects.filter(channel="wecom").exists()


# Robustness and cost -------------------------------------------------------------------------------


def test_one_bad_item_does_not_stop_the_others(four_tiers, monkeypatch, caplog):
    headline = reminders._headline

    def broken(item, tier, days_late):
        if tier == "overdue":
            raise RuntimeError("a bad item")
        return headline(item, tier, days_late)

    monkeypatch.setattr(reminders, "_headline", broken)
    assert scan(today=TODAY) == {"soon": 1, "today": 1, "overdue": 0, "serious": 1}
    assert "skipped" in caplog.text
    assert not Reminder.objects.filter(tier="overdue").exists()  # its batch of one rolled back whole
    monkeypatch.setattr(reminders, "_headline", headline)
    assert scan(today=TODAY) == {"soon": 0, "today": 0, "overdue": 1, "serious": 0}  # tried again


def test_a_deleted_subject_is_skipped_not_a_crash(four_tiers):
    items, _units, _user = four_tiers
    Deadline.objects.filter(pk=items[0].pk).update(object_id=10**9)  # its record is gone
    assert scan(today=TODAY)["soon"] == 1
    assert scan(today=TODAY) == ZERO


def _scan_queries(n, user, audience=""):
    Reminder.objects.all().delete()
    Deadline.objects.all().delete()
    for i, unit in enumerate(UnitFactory.create_batch(n)):
        _item(unit, TODAY - timedelta(days=i % 40), person=user, audience=audience)
    with CaptureQueriesContext(connection) as first:
        made = scan(today=TODAY)
    assert sum(made.values()) == n
    with CaptureQueriesContext(connection) as second:
        assert scan(today=TODAY) == ZERO
    return len(first), len(second)


def test_the_scan_costs_the_same_queries_for_50_or_450_reminders(roles):
    user = UserFactory(username="t-rem-q", role="unit", email="q@example.com")
    ReminderPolicy.current()  # created once, then read
    _scan_queries(1, user)  # content types cached
    # Within one batch: the policy, the reads, the recipients, then three inserts; a second scan reads
    # the policy, its (empty) work list and whether a digest is owed.
    # (every tier is present in both, 40 days apart: the heads of serious items are read in both)
    assert _scan_queries(50, user) == _scan_queries(450, user)
    assert _scan_queries(50, user)[1] <= 3


def test_the_holders_digest_costs_the_same_queries_for_50_or_450_reminders(roles, staff):
    user = UserFactory(username="t-rem-q", role="unit", email="q@example.com")
    ReminderPolicy.current()
    _scan_queries(1, user, STAFF_CODES)
    assert _scan_queries(50, user, STAFF_CODES) == _scan_queries(450, user, STAFF_CODES)
    assert _digests(staff).order_by("-pk").first().title.startswith("Deadline reminders today: 450 items")


# The holders' digest -------------------------------------------------------------------------------

STAFF_CODES = "proposals.review_suggestion"


@pytest.fixture
def overseen(roles, staff):
    """Thirty deadlines of thirty units, overseen by the committee's staff; one unit clerk."""
    units = UnitFactory.create_batch(30)
    clerk = UserFactory(username="t-dig-clerk", unit=units[0], role="unit")
    for i, unit in enumerate(units):
        _item(unit, TODAY - timedelta(days=i * 2), audience=STAFF_CODES, title=f"整改{i:02d}")
    return units, clerk


def _digests(user):
    return Notification.objects.filter(recipient=user, key__startswith="reminder-digest:")


def test_holders_get_one_digest_of_the_day_worst_first_and_the_items_own_people_each(overseen, staff):
    units, clerk = overseen
    made = scan(today=TODAY)
    assert sum(made.values()) == 30

    digest = _digests(staff).get()
    assert (
        digest.title == "Deadline reminders today: 30 items (Seriously overdue 15, Overdue 14, Due today 1)"
    )
    lines = digest.body.splitlines()
    assert len(lines) == reminders.DIGEST_LINES + 1
    assert lines[0].startswith("Seriously overdue by 58 days: 整改事项“整改29”")  # the latest first
    assert lines[-1] == "And 10 more items: see the overdue board."
    assert digest.url == "/dashboard/overdue/"
    assert (
        not Notification.objects.filter(recipient=staff).exclude(key__startswith="reminder-digest:").exists()
    )
    # The unit's own clerk is told of the unit's item by name, and gets no digest.
    assert Notification.objects.filter(recipient=clerk).count() == 1
    assert not _digests(clerk).exists()
    holders = index.holders_of(STAFF_CODES).count()
    counts = dict(Reminder.objects.values_list("object_id", "recipients_count"))
    assert counts[units[0].pk] == holders + 1 and counts[units[1].pk] == holders

    email = OutboxMessage.objects.get(recipient=staff)
    assert email.payload["subject"] == digest.title
    assert f"/supervision/items/{units[29].pk}/" in email.payload["body"]  # each named item's link
    assert email.payload["body"].endswith("/dashboard/overdue/")

    assert scan(today=TODAY) == ZERO
    assert _digests(staff).count() == 1  # a second scan of the day: no second digest
    scan(today=TODAY + timedelta(days=1))
    assert _digests(staff).count() == 2  # the next day: a digest of its own


def test_a_scan_stopped_before_its_digest_leaves_it_for_the_next(overseen, staff, monkeypatch, caplog):
    digest = reminders._digest
    monkeypatch.setattr(reminders, "_digest", lambda **kw: (_ for _ in ()).throw(RuntimeError("stopped")))
    assert sum(scan(today=TODAY).values()) == 30
    assert "digest" in caplog.text
    assert not _digests(staff).exists()
    monkeypatch.setattr(reminders, "_digest", digest)
    assert scan(today=TODAY) == ZERO  # nothing new to remind ...
    assert _digests(staff).get().title.startswith("Deadline reminders today: 30 items")  # ... but owed


def test_a_later_scan_of_the_day_digests_only_what_it_added(overseen, staff):
    _units, _clerk = overseen
    scan(today=TODAY)
    _item(UnitFactory(name="县审计局"), TODAY, audience=STAFF_CODES, title="新整改")
    assert scan(today=TODAY)["today"] == 1
    latest = _digests(staff).order_by("-pk").first()
    assert _digests(staff).count() == 2
    assert latest.title == "Deadline reminders today: 1 item (Due today 1)"
    assert "新整改" in latest.body


# The task and the command --------------------------------------------------------------------------


def test_the_daily_task_scans_today_in_shanghai(four_tiers):
    # 00:30 in Shanghai is still the previous day in UTC: the scan must use the local day.
    with time_machine.travel(datetime(2026, 11, 30, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert send_reminders() == {"soon": 1, "today": 1, "overdue": 1, "serious": 1}
    assert set(Reminder.objects.values_list("day", flat=True)) == {TODAY}


def test_the_beat_schedule_runs_at_reminders_at(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["daily-reminders"]
    assert schedule["task"] == "renda.core.tasks.send_reminders"
    assert settings.REMINDERS_AT == (8, 30)
    assert schedule["schedule"].hour == {8}
    assert schedule["schedule"].minute == {30}


def _command(*args):
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def _counts(output):
    rows = [line.split() for line in output.splitlines() if line.startswith("  ")]
    return {row[0]: int(row[1]) for row in rows}


def test_the_command_prints_every_tier_and_creates_nothing_the_second_time(four_tiers):
    first = _command("--today", "2026-11-30")
    assert "2026-11-30" in first
    assert _counts(first) == {"soon": 1, "today": 1, "overdue": 1, "serious": 1, "total": 4}
    assert _counts(_command("--today", "2026-11-30")) == {**ZERO, "total": 0}
    assert Reminder.objects.count() == 4


def test_the_command_dry_run_writes_nothing(four_tiers):
    output = _command("--today", "2026-11-30", "--dry-run")
    assert "would be created" in output
    assert _counts(output)["total"] == 4
    assert not Reminder.objects.exists()


def test_the_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="--today must be YYYY-MM-DD"):
        _command("--today", "30/11/2026")


@pytest.mark.parametrize(("raw", "expected"), [("08:30", (8, 30)), ("7:05", (7, 5)), ("23:59", (23, 59))])
def test_reminders_at_is_a_time_of_day(monkeypatch, raw, expected):
    monkeypatch.setenv("REMINDERS_AT", raw)
    assert env_time_of_day("REMINDERS_AT", default="08:30") == expected


@pytest.mark.parametrize("raw", ["8", "24:00", "08:60", "8:5", "08.30", "eight", "-1:30"])
def test_a_bad_reminders_at_stops_start_up_with_a_clear_message(monkeypatch, raw):
    monkeypatch.setenv("REMINDERS_AT", raw)
    with pytest.raises(ImproperlyConfigured, match=r"REMINDERS_AT must be a time of day as HH:MM"):
        env_time_of_day("REMINDERS_AT", default="08:30")
