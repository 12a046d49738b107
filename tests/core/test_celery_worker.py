"""A real Celery worker on the Redis broker delivers what notify() queued on commit."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections, transaction

from renda.core.models import OutboxMessage
from renda.core.services import notify

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _close_worker_connections(**kwargs):
    # The worker thread opened its own database connection; close it so the test database can be
    # flushed and dropped afterwards.
    connections.close_all()


@pytest.fixture
def worker(celery_conf):
    app = celery_conf(
        broker_url=os.environ["REDIS_URL"],
        task_always_eager=False,
        worker_hijack_root_logger=False,
    )
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as running:
            yield running
    finally:
        task_postrun.disconnect(_close_worker_connections)


def _wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_delivers_the_email_queued_on_commit(roles, worker):
    from tests.factories import UserFactory

    user = UserFactory(role="unit", email="nongye@example.com")
    with transaction.atomic():
        notify(recipients=[user], title="建议已交办", body="请在三个月内答复。", key="worker-test")

    row = OutboxMessage.objects.get(dedupe_key=f"worker-test:email:{user.pk}")
    assert _wait_for(lambda: OutboxMessage.objects.get(pk=row.pk).status == OutboxMessage.Status.SENT), (
        "the worker did not deliver the outbox row within 15 seconds"
    )
    row.refresh_from_db()
    assert row.attempts == 1
    assert row.sent_at is not None
    assert [(m.subject, m.to) for m in mail.outbox] == [("建议已交办", ["nongye@example.com"])]
