"""Celery tasks of the core app: delivering the outbox, and the daily reminder scan.

A delivery holds no transaction or row lock across the network. It claims a due message and opens its
attempt in one short transaction (status sending, with a lease), sends with timeouts, then records the
outcome in a second short transaction. A claim whose lease runs out without an outcome (its worker
died mid-send) is handed back by the sweep and its attempt marked uncertain: the only way a message
can go out twice. A failed try is retried on the message's own schedule, queued with that time.
"""

import hashlib
import json
import logging
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from urllib.parse import urlparse

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from renda.core.models import DeliveryAttempt, OutboxMessage

logger = logging.getLogger(__name__)

BACKOFF_MAX = timedelta(hours=6)
# Retries further away than this are left to the periodic sweep rather than queued with an ETA: a
# Redis worker holds ETA tasks in memory, and one not started within the broker's visibility timeout
# (an hour) is handed to a second worker as well. With the default 8 attempts the longest wait is 32 min.
ETA_HORIZON = timedelta(minutes=45)
# A user's request queues a delivery run under these limits (seconds), then gives up: the sweep
# delivers what could not be queued.
KICK_CONNECT_TIMEOUT = 0.1
KICK_SOCKET_TIMEOUT = 0.1

UNCERTAIN_ERROR = (
    "The claim's lease ran out without an outcome: the process died mid-send, "
    "so the message may have been delivered."
)
LATE_NOTE = "(the outcome came after the lease had run out)"

Status = OutboxMessage.Status
Outcome = DeliveryAttempt.Outcome


