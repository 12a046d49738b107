"""Supervision's menu entries and its part of each role's work queue (filled into core's registry)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.registry import NavEntry, QueueItem, registry
from supervision.models import RectificationItem, ReviewOpinion
from supervision.selectors import due_soon_items, opinions_awaiting_report, overdue_items, unit_of
from supervision.workflow import APPROVE, AS_UNIT, MANAGE, VIEW


def _staff_queue(user) -> list[QueueItem]:
    if not user.has_perm(MANAGE):
        return []
    today = timezone.localdate()
    ledger = reverse("supervision:ledger")
    return [
        QueueItem(
            label=_("Review opinions whose handling report is overdue"),
            count=opinions_awaiting_report().filter(report_due__lt=today).count(),
            url=reverse("supervision:index"),
            level="danger",
            hint=_("Sent to a body, the written report not yet received."),
        ),
        QueueItem(
            label=_("Rectification items done, awaiting verification"),
            count=RectificationItem.objects.filter(state=RectificationItem.State.DONE).count(),
            url=f"{ledger}?state={RectificationItem.State.DONE}",
            level="warning",
        ),
        QueueItem(
            label=_("Rectification items overdue"),
            count=overdue_items(today=today).count(),
            url=f"{ledger}?overdue=1",
            level="danger",
        ),
    ]


def _director_queue(user) -> list[QueueItem]:
    if not user.has_perm(APPROVE):
        return []
    return [
        QueueItem(
            label=_("Review opinions awaiting approval"),
            count=ReviewOpinion.objects.filter(state=ReviewOpinion.State.DRAFT).count(),
            url=reverse("supervision:index"),
            level="warning",
        ),
        QueueItem(
            label=_("Extensions of rectification items to decide"),
            count=RectificationItem.objects.filter(extension_deadline__isnull=False).count(),
            url=f"{reverse('supervision:ledger')}?extension=1",
            level="warning",
        ),
    ]


def _unit_queue(user) -> list[QueueItem]:
    if not user.has_perm(AS_UNIT):
        return []
    unit_id = unit_of(user)
    if unit_id is None:
        return []
    today = timezone.localdate()
    url = reverse("supervision:unit_queue")
    return [
        QueueItem(
            label=_("My rectification items due soon"),
            count=due_soon_items(today=today).filter(unit_id=unit_id, opinion__sent_on__isnull=False).count(),
            url=f"{url}?show=soon",
            level="warning",
        ),
        QueueItem(
            label=_("My rectification items overdue"),
            count=overdue_items(today=today).filter(unit_id=unit_id, opinion__sent_on__isnull=False).count(),
            url=f"{url}?show=overdue",
            level="danger",
        ),
    ]


def register() -> None:
    registry.add_nav(
        NavEntry(
            key="supervision",
            label=gettext_lazy("Supervision"),
            url_name="supervision:index",
            icon="clipboard-check",
            permission=VIEW,
            order=50,
        )
    )
    registry.add_nav(
        NavEntry(
            key="supervision.unit_queue",
            label=gettext_lazy("Rectification items"),
            url_name="supervision:unit_queue",
            icon="list-check",
            permission=AS_UNIT,
            order=51,
        )
    )
    registry.add_queue("supervision.staff", _staff_queue)
    registry.add_queue("supervision.director", _director_queue)
    registry.add_queue("supervision.unit", _unit_queue)
