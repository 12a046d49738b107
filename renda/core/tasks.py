"""Celery tasks of the core app: delivering the outbox, and the daily reminder scan."""

import json
import logging
import urllib.request
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from renda.core.models import OutboxMessage

logger = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)
WEBHOOK_TIMEOUT = 10


class DeliveryError(Exception):
    pass


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 30 s, 1 min, 2 min, ... at most 6 hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def _send_email(msg: OutboxMessage) -> None:
    p = msg.payload
    EmailMessage(subject=p["subject"], body=p.get("body", ""), to=[p["to"]]).send(fail_silently=False)


def _send_wecom(msg: OutboxMessage) -> None:
    url = settings.WECOM_WEBHOOK_URL
    if not url:
        raise DeliveryError("WECOM_WEBHOOK_URL is not configured")
    request = urllib.request.Request(  # noqa: S310 - the URL is the administrator's configured webhook
        url,
        data=json.dumps(msg.payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8") or "{}")
    except OSError as exc:  # HTTPError, URLError, timeouts
        raise DeliveryError(f"webhook unreachable: {exc}") from exc
    except ValueError as exc:
        raise DeliveryError("webhook answered something that is not JSON") from exc
    if answer.get("errcode", 0) != 0:
        raise DeliveryError(
            f"webhook refused the message: {answer.get('errcode')} {answer.get('errmsg', '')}"
        )


SENDERS = {OutboxMessage.Channel.EMAIL: _send_email, OutboxMessage.Channel.WECOM: _send_wecom}


def deliver_one(pk: int, *, now=None) -> str | None:
    """Try one due message under a row lock, so that two workers never send it twice."""
    now = now or timezone.now()
    with transaction.atomic():
        msg = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now)
            .first()
        )
        if msg is None:
            return None
        msg.attempts += 1
        try:
            SENDERS[msg.channel](msg)
        except Exception as exc:
            msg.last_error = str(exc)[:2000]
            if msg.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                msg.status = OutboxMessage.Status.FAILED
            else:
                msg.next_attempt_at = now + backoff(msg.attempts)
            logger.warning("Outbox message %s failed (attempt %s): %s", msg.pk, msg.attempts, exc)
        else:
            msg.status = OutboxMessage.Status.SENT
            msg.sent_at = now
            msg.last_error = ""
        msg.save(update_fields=["attempts", "last_error", "status", "next_attempt_at", "sent_at"])
        return msg.status


@shared_task(name="renda.core.tasks.deliver_outbox", ignore_result=True)
def deliver_outbox(limit: int = 200) -> dict:
    """Deliver the messages that are due; failures wait with exponential backoff."""
    now = timezone.now()
    due = list(
        OutboxMessage.objects.due(now=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcome = {"sent": 0, "pending": 0, "failed": 0}
    for pk in due:
        status = deliver_one(pk, now=now)
        if status is not None:
            outcome[status] += 1
    return outcome


@shared_task(name="renda.core.tasks.send_reminders", ignore_result=True)
def send_reminders() -> dict:
    """The daily scan (beat, at REMINDERS_AT): every open deadline in a tier is reminded once a day."""
    from renda.core.reminders import scan

    return scan(today=timezone.localdate())
