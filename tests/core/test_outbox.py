"""Delivering the outbox: e-mail through Django's mail backend, WeCom through a local stand-in webhook;
the claim committed before the network call, the attempts log, retries on the row's own schedule,
expired claims handed back as uncertain, the administrator's retry, giving up after
OUTBOX_MAX_ATTEMPTS, and a broker outage that fails no request."""

import hashlib
import json
import logging
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from smtplib import SMTPServerDisconnected
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils.html import escape
from kombu.exceptions import OperationalError

from renda.core import tasks
from renda.core.models import DeliveryAttempt, Notification, OutboxMessage
from renda.core.services import notify
from renda.core.tasks import (
    BACKOFF_MAX,
    LATE_NOTE,
    SENDERS,
    UNCERTAIN_ERROR,
    backoff,
    claim,
    deliver_message,
    deliver_outbox,
    message_id,
    reclaim_expired,
)

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
START = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
Status = OutboxMessage.Status
Outcome = DeliveryAttempt.Outcome


@pytest.fixture(autouse=True)
def _tasks_in_process(eager_celery):
    """Nothing these tests do reaches a broker (with REDIS_URL set, a retry would be queued there)."""


class FakeWeCom:
    """A local HTTP server standing in for the WeCom group-robot webhook."""

    def __init__(self):
        self.answers: list[tuple[int, str]] = []  # consumed in order; the last one repeats
        self.received: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                fake.received.append(
                    {
                        "path": self.path,
                        "content_type": self.headers.get("Content-Type"),
                        "body": json.loads(self.rfile.read(length).decode("utf-8")),
                    }
                )
                status, text = fake.answers.pop(0) if len(fake.answers) > 1 else fake.answers[0]
                data = text.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=renda-test"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, *answers):
        self.answers = list(answers)


OK = (200, '{"errcode":0,"errmsg":"ok"}')
SERVER_ERROR = (500, '{"errcode":-1,"errmsg":"system busy"}')
REFUSED = (200, '{"errcode":93000,"errmsg":"invalid webhook url"}')


@pytest.fixture
def wecom(settings, monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    fake = FakeWeCom()
    fake.thread.start()
    settings.WECOM_WEBHOOK_URL = fake.url
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def _wecom_row(content="建议已交办\n请在三个月内答复。", key="suggestion:12:assigned:wecom"):
    return OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.WECOM,
        payload={"msgtype": "text", "text": {"content": content}},
        dedupe_key=key,
    )


def _log(row):
    return list(row.delivery_attempts.order_by("number").values_list("number", "outcome", "http_status"))


def test_backoff_doubles_from_30_seconds_up_to_six_hours():
    assert [backoff(n) for n in (1, 2, 3, 4)] == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
    ]
    assert backoff(0) == timedelta(seconds=30)
    assert backoff(30) == BACKOFF_MAX == timedelta(hours=6)


def test_an_email_row_is_sent_through_the_mail_backend(unit_user):
    with time_machine.travel(START, tick=False):
        notify(recipients=[unit_user], title="建议已交办", body="请答复。", url="/proposals/12/", key="k")
        outcome = deliver_outbox()

    assert outcome == {"sent": 1, "pending": 0, "failed": 0}
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert (sent.subject, sent.body, sent.to) == ("建议已交办", "请答复。\n/proposals/12/", [unit_user.email])
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts, row.sent_at, row.last_error) == (Status.SENT, 1, START, "")
    assert row.lease_expires_at is None
    attempt = row.delivery_attempts.get()
    assert (attempt.number, attempt.outcome, attempt.started_at, attempt.ended_at, attempt.error) == (
        1,
        Outcome.SENT,
        START,
        START,
        "",
    )

    # Sent is final: another run sends nothing twice.
    assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_row_not_yet_due_waits(unit_user):
    with time_machine.travel(START, tick=False):
        notify(recipients=[unit_user], title="t", key="k")
        OutboxMessage.objects.update(next_attempt_at=START + timedelta(minutes=5))
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}
    assert mail.outbox == []


def test_a_mail_server_that_refuses_connections_means_a_retry_later(settings, unit_user):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    with time_machine.travel(START, tick=False):
        notify(recipients=[unit_user], title="t", key="k")
        assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}
    row = OutboxMessage.objects.get()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert row.last_error
    assert row.next_attempt_at == START + timedelta(seconds=30)


