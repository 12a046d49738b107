"""Core's menu entries and work-queue counts, registered in the shared registry at start-up."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.registry import NavEntry, QueueItem, registry


def _outbox_queue(user):
    if not user.has_perm("core.view_outboxmessage"):
        return []
    from renda.core.models import OutboxMessage

    failed = OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).count()
    waiting = OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING, attempts__gt=0).count()
    url = reverse("admin:core_outboxmessage_changelist") if user.is_staff else ""
    return [
        QueueItem(
            label=_("Messages that could not be delivered"),
            count=failed,
            url=url,
            level="danger",
            hint=_("E-mail or WeCom messages that failed after every retry."),
        ),
        QueueItem(
            label=_("Messages being retried"),
            count=waiting,
            url=url,
            level="warning",
            hint=_("Delivery failed at least once; they are tried again automatically."),
        ),
    ]


def _notifications_queue(user):
    count = user.notifications.unread().count()
    return [QueueItem(label=_("Unread notifications"), count=count, url=reverse("core:notifications"))]


def register():
    registry.add_nav(NavEntry(key="home", label=_("Home"), url_name="accounts:home", icon="house", order=0))
    registry.add_nav(
        NavEntry(
            key="dashboard",
            label=_("Dashboards"),
            url_name="dashboard:index",
            icon="bar-chart",
            permission="accounts.view_dashboards",
            order=80,
        )
    )
    registry.add_nav(
        NavEntry(
            key="admin",
            label=_("Administration"),
            url_name="admin:index",
            icon="gear",
            permission="core.change_unit",
            order=90,
        )
    )
    registry.add_queue("core.notifications", _notifications_queue)
    registry.add_queue("core.outbox", _outbox_queue)
