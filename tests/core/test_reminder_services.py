"""The reminder engine against the real services: two scans at the same moment from two processes on
PostgreSQL find each reminder once; a real Celery worker process runs the daily task sent through
Redis; a broker outage fails no request and the outbox delivers once the broker is back."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from liaison.models import Opinion
from renda.core.models import Notification, OutboxMessage, Reminder, ReminderPolicy
from renda.core.tasks import deliver_outbox, send_reminders
from tests.factories import UserFactory
from tests.liaison.factories import OpinionFactory

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "WECOM_WEBHOOK_URL"}}
    env.update(
        {
            "DJANGO_DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "renda.settings",
            "DATABASE_URL": _database_url(),
            "EMAIL_URL": "dummy://",
            "PYTHONDONTWRITEBYTECODE": "1",
            **extra,
        }
    )
    return env


def _wait_for(predicate, timeout=60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.fixture
def open_opinions(roles, unit_user):
    """Forwarded opinions of `unit` in every tier as of `today`, and the unit's two active users."""

    def make(today):
        ReminderPolicy.current()
        colleague = UserFactory(username="t-unit-colleague", unit=unit_user.unit, role="unit")
        dues = [today + timedelta(days=2), today, today - timedelta(days=5), today - timedelta(days=40)]
        opinions = [
            OpinionFactory(state=Opinion.State.FORWARDED, unit=unit_user.unit, due_date=due) for due in dues
        ]
        return opinions, [unit_user, colleague]

    return make


def _assert_each_once(opinions, users, day):
    assert Reminder.objects.count() == len(opinions)
    assert set(Reminder.objects.values_list("object_id", "tier", "day")) == {
        (opinions[0].pk, "soon", day),
        (opinions[1].pk, "today", day),
        (opinions[2].pk, "overdue", day),
        (opinions[3].pk, "serious", day),
    }
    # Each reminder told each of the unit's users once, and queued one e-mail each.
    assert Notification.objects.filter(key__startswith="reminder:").count() == len(opinions) * len(users)
    emails = OutboxMessage.objects.filter(dedupe_key__startswith="reminder:", channel="email")
    assert emails.count() == len(opinions) * len(users)


@pytest.mark.services("postgres")
def test_two_scans_at_the_same_moment_from_two_processes_remind_once(open_opinions):
    today = timezone.localdate()
    opinions, users = open_opinions(today)
    command = [str(BIN / "python"), "manage.py", "send_reminders", "--today", today.isoformat()]
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            command, cwd=BASE_DIR, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in processes]
    for process, (_out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    totals = [int(line.split()[1]) for out, _err in outputs for line in out.splitlines() if "total" in line]
    assert sum(totals) == len(opinions), outputs  # between them, each reminder created once

    _assert_each_once(opinions, users, today)


@pytest.fixture
def worker_process():
    """A real `celery worker` process on the Redis broker and the test database."""
    name = f"reminders-{uuid.uuid4().hex[:8]}@%h"
    process = subprocess.Popen(  # noqa: S603 - our own virtualenv's celery
        [str(BIN / "celery"), "-A", "renda", "worker", "--pool=solo", "-l", "warning", "-n", name],
        cwd=BASE_DIR,
        env=_env(REDIS_URL=os.environ["REDIS_URL"]),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.mark.services("postgres", "redis")
def test_a_worker_process_runs_the_daily_task_sent_through_redis(open_opinions, celery_conf, worker_process):
    today = timezone.localdate()
    opinions, users = open_opinions(today)
    celery_conf(broker_url=os.environ["REDIS_URL"], task_always_eager=False)

    send_reminders.apply_async()

    assert _wait_for(lambda: Reminder.objects.count() == len(opinions)), (
        "the worker did not create the reminders within 60 seconds",
        worker_process.poll(),
    )
    assert _wait_for(
        lambda: OutboxMessage.objects.filter(dedupe_key__startswith="reminder:").count() == len(opinions) * 2
    )
    _assert_each_once(opinions, users, today)
    # The worker also delivers the outbox that the scan's notifications queued on commit.
    assert _wait_for(
        lambda: (
            not OutboxMessage.objects.filter(
                dedupe_key__startswith="reminder:", status=OutboxMessage.Status.PENDING
            ).exists()
        )
    ), "the worker did not deliver the reminders' e-mails"
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {OutboxMessage.Status.SENT}

    # The task again, the same day: nothing new.
    send_reminders.apply_async()
    time.sleep(3)
    assert Reminder.objects.count() == len(opinions)


def _close_worker_connections(**kwargs):
    connections.close_all()


@pytest.mark.services("redis")
def test_a_broker_outage_fails_no_request_and_the_outbox_delivers_when_it_is_back(
    client, staff, unit_user, celery_conf
):
    opinion = OpinionFactory()
    celery_conf(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")

    client.force_login(staff)
    response = client.post(
        reverse("liaison:opinion_act", args=[opinion.pk, "forward"]),
        {"forward-unit": unit_user.unit.pk, "forward-due_date": "", "forward-note": ""},
    )

    assert response.status_code == 302
    opinion.refresh_from_db()
    assert opinion.state == Opinion.State.FORWARDED
    row = OutboxMessage.objects.get(recipient=unit_user, channel="email")
    assert row.status == OutboxMessage.Status.PENDING
    assert mail.outbox == []

    # The broker is back: a worker on the real Redis delivers the pending row.
    app = celery_conf(
        broker_url=os.environ["REDIS_URL"], task_always_eager=False, worker_hijack_root_logger=False
    )
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            deliver_outbox.delay()
            assert _wait_for(
                lambda: OutboxMessage.objects.get(pk=row.pk).status == OutboxMessage.Status.SENT, timeout=20
            ), "the outbox row was not delivered once the broker was back"
    finally:
        task_postrun.disconnect(_close_worker_connections)
    assert [m.to for m in mail.outbox] == [[unit_user.email]]