def test_wecom_server_error_then_success_after_the_backoff(wecom):
    wecom.answer(SERVER_ERROR, OK)
    with time_machine.travel(START, tick=False) as traveller:
        row = _wecom_row()
        assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}

        row.refresh_from_db()
        assert (row.status, row.attempts) == (Status.PENDING, 1)
        assert "500" in row.last_error
        assert row.next_attempt_at == START + timedelta(seconds=30)
        assert row.sent_at is None

        # Before the backoff has passed nothing is tried.
        traveller.shift(timedelta(seconds=29))
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}
        assert len(wecom.received) == 1

        traveller.shift(timedelta(seconds=2))
        assert deliver_outbox() == {"sent": 1, "pending": 0, "failed": 0}

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)
    # The error stays after the success; the attempts log tells what happened when.
    assert "HTTP 500" in row.last_error
    assert _log(row) == [(1, Outcome.FAILED, 500), (2, Outcome.SENT, 200)]
    first, second = row.delivery_attempts.order_by("number")
    assert "HTTP 500" in first.error
    assert (first.started_at, first.ended_at) == (START, START)
    assert (second.started_at, second.error) == (START + timedelta(seconds=31), "")
    assert row.sent_at == START + timedelta(seconds=31)
    assert len(wecom.received) == 2
    request = wecom.received[-1]
    assert request["path"] == "/cgi-bin/webhook/send?key=renda-test"
    assert request["content_type"] == "application/json; charset=utf-8"
    assert request["body"] == {"msgtype": "text", "text": {"content": "建议已交办\n请在三个月内答复。"}}


def test_notify_to_wecom_reaches_the_webhook(wecom, unit_user):
    wecom.answer(OK)
    with time_machine.travel(START, tick=False):
        notify(recipients=[unit_user], title="督办提醒", body="整改事项今日到期。", key="k", wecom=True)
        assert deliver_outbox() == {"sent": 2, "pending": 0, "failed": 0}
    assert [r["body"] for r in wecom.received] == [
        {"msgtype": "text", "text": {"content": "督办提醒\n整改事项今日到期。"}}
    ]
    assert len(mail.outbox) == 1


def test_a_wecom_errcode_is_a_failure_even_with_http_200(wecom):
    wecom.answer(REFUSED)
    with time_machine.travel(START, tick=False):
        row = _wecom_row()
        assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}
    row.refresh_from_db()
    assert row.status == Status.PENDING
    assert row.attempts == 1
    assert "93000" in row.last_error
    assert "invalid webhook url" in row.last_error


def test_an_answer_that_is_not_json_is_a_failure(wecom):
    wecom.answer((200, "<html>portal login</html>"))
    with time_machine.travel(START, tick=False):
        row = _wecom_row()
        deliver_outbox()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "not JSON" in row.last_error


def test_a_wecom_row_without_a_configured_webhook_fails_and_waits(settings):
    settings.WECOM_WEBHOOK_URL = ""
    with time_machine.travel(START, tick=False):
        row = _wecom_row()
        deliver_outbox()
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "not configured" in row.last_error


def test_after_the_last_attempt_the_row_is_failed(settings, wecom):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    wecom.answer(REFUSED)
    with time_machine.travel(START, tick=False) as traveller:
        row = _wecom_row()
        for attempt in (1, 2):
            assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}
            row.refresh_from_db()
            assert (row.status, row.attempts) == (Status.PENDING, attempt)
            traveller.shift(backoff(attempt))
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 1}

        row.refresh_from_db()
        assert (row.status, row.attempts) == (Status.FAILED, 3)
        assert "93000" in row.last_error
        assert _log(row) == [(n, Outcome.FAILED, 200) for n in (1, 2, 3)]

        # Failed is final: no further tries, whatever time passes.
        traveller.shift(timedelta(days=2))
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}
    assert len(wecom.received) == 3


def test_one_failing_row_does_not_hold_up_the_others(wecom, unit_user):
    wecom.answer(SERVER_ERROR)
    with time_machine.travel(START, tick=False):
        _wecom_row()
        notify(recipients=[unit_user], title="t", key="k")
        assert deliver_outbox() == {"sent": 1, "pending": 1, "failed": 0}
    assert len(mail.outbox) == 1


# A broker outage never fails the request: the rows are committed and the periodic run delivers later.


