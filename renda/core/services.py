"""Writes of the core app: notifications (in-app and through the outbox) and marking them read."""

import logging
from collections.abc import Iterable
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.core.models import Notification, OutboxMessage

logger = logging.getLogger(__name__)


def kick_delivery() -> None:
    """Ask a worker to deliver now; if the broker is down, beat's periodic run delivers later.

    Never raises, and a broker that is down costs the request about a tenth of a second.
    """
    from renda.core import tasks

    tasks.kick_delivery()


def absolute_url(url: str) -> str:
    """A link that works outside the browser (e-mail, WeCom) once SITE_URL is configured."""
    base = settings.SITE_URL
    return urljoin(base.rstrip("/") + "/", url.lstrip("/")) if base and url else url


def with_link(text: str, url: str) -> str:
    """The text with its absolute link on a line of its own (e-mail and plain WeCom text)."""
    return f"{text}\n{absolute_url(url)}".strip() if url else text


@transaction.atomic
def notify(
    *,
    recipients: Iterable,
    title: str,
    key: str,
    body: str = "",
    url: str = "",
    email: bool = True,
    wecom: bool = False,
    wecom_markdown: str = "",
) -> list[Notification]:
    """Tell `recipients` something, inside the caller's transaction.

    `key` names the event ("suggestion:12:assigned"). Each recipient gets at most one in-app
    notification and one e-mail per key, and the group robot one message per key, whatever the
    number of calls or workers: unique constraints in the database hold that. Delivery of the
    outbox is queued once the transaction commits. Returns the notifications created now.
    With `wecom_markdown` the group robot gets that markdown message instead of the plain text.
    """
    created_notes = []
    for user in {r.pk: r for r in recipients}.values():
        note, created = Notification.objects.get_or_create(
            recipient=user, key=key, defaults={"title": title, "body": body, "url": url}
        )
        if not created:
            continue
        created_notes.append(note)
        if email and user.email:
            OutboxMessage.objects.get_or_create(
                dedupe_key=f"{key}:email:{user.pk}",
                defaults={
                    "channel": OutboxMessage.Channel.EMAIL,
                    "recipient": user,
                    "payload": {"to": user.email, "subject": title, "body": with_link(body, url)},
                },
            )
    if wecom and settings.WECOM_WEBHOOK_URL:
        OutboxMessage.objects.get_or_create(
            dedupe_key=f"{key}:wecom",
            defaults={
                "channel": OutboxMessage.Channel.WECOM,
                "payload": {"msgtype": "markdown", "markdown": {"content": wecom_markdown}}
                if wecom_markdown
                else {
                    "msgtype": "text",
                    "text": {"content": with_link(f"{title}\n{body}".strip(), url)},
                },
            },
        )
    transaction.on_commit(kick_delivery)
    return created_notes


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when `ids` is None)."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())


def apply_fields(obj, data: dict, fields: Iterable[str]):
    """Copy onto `obj` the values of `fields` that `data` holds; the others stay as they are."""
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])
    return obj
