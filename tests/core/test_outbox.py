"""Delivering the outbox: e-mail through Django's mail backend, WeCom through a local stand-in webhook,
retries with backoff, giving up after OUTBOX_MAX_ATTEMPTS, and a broker outage that fails no request."""

import json
import logging
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from kombu.exceptions import OperationalError

from renda.core.models import Notification, OutboxMessage
from renda.core.services import notify
from renda.core.tasks import BACKOFF_MAX, backoff, deliver_outbox

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
Status = OutboxMessage.Status


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


def _wecom_row(content="建议已交办\n请在三个月内答复。"):
    return OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.WECOM,
        payload={"msgtype": "text", "text": {"content": content}},
        dedupe_key="suggestion:12:assigned:wecom",
    )


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
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 2, "")
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

    monkeypatch.setattr(deliver_outbox, "delay", broker_down)
    with caplog.at_level(logging.WARNING, logger="renda.core.services"), transaction.atomic():
        notify(recipients=[user], title="建议已交办", key="k")

    assert Notification.objects.filter(recipient=user).count() == 1
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 1
    assert "Could not queue outbox delivery" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_broker_does_not_fail_notify(roles, celery_conf, caplog):
    from tests.factories import UserFactory

    user = UserFactory(role="deputy")
    celery_conf(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")

    with caplog.at_level(logging.WARNING, logger="renda.core.services"), transaction.atomic():
        notify(recipients=[user], title="建议已交办", key="k")

    assert Notification.objects.filter(recipient=user).count() == 1
    assert OutboxMessage.objects.filter(status=Status.PENDING).count() == 1
    assert "Could not queue outbox delivery" in caplog.text
    assert mail.outbox == []