@pytest.mark.django_db(transaction=True)
def test_a_broker_that_refuses_the_task_does_not_undo_the_change(roles, monkeypatch, caplog):
    from tests.factories import UserFactory

    user = UserFactory(role="deputy")

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(deliver_outbox, "apply_async", broker_down)
    with caplog.at_level(logging.WARNING, logger="renda.core.tasks"), transaction.atomic():
        notify(recipients=[user], title="建议已交办", key="k")

    assert Notification.objects.filter(recipient=user).count() == 1
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 1
    assert "Could not queue outbox delivery" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_broker_does_not_fail_notify(roles, celery_conf, caplog):
    from tests.factories import UserFactory

    user = UserFactory(role="deputy")
    celery_conf(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")

    with caplog.at_level(logging.WARNING, logger="renda.core.tasks"), transaction.atomic():
        notify(recipients=[user], title="建议已交办", key="k")

    assert Notification.objects.filter(recipient=user).count() == 1
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 1
    assert "Could not queue outbox delivery" in caplog.text
    assert mail.outbox == []


# The claim: committed before the network call, which runs outside every transaction and row lock.


@pytest.mark.django_db(transaction=True)
def test_the_claim_is_committed_before_the_network_call(monkeypatch):
    row = _wecom_row()
    seen = {}

    def sender(msg):
        seen["autocommit"] = transaction.get_autocommit() and not connection.in_atomic_block
        # A connection of its own sees only what is committed (on PostgreSQL; SQLite has one writer).
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT status, attempts FROM core_outboxmessage WHERE id = %s", [msg.pk])
                seen["message"] = cursor.fetchone()
                cursor.execute(
                    "SELECT number, outcome, ended_at FROM core_deliveryattempt WHERE message_id = %s",
                    [msg.pk],
                )
                seen["attempts"] = cursor.fetchall()
                if other.vendor == "postgresql":
                    # Raises if the sending worker held the row lock.
                    cursor.execute(
                        "SELECT id FROM core_outboxmessage WHERE id = %s FOR UPDATE NOWAIT", [msg.pk]
                    )
                    seen["row_lock_free"] = True
        finally:
            other.close()
        return 200

    monkeypatch.setitem(SENDERS, OutboxMessage.Channel.WECOM, sender)
    assert deliver_outbox() == {"sent": 1, "pending": 0, "failed": 0}

    assert seen["autocommit"] is True
    assert seen["message"] == (Status.SENDING, 1)
    assert seen["attempts"] == [(1, Outcome.SENDING, None)]
    if connection.vendor == "postgresql":
        assert seen["row_lock_free"] is True
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert _log(row) == [(1, Outcome.SENT, 200)]


def test_a_claimed_message_is_not_claimed_again():
    with time_machine.travel(START, tick=False):
        row = _wecom_row()
        first = claim(row.pk)
        assert first is not None
        msg, attempt = first
        assert (msg.status, msg.attempts, msg.claimed_at) == (Status.SENDING, 1, START)
        assert msg.lease_expires_at == START + timedelta(seconds=120)
        assert (attempt.number, attempt.outcome, attempt.started_at) == (1, Outcome.SENDING, START)
        assert claim(row.pk) is None
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}


# Retries on the message's own schedule.


def test_a_failure_waits_by_the_backoff_and_queues_its_retry_for_that_time(wecom, celery_conf, monkeypatch):
    celery_conf(task_always_eager=False)
    queued = []
    monkeypatch.setattr(deliver_message, "apply_async", lambda *args, **kwargs: queued.append(kwargs))
    wecom.answer(SERVER_ERROR)
    with time_machine.travel(START, tick=False) as traveller:
        row = _wecom_row()
        assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}
        assert queued == [{"args": [row.pk], "eta": START + timedelta(seconds=30), "retry": False}]

        traveller.shift(timedelta(seconds=30))
        assert deliver_message(row.pk) == Status.PENDING
        row.refresh_from_db()
        assert row.next_attempt_at == START + timedelta(seconds=30 + 60)
        assert queued[-1]["eta"] == row.next_attempt_at
    assert _log(row) == [(1, Outcome.FAILED, 500), (2, Outcome.FAILED, 500)]


def test_a_retry_beyond_the_eta_horizon_waits_for_the_sweep(settings, wecom, celery_conf, monkeypatch):
    settings.OUTBOX_MAX_ATTEMPTS = 20
    celery_conf(task_always_eager=False)
    queued = []
    monkeypatch.setattr(deliver_message, "apply_async", lambda *args, **kwargs: queued.append(kwargs))
    wecom.answer(SERVER_ERROR)
    with time_machine.travel(START, tick=False):
        row = _wecom_row()
        OutboxMessage.objects.filter(pk=row.pk).update(attempts=7)
        assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}
    row.refresh_from_db()
    assert row.next_attempt_at == START + backoff(8) == START + timedelta(minutes=64)
    assert queued == []