class DeliveryError(Exception):
    def __init__(self, message: str, *, http_status: int | None = None):
        super().__init__(message)
        self.http_status = http_status


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 30 s, 1 min, 2 min, ... at most 6 hours (OUTBOX_BACKOFF_SECONDS first)."""
    first = timedelta(seconds=settings.OUTBOX_BACKOFF_SECONDS)
    return min(first * 2 ** min(max(attempts - 1, 0), 20), BACKOFF_MAX)


def message_id(dedupe_key: str) -> str:
    """The e-mail's Message-ID: the same on every try, so that a mail client shows a message delivered
    twice (after an uncertain attempt) once."""
    domain = urlparse(settings.SITE_URL).hostname or "renda.local"
    return f"<{hashlib.sha256(dedupe_key.encode('utf-8')).hexdigest()}@{domain}>"


def _send_email(msg: OutboxMessage) -> int | None:
    p = msg.payload
    EmailMessage(
        subject=p["subject"],
        body=p.get("body", ""),
        to=[p["to"]],
        headers={"Message-ID": message_id(msg.dedupe_key)},
    ).send(fail_silently=False)  # the SMTP backend's timeout is EMAIL_TIMEOUT
    return None


def _send_wecom(msg: OutboxMessage) -> int | None:
    url = settings.WECOM_WEBHOOK_URL
    if not url:
        raise DeliveryError("WECOM_WEBHOOK_URL is not configured")
    timeout = settings.WECOM_WEBHOOK_TIMEOUT
    request = urllib.request.Request(  # noqa: S310 - the URL is the administrator's configured webhook
        url,
        data=json.dumps(msg.payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    status = None
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status = response.status
            answer = json.loads(response.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"webhook answered HTTP {exc.code} {exc.reason}", http_status=exc.code) from exc
    except TimeoutError as exc:
        raise DeliveryError(f"webhook timed out after {timeout} s") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise DeliveryError(f"webhook timed out after {timeout} s (connecting)") from exc
        raise DeliveryError(f"webhook unreachable: {exc.reason}") from exc
    except OSError as exc:
        raise DeliveryError(f"webhook unreachable: {exc}") from exc
    except ValueError as exc:
        raise DeliveryError("webhook answered something that is not JSON", http_status=status) from exc
    if answer.get("errcode", 0) != 0:
        raise DeliveryError(
            f"webhook refused the message: {answer.get('errcode')} {answer.get('errmsg', '')}",
            http_status=status,
        )
    return status


SENDERS = {OutboxMessage.Channel.EMAIL: _send_email, OutboxMessage.Channel.WECOM: _send_wecom}


def claim(pk: int) -> tuple[OutboxMessage, DeliveryAttempt] | None:
    """Take a due message for one try and open its attempt; committed before any network call.

    skip_locked: a message another worker is claiming right now is theirs; None when not due.
    """
    now = timezone.now()
    with transaction.atomic():
        msg = OutboxMessage.objects.select_for_update(skip_locked=True).due(now=now).filter(pk=pk).first()
        if msg is None:
            return None
        msg.status = Status.SENDING
        msg.attempts += 1
        msg.claimed_at = now
        msg.lease_expires_at = now + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
        msg.save(update_fields=["status", "attempts", "claimed_at", "lease_expires_at"])
        # Numbered over the message's whole life: a retry by hand restarts `attempts`, not the log.
        last = msg.delivery_attempts.aggregate(last=Max("number"))["last"] or 0
        attempt = DeliveryAttempt.objects.create(message=msg, number=last + 1, started_at=now)
    return msg, attempt


def record(
    msg: OutboxMessage, attempt: DeliveryAttempt, *, error: str, http_status: int | None
) -> OutboxMessage:
    """Write the outcome of a try on its attempt and its message; returns the message as it is now."""
    now = timezone.now()
    with transaction.atomic():
        msg = OutboxMessage.objects.select_for_update().get(pk=msg.pk)
        attempt = DeliveryAttempt.objects.get(pk=attempt.pk)
        # The sweep closes an attempt as uncertain under the same row lock when it hands the message back.
        still_ours = attempt.outcome == Outcome.SENDING
        attempt.outcome = Outcome.FAILED if error else Outcome.SENT
        attempt.ended_at = now
        attempt.error = error if still_ours else f"{error} {LATE_NOTE}".strip()
        attempt.http_status = http_status
        attempt.save(update_fields=["outcome", "ended_at", "error", "http_status"])
        if not still_ours:
            # The send outlived its lease but finished after all. Once it is known to be delivered, a
            # message not yet claimed again is not sent a second time.
            if not error and msg.status in {Status.PENDING, Status.FAILED}:
                msg.status, msg.sent_at = Status.SENT, now
                msg.save(update_fields=["status", "sent_at"])
            return msg
        msg.lease_expires_at = None
        if error:
            # last_error is kept after a later success too: the attempts log holds the history.
            msg.last_error = error
            if msg.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                msg.status = Status.FAILED
            else:
                msg.status, msg.next_attempt_at = Status.PENDING, now + backoff(msg.attempts)
        else:
            msg.status, msg.sent_at = Status.SENT, now
        msg.save(update_fields=["status", "last_error", "next_attempt_at", "sent_at", "lease_expires_at"])
    return msg


def deliver_one(pk: int) -> str | None:
    """One try at one due message: claim, send outside any transaction, record. None when not due."""
    claimed = claim(pk)
    if claimed is None:
        return None
    msg, attempt = claimed
    error, http_status = "", None
    try:
        http_status = SENDERS[msg.channel](msg)
    except Exception as exc:
        error = (str(exc) or type(exc).__name__)[:2000]
        http_status = getattr(exc, "http_status", None)
        logger.warning("Outbox message %s failed (attempt %s): %s", msg.pk, msg.attempts, error)
    msg = record(msg, attempt, error=error, http_status=http_status)
    if msg.status == Status.PENDING and error:
        _queue_retry(msg.pk, at=msg.next_attempt_at)
    return msg.status


def _queue_retry(pk: int, *, at: datetime) -> None:
    """Queue the next try at the message's own time, so that it does not wait for the sweep."""
    if deliver_message.app.conf.task_always_eager:
        return  # an eager task would run now, before it is due; the next run delivers it
    if at - timezone.now() > ETA_HORIZON:
        return
    try:
        deliver_message.apply_async(args=[pk], eta=at, retry=False)
    except Exception:  # the broker is down: the sweep retries it once it is back
        logger.warning("Could not queue the retry of outbox message %s; the sweep will.", pk, exc_info=True)


