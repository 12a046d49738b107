"""The liaison app's menu entries and its part of each role's work queue (filled into core's registry)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.filters import AWAITING_FEEDBACK, FEEDBACK_DUE_STATES
from liaison.models import Opinion, Reception
from liaison.selectors import deputy_of, planned_receptions_on_duty
from renda.core.registry import NavEntry, QueueItem, registry


def _staff_queue(user) -> list[QueueItem]:
    items = []
    today = timezone.localdate()
    opinions = reverse("liaison:opinions")
    if user.has_perm("liaison.route_opinion"):
        items += [
            QueueItem(
                label=_("Opinions waiting to be routed"),
                count=Opinion.objects.filter(state=Opinion.State.RECORDED).count(),
                url=f"{opinions}?state={Opinion.State.RECORDED}",
                hint=_("Answer, refer, forward or turn into a suggestion."),
            ),
            QueueItem(
                label=_("Forwarded opinions overdue"),
                count=Opinion.objects.overdue(today=today).count(),
                url=f"{opinions}?overdue=1",
                level="danger",
            ),
            QueueItem(
                label=_("Opinions waiting for feedback to the resident"),
                count=Opinion.objects.filter(state__in=FEEDBACK_DUE_STATES).count(),
                url=f"{opinions}?state={AWAITING_FEEDBACK}",
                level="secondary",
            ),
        ]
    if user.has_perm("liaison.manage_liaison"):
        items.append(
            QueueItem(
                label=_("Past receptions not yet recorded"),
                count=Reception.objects.filter(state=Reception.State.PLANNED, date__lt=today).count(),
                url=f"{reverse('liaison:receptions')}?state={Reception.State.PLANNED}&period=past",
                level="warning",
                hint=_("Planned reception days whose date has passed."),
            )
        )
    return items


def _unit_queue(user) -> list[QueueItem]:
    if not user.has_perm("accounts.act_as_unit") or not user.unit_id:
        return []
    waiting = Opinion.objects.filter(state=Opinion.State.FORWARDED, unit_id=user.unit_id)
    overdue = waiting.overdue(today=timezone.localdate()).count()
    return [
        QueueItem(
            label=_("Opinions forwarded to my unit awaiting reply"),
            count=waiting.count(),
            url=f"{reverse('liaison:opinions')}?state={Opinion.State.FORWARDED}",
            level="danger" if overdue else "primary",
            hint=_("%(count)d overdue") % {"count": overdue} if overdue else "",
        )
    ]


def _deputy_queue(user) -> list[QueueItem]:
    if not user.has_perm("accounts.act_as_deputy"):
        return []
    deputy = deputy_of(user)
    if deputy is None:
        return []
    count = planned_receptions_on_duty(deputy, today=timezone.localdate()).count()
    return [
        QueueItem(
            label=_("Reception days I am on duty for in the next 30 days"),
            count=count,
            url=f"{reverse('liaison:receptions')}?state={Reception.State.PLANNED}&period=upcoming&on_duty=me",
        )
    ]


def register() -> None:
    registry.add_nav(
        NavEntry(
            key="liaison",
            label=gettext_lazy("Liaison"),
            url_name="liaison:index",
            icon="diagram-3",
            permission="liaison.view_liaison",
            order=30,
        )
    )
    registry.add_nav(
        NavEntry(
            key="liaison.my_station",
            label=gettext_lazy("My station"),
            url_name="liaison:my_station",
            icon="house-heart",
            permission="accounts.act_as_deputy",
            order=31,
        )
    )
    registry.add_nav(
        NavEntry(
            key="liaison.unit_opinions",
            label=gettext_lazy("Forwarded opinions"),
            url_name="liaison:opinions",
            icon="chat-left-text",
            permission="accounts.act_as_unit",
            order=32,
        )
    )
    registry.add_queue("liaison.staff", _staff_queue)
    registry.add_queue("liaison.unit", _unit_queue)
    registry.add_queue("liaison.deputy", _deputy_queue)