def test_a_retry_that_cannot_be_queued_is_left_to_the_sweep(wecom, celery_conf, monkeypatch, caplog):
    celery_conf(task_always_eager=False)

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(deliver_message, "apply_async", broker_down)
    wecom.answer(SERVER_ERROR)
    with time_machine.travel(START, tick=False):
        row = _wecom_row()
        assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}
    assert "Could not queue the retry" in caplog.text
    row.refresh_from_db()
    assert (row.status, row.next_attempt_at) == (Status.PENDING, START + timedelta(seconds=30))


def test_the_first_wait_is_a_setting(settings):
    settings.OUTBOX_BACKOFF_SECONDS = 1
    assert [backoff(n).total_seconds() for n in (1, 2, 3)] == [1, 2, 4]
    assert backoff(10_000) == BACKOFF_MAX


# A claim that outlives its lease: the only way a message may go out twice, and it is marked.


def test_a_claim_that_outlives_its_lease_is_marked_uncertain_and_sent_again(wecom):
    wecom.answer(OK)
    with time_machine.travel(START, tick=False) as traveller:
        row = _wecom_row()
        claim(row.pk)  # a worker claimed it, then died before it could record an outcome

        traveller.shift(timedelta(seconds=119))
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}
        row.refresh_from_db()
        assert row.status == Status.SENDING

        traveller.shift(timedelta(seconds=2))
        assert deliver_outbox() == {"sent": 1, "pending": 0, "failed": 0}

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, UNCERTAIN_ERROR)
    assert _log(row) == [(1, Outcome.UNCERTAIN, None), (2, Outcome.SENT, 200)]
    uncertain = row.delivery_attempts.get(number=1)
    assert (uncertain.ended_at, uncertain.error) == (START + timedelta(seconds=121), UNCERTAIN_ERROR)
    assert len(wecom.received) == 1


def test_an_expired_claim_with_no_attempts_left_is_failed(settings, wecom):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    wecom.answer(OK)
    with time_machine.travel(START, tick=False) as traveller:
        row = _wecom_row()
        claim(row.pk)
        traveller.shift(timedelta(minutes=3))
        assert reclaim_expired() == 1
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert _log(row) == [(1, Outcome.UNCERTAIN, None)]
    assert wecom.received == []


def test_an_outcome_after_the_lease_ran_out_is_kept_and_not_sent_twice(wecom, monkeypatch):
    with time_machine.travel(START, tick=False) as traveller:
        row = _wecom_row()

        def slow_sender(msg):
            # Meanwhile the sweep (another process) finds the lease run out and hands the message back.
            traveller.shift(timedelta(seconds=130))
            assert reclaim_expired() == 1
            return 200

        monkeypatch.setitem(SENDERS, OutboxMessage.Channel.WECOM, slow_sender)
        assert deliver_outbox() == {"sent": 1, "pending": 0, "failed": 0}
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 0}

    row.refresh_from_db()
    assert (row.status, row.attempts, row.sent_at) == (Status.SENT, 1, START + timedelta(seconds=130))
    assert _log(row) == [(1, Outcome.SENT, 200)]
    assert row.delivery_attempts.get().error == LATE_NOTE


# E-mail: a Message-ID derived from the deduplication key, the same on every try.


class FlakyBackend(LocmemBackend):
    """Loses the connection on the first message it is given, delivers after; notes every Message-ID."""

    seen: list[str] = []

    def send_messages(self, messages):
        for message in messages:
            FlakyBackend.seen.append(message.message()["Message-ID"])
        if len(FlakyBackend.seen) == 1:
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_an_email_keeps_its_message_id_across_tries(settings, unit_user):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.seen = []
    with time_machine.travel(START, tick=False) as traveller:
        notify(recipients=[unit_user], title="建议已交办", key="suggestion:12:assigned")
        assert deliver_outbox() == {"sent": 0, "pending": 1, "failed": 0}
        traveller.shift(timedelta(seconds=30))
        assert deliver_outbox() == {"sent": 1, "pending": 0, "failed": 0}

    key = f"suggestion:12:assigned:email:{unit_user.pk}"
    expected = f"<{hashlib.sha256(key.encode()).hexdigest()}@renda.local>"
    assert FlakyBackend.seen == [expected, expected]
    assert mail.outbox[0].message()["Message-ID"] == expected
    row = OutboxMessage.objects.get()
    assert _log(row) == [(1, Outcome.FAILED, None), (2, Outcome.SENT, None)]
    assert "Connection unexpectedly closed" in row.delivery_attempts.get(number=1).error


def test_the_message_id_names_the_site_when_it_is_configured(settings):
    settings.SITE_URL = "https://renda.example.gov.cn/"
    assert message_id("k").endswith("@renda.example.gov.cn>")
    assert message_id("k") == message_id("k") != message_id("k2")


