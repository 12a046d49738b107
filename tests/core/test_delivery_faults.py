"""Delivery under faults: a broker that is down costs a request almost nothing; and against a real
Celery worker process on Redis and PostgreSQL, with stand-in servers on 127.0.0.1, a worker killed
mid-send loses nothing, a webhook slower than its timeout is given up and retried later, an SMTP server
that never answers holds no row lock, and a webhook that fails and recovers leaves the whole story in
the attempts log."""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction
from django.utils import timezone

from renda.core.models import DeliveryAttempt, Notification, OutboxMessage
from renda.core.services import kick_delivery, notify
from renda.core.tasks import deliver_outbox
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
Status = OutboxMessage.Status
Outcome = DeliveryAttempt.Outcome
OK, BUSY = b'{"errcode":0,"errmsg":"ok"}', b'{"errcode":-1,"errmsg":"busy"}'
PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}


def _wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


class SilentServer:
    """Accepts connections on 127.0.0.1 and never says a word: a hung broker or SMTP server."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:  # closed
                return
            self.accepted.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


# A broker that is down: the request's on-commit kick gives up at once.


@pytest.mark.django_db
@pytest.mark.parametrize("broker", ["closed port", "silent server"])
def test_a_broker_that_is_down_costs_the_request_almost_nothing(
    celery_conf, silent_server, broker, django_capture_on_commit_callbacks
):
    url = "redis://127.0.0.1:1/0" if broker == "closed port" else f"redis://127.0.0.1:{silent_server.port}/0"
    celery_conf(task_always_eager=False, broker_url=url)
    user = UserFactory()
    kick_delivery()  # loads the Redis transport, once per process, outside the measurement

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify(recipients=[user], title="建议已交办", key="k")
        committing = time.monotonic()
    elapsed = time.monotonic() - committing  # the on-commit kick

    assert len(callbacks) == 1
    assert elapsed < 0.3, f"the on-commit kick took {elapsed:.2f} s with the broker down"
    assert Notification.objects.filter(recipient=user).count() == 1
    assert OutboxMessage.objects.get().status == Status.PENDING  # the sweep delivers it later


# Against a real worker process. One worker serves the module (killed and restarted by one test), with
# short timeouts and lease so that every fault plays out in seconds.


class StandInWebhook:
    """The WeCom group-robot webhook on 127.0.0.1: `script` says, per POST in turn, how long to wait and
    which HTTP status to answer; then it answers 200 at once. Every POST is noted on arrival."""

    def __init__(self):
        self.script: list[tuple[float, int]] = []
        self.posts: list[tuple[float, str]] = []
        self.released = threading.Event()
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
                stand_in.posts.append((time.time(), body))
                delay, status = stand_in.script.pop(0) if stand_in.script else (0, 200)
                stand_in.released.wait(delay)
                answer = OK if status == 200 else BUSY
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format, *args):
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass  # the client gave up (a timeout, a killed worker): expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/cgi-bin/webhook/send?key=renda-test"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def contents(self) -> Counter:
        return Counter(json.loads(body)["text"]["content"] for _at, body in self.posts)

    def close(self):
        self.released.set()
        self.server.shutdown()
        self.server.server_close()


class WorkerProcess:
    """`celery worker` in a process of its own, on the Redis broker and the test database."""

    def __init__(self, env: dict):
        self.env = env
        self.process: subprocess.Popen | None = None
        self.log = None

    def start(self):
        self.log = open(os.devnull, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - our own virtualenv's celery
            [
                str(BIN / "celery"),
                "-A",
                "renda",
                "worker",
                "--pool=solo",
                "--without-mingle",
                "--without-gossip",
                "-l",
                "warning",
                "-n",
                f"faults-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )

    def kill(self):
        """SIGKILL: no shutdown, no outcome recorded, the task never acknowledged."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if self.log:
            self.log.close()


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture(scope="module")
def stand_ins():
    webhook, smtp = StandInWebhook(), SilentServer()
    yield webhook, smtp
    webhook.close()
    smtp.close()


@pytest.fixture(scope="module")
def worker(django_db_setup, stand_ins):
    webhook, smtp = stand_ins
    # Nothing queued by earlier runs reaches this worker.
    redis.Redis.from_url(os.environ["REDIS_URL"]).delete("celery", "unacked", "unacked_index")
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env.update(
        {
            "DJANGO_DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "renda.settings",
            "DATABASE_URL": _database_url(),
            "PYTHONDONTWRITEBYTECODE": "1",
            "no_proxy": "127.0.0.1,localhost",
            "WECOM_WEBHOOK_URL": webhook.url,
            "WECOM_WEBHOOK_TIMEOUT": "1",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "EMAIL_TIMEOUT": "1",
            "OUTBOX_LEASE_SECONDS": "2",
            "OUTBOX_BACKOFF_SECONDS": "1",
        }
    )
    process = WorkerProcess(env)
    process.start()
    yield process
    process.stop()


@pytest.fixture
def faults(worker, stand_ins, celery_conf):
    """The worker, the stand-in webhook and SMTP server; tasks from this process go to Redis."""
    celery_conf(broker_url=os.environ["REDIS_URL"], task_always_eager=False)
    webhook, smtp = stand_ins
    webhook.script, webhook.posts = [], []
    return worker, webhook, smtp