def reclaim_expired(*, limit: int = 200) -> int:
    """Hand back the claims whose lease ran out: their attempt is uncertain, the message pending again
    (or failed when its attempts are used up). Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        expired = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .lease_expired(now=now)
            .order_by("lease_expires_at", "pk")[:limit]
        )
        for msg in expired:
            msg.delivery_attempts.filter(outcome=Outcome.SENDING).update(
                outcome=Outcome.UNCERTAIN, ended_at=now, error=UNCERTAIN_ERROR
            )
            msg.last_error = UNCERTAIN_ERROR
            msg.lease_expires_at = None
            if msg.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                msg.status = Status.FAILED
            else:
                msg.status, msg.next_attempt_at = Status.PENDING, now
            msg.save(update_fields=["status", "next_attempt_at", "last_error", "lease_expires_at"])
            logger.warning("Outbox message %s: attempt %s is uncertain; handed back.", msg.pk, msg.attempts)
    return len(expired)


def outbox_retry(*, messages: QuerySet[OutboxMessage], now: datetime | None = None) -> int:
    """An administrator's retry: the count starts again, the attempts log stays. Sent messages, and
    those being sent right now, are left alone. Returns how many will be tried."""
    now = now or timezone.now()
    with transaction.atomic():
        count = messages.filter(status__in=[Status.PENDING, Status.FAILED]).update(
            status=Status.PENDING, attempts=0, next_attempt_at=now
        )
        if count:
            transaction.on_commit(kick_delivery)
    return count


def kick_delivery() -> None:
    """Queue a delivery run now, on a user's request. A broker that is down or does not answer costs
    about a tenth of a second (no retries, short timeouts) and is only logged: the sweep delivers later.
    """
    app = deliver_outbox.app
    try:
        if app.conf.task_always_eager:
            deliver_outbox.apply_async()
            return
        # A connection of its own: the app-wide options also serve the workers, whose blocking reads
        # from the broker last longer than this socket timeout.
        options = {
            **app.conf.broker_transport_options,
            "max_retries": 0,
            "socket_connect_timeout": KICK_CONNECT_TIMEOUT,
            "socket_timeout": KICK_SOCKET_TIMEOUT,
        }
        connection = app.connection_for_write(connect_timeout=KICK_CONNECT_TIMEOUT, transport_options=options)
        with connection as conn:
            deliver_outbox.apply_async(connection=conn, retry=False)
    except Exception:  # a broker outage must never fail the user's request
        logger.warning("Could not queue outbox delivery; the periodic run will deliver.", exc_info=True)


@shared_task(name="renda.core.tasks.deliver_message", ignore_result=True)
def deliver_message(pk: int) -> str | None:
    """The retry of one message, queued for its next attempt time."""
    return deliver_one(pk)


@shared_task(name="renda.core.tasks.deliver_outbox", ignore_result=True)
def deliver_outbox(limit: int = 200) -> dict:
    """Hand back expired claims, then deliver the messages that are due.

    Queued on commit of every notify(), and by beat every minute as the safety net.
    """
    reclaim_expired(limit=limit)
    due = list(
        OutboxMessage.objects.due().order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]
    )
    outcome = {"sent": 0, "pending": 0, "failed": 0}
    for pk in due:
        status = deliver_one(pk)
        if status in outcome:
            outcome[status] += 1
    return outcome


@shared_task(name="renda.core.tasks.send_reminders", ignore_result=True)
def send_reminders() -> dict:
    """The daily scan (beat, at REMINDERS_AT): every open deadline in a tier is reminded once a day."""
    from renda.core.reminders import scan

    return scan(today=timezone.localdate())
