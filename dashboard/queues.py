"""The dashboard's part of the work queue: seriously overdue items, linking to the overdue board."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.registry import QueueItem, registry


def _overdue_queue(user):
    if not user.has_perm("accounts.view_dashboards"):  # staff, directors, administrators
        return []
    from dashboard.selectors import seriously_overdue_count

    return [
        QueueItem(
            label=_("Seriously overdue items"),
            count=seriously_overdue_count(today=timezone.localdate()),
            url=reverse("dashboard:overdue"),
            level="danger",
            hint=_("Deadlines of every kind passed long ago; reminders are escalated."),
        )
    ]


def register():
    registry.add_queue("dashboard.overdue", _overdue_queue)