def _wecom_row(key: str) -> OutboxMessage:
    return OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.WECOM,
        payload={"msgtype": "text", "text": {"content": key}},
        dedupe_key=key,
    )


def _log(row) -> list[tuple]:
    return list(row.delivery_attempts.order_by("number").values_list("number", "outcome", "http_status"))


def _status(row) -> str:
    return OutboxMessage.objects.get(pk=row.pk).status


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_loses_nothing_and_only_the_message_in_flight_goes_twice(faults):
    worker, webhook, _smtp = faults
    webhook.script = [(3.0, 200)]  # the first POST is slow: the worker is killed while waiting for it
    rows = [_wecom_row(f"killed:{n}") for n in range(3)]
    deliver_outbox.apply_async()

    assert _wait_for(lambda: len(webhook.posts) == 1, timeout=20), "the worker never sent"
    worker.kill()
    in_flight = OutboxMessage.objects.get(status=Status.SENDING)
    assert _log(in_flight) == [(1, Outcome.SENDING, None)]

    worker.start()
    assert _wait_for(lambda: timezone.now() > in_flight.lease_expires_at, timeout=5)
    deliver_outbox.apply_async()  # beat's next tick
    assert _wait_for(lambda: all(_status(r) == Status.SENT for r in rows), timeout=20), [
        (r.dedupe_key, _status(r)) for r in rows
    ]

    # Only the message in flight went twice, and its first attempt says it may have.
    assert webhook.contents() == {r.dedupe_key: 2 if r.pk == in_flight.pk else 1 for r in rows}
    for row in rows:
        expected = [(1, Outcome.SENT, 200)]
        if row.pk == in_flight.pk:
            expected = [(1, Outcome.UNCERTAIN, None), (2, Outcome.SENT, 200)]
        assert _log(row) == expected


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_webhook_slower_than_its_timeout_is_given_up_and_retried_later(faults):
    _worker, webhook, _smtp = faults
    webhook.script = [(3.0, 200)]  # slower than WECOM_WEBHOOK_TIMEOUT=1
    row = _wecom_row("slow:1")
    deliver_outbox.apply_async()

    assert _wait_for(lambda: _status(row) == Status.SENT, timeout=20), _log(row)
    first, second = row.delivery_attempts.order_by("number")
    assert (first.outcome, second.outcome) == (Outcome.FAILED, Outcome.SENT)
    assert "timed out after 1 s" in first.error
    assert 0.9 <= (first.ended_at - first.started_at).total_seconds() < 2.5
    # Retried on its own schedule (OUTBOX_BACKOFF_SECONDS=1), by the task queued for that time.
    assert (second.started_at - first.ended_at).total_seconds() >= 1
    assert len(webhook.posts) == 2  # one POST per attempt: nothing retried underneath


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_smtp_server_that_never_answers_holds_no_row_lock_and_the_worker_moves_on(faults):
    _worker, _webhook, smtp = faults
    connections_before = len(smtp.accepted)
    email = OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        payload={"to": "nongye@example.com", "subject": "建议已交办"},
        dedupe_key="hang:email",
    )
    behind = _wecom_row("hang:wecom")
    deliver_outbox.apply_async()

    assert _wait_for(lambda: len(smtp.accepted) > connections_before, timeout=20), "no SMTP connection"
    # While the worker waits for a greeting that never comes, another transaction takes the row.
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update(nowait=True).get(pk=email.pk)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid <> "
                "pg_backend_pid() AND c.relname IN ('core_outboxmessage', 'core_deliveryattempt')"
            )
            (others_locks,) = cursor.fetchone()
    assert (locked.status, locked.attempts) == (Status.SENDING, 1)
    assert others_locks == 0
    assert _log(email) == [(1, Outcome.SENDING, None)]  # still hanging when the row was taken

    assert _wait_for(lambda: _status(behind) == Status.SENT, timeout=10), "the worker did not move on"
    attempt = email.delivery_attempts.get(number=1)
    assert attempt.outcome == Outcome.FAILED
    assert "timed out" in attempt.error
    assert (attempt.ended_at - attempt.started_at).total_seconds() < 2.5
    # Stop the retries against the silent server before the next test (once the one in flight ends).
    pending = OutboxMessage.objects.filter(pk=email.pk, status=Status.PENDING)
    assert _wait_for(lambda: pending.update(status=Status.FAILED) == 1, timeout=5)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_webhook_that_fails_then_recovers_leaves_every_attempt_in_the_log(faults):
    _worker, webhook, _smtp = faults
    webhook.script = [(0, 500)] * 3
    row = _wecom_row("recovers:1")
    deliver_outbox.apply_async()

    assert _wait_for(lambda: _status(row) == Status.SENT, timeout=20), _log(row)
    row.refresh_from_db()
    assert _log(row) == [*[(n, Outcome.FAILED, 500) for n in (1, 2, 3)], (4, Outcome.SENT, 200)]
    attempts = list(row.delivery_attempts.order_by("number"))
    assert all("HTTP 500" in a.error for a in attempts[:3])
    # Each wait doubles from OUTBOX_BACKOFF_SECONDS=1.
    waits = [(b.started_at - a.ended_at).total_seconds() for a, b in pairwise(attempts)]
    assert [round(w) for w in waits] == [1, 2, 4], waits
    assert (row.attempts, row.sent_at is not None) == (4, True)
    assert "HTTP 500" in row.last_error
    assert len(webhook.posts) == 4