# The administrator's view: status, attempts, the log inline, uncertain and failed ones easy to find.


def _attempt(row, number, outcome, error=""):
    return DeliveryAttempt.objects.create(
        message=row, number=number, outcome=outcome, started_at=START, ended_at=START, error=error
    )


@pytest.fixture
def outbox_rows():
    failed = _wecom_row(key="a:wecom")
    OutboxMessage.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=3, last_error="HTTP 500")
    for n in (1, 2, 3):
        _attempt(failed, n, Outcome.FAILED, "webhook answered HTTP 500 Internal Server Error")
    twice = _wecom_row(key="b:wecom")
    OutboxMessage.objects.filter(pk=twice.pk).update(status=Status.SENT, attempts=2, sent_at=START)
    _attempt(twice, 1, Outcome.UNCERTAIN, UNCERTAIN_ERROR)
    _attempt(twice, 2, Outcome.SENT)
    sending = _wecom_row(key="c:wecom")
    claim(sending.pk)
    return {"failed": failed, "twice": twice, "sending": sending}


def _changelist(client, query=""):
    response = client.get(reverse("admin:core_outboxmessage_changelist") + query)
    assert response.status_code == 200
    return {row.dedupe_key for row in response.context["cl"].result_list}


def test_the_admin_finds_failed_and_uncertain_messages(client, admin, outbox_rows):
    client.force_login(admin)
    assert _changelist(client) == {"a:wecom", "b:wecom", "c:wecom"}
    assert _changelist(client, "?status__exact=failed") == {"a:wecom"}
    assert _changelist(client, "?status__exact=sending") == {"c:wecom"}
    assert _changelist(client, "?uncertain=yes") == {"b:wecom"}
    assert _changelist(client, "?uncertain=no") == {"a:wecom", "c:wecom"}


def test_the_admin_shows_a_messages_attempts_read_only(client, admin, outbox_rows):
    client.force_login(admin)
    response = client.get(reverse("admin:core_outboxmessage_change", args=[outbox_rows["twice"].pk]))
    assert response.status_code == 200
    (formset,) = response.context["inline_admin_formsets"]
    assert [(f.original.number, f.original.outcome) for f in formset] == [
        (2, Outcome.SENT),
        (1, Outcome.UNCERTAIN),
    ]
    assert formset.has_add_permission is False
    assert formset.has_change_permission is False
    assert formset.has_delete_permission is False
    assert escape(UNCERTAIN_ERROR) in response.content.decode()


def test_the_admins_retry_starts_the_count_again_and_keeps_the_log(
    client, admin, outbox_rows, monkeypatch, django_capture_on_commit_callbacks
):
    kicks = []
    monkeypatch.setattr(tasks, "kick_delivery", lambda: kicks.append(1))
    client.force_login(admin)
    rows = outbox_rows
    with (
        time_machine.travel(START + timedelta(days=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("admin:core_outboxmessage_changelist"),
            {"action": "retry_now", "_selected_action": [r.pk for r in rows.values()]},
        )
    assert response.status_code == 302
    assert kicks == [1]

    failed = OutboxMessage.objects.get(pk=rows["failed"].pk)
    assert (failed.status, failed.attempts, failed.next_attempt_at) == (
        Status.PENDING,
        0,
        START + timedelta(days=1),
    )
    assert failed.last_error == "HTTP 500"
    assert failed.delivery_attempts.count() == 3
    # Sent stays sent; one being sent right now is its worker's.
    assert OutboxMessage.objects.get(pk=rows["twice"].pk).status == Status.SENT
    sending = OutboxMessage.objects.get(pk=rows["sending"].pk)
    assert (sending.status, sending.attempts) == (Status.SENDING, 1)


def test_after_a_retry_by_hand_the_log_numbers_on(settings, wecom):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    wecom.answer(SERVER_ERROR, OK)
    with time_machine.travel(START, tick=False):
        row = _wecom_row()
        assert deliver_outbox() == {"sent": 0, "pending": 0, "failed": 1}
        tasks.outbox_retry(messages=OutboxMessage.objects.filter(pk=row.pk))
        assert deliver_outbox() == {"sent": 1, "pending": 0, "failed": 0}
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert _log(row) == [(1, Outcome.FAILED, 500), (2, Outcome.SENT, 200)]


def test_a_lease_shorter_than_the_timeouts_refuses_to_start(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "OUTBOX_LEASE_SECONDS": "10",
        "WECOM_WEBHOOK_TIMEOUT": "10",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import renda.settings"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "OUTBOX_LEASE_SECONDS (10) must be longer than EMAIL_TIMEOUT (10)" in result.stderr
