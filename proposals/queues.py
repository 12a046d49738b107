"""The suggestion ledger's menu entries and its part of each role's work queue (core's registry)."""

from datetime import timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from proposals.filing_selectors import invitations_for
from proposals.models import AWAITING_REPLY, CoHandling, Policy, State, Suggestion
from renda.core.registry import NavEntry, QueueItem, registry


def _url(name: str, query: str = "") -> str:
    """A link to a page of another part of the app, or none while that page does not exist."""
    try:
        url = reverse(name)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


def _staff_queue(user) -> list[QueueItem]:
    if not user.has_perm("proposals.review_suggestion"):
        return []
    today = timezone.localdate()
    return [
        QueueItem(
            label=_("Suggestions to review"),
            count=Suggestion.objects.filter(state__in=[State.SUBMITTED, State.UNDER_REVIEW]).count(),
            url=_url("proposals:review_queue"),
            hint=_("Submitted by deputies: review, return, merge or assign."),
        ),
        QueueItem(
            label=_("Suggestion replies overdue"),
            count=Suggestion.objects.overdue(today=today).count(),
            url=_url("proposals:ledger", "overdue=1"),
            level="danger",
        ),
        QueueItem(
            label=_("Return requests awaiting decision"),
            count=Suggestion.objects.filter(state=State.TRANSFER_REQUESTED).count(),
            url=_url("proposals:approvals", "kind=transfer"),
            level="warning",
            hint=_("Units asking to give a suggestion back (退办)."),
        ),
    ]


def _director_queue(user) -> list[QueueItem]:
    if not user.has_perm("proposals.approve_extension"):
        return []
    today = timezone.localdate()
    items = [
        QueueItem(
            label=_("Extensions awaiting approval"),
            count=Suggestion.objects.filter(
                extension_requested_at__isnull=False,
                is_extended=False,
                state__in=[State.ASSIGNED, State.IN_PROGRESS],
            ).count(),
            url=_url("proposals:approvals", "kind=extension"),
            level="warning",
        ),
        QueueItem(
            label=_("Key suggestions overdue"),
            count=Suggestion.objects.overdue(today=today).filter(is_key=True).count(),
            url=_url("proposals:ledger", "key=1&overdue=1"),
            level="danger",
        ),
    ]
    if not user.has_perm("proposals.review_suggestion"):
        # Staff see the same count in their own part of the queue.
        items.insert(
            1,
            QueueItem(
                label=_("Return requests awaiting decision"),
                count=Suggestion.objects.filter(state=State.TRANSFER_REQUESTED).count(),
                url=_url("proposals:approvals", "kind=transfer"),
                level="warning",
            ),
        )
    return items


def _unit_queue(user) -> list[QueueItem]:
    if not user.has_perm("accounts.act_as_unit") or not user.unit_id:
        return []
    today = timezone.localdate()
    soon = today + timedelta(days=Policy.current().due_soon_days)
    lead = Suggestion.objects.filter(lead_unit_id=user.unit_id, state__in=AWAITING_REPLY)
    queue = _url("proposals:unit_queue")

    def link(show):
        return f"{queue}?show={show}" if queue else ""

    return [
        QueueItem(
            label=_("Suggestions assigned to my unit awaiting acceptance"),
            count=lead.filter(state=State.ASSIGNED).count(),
            url=link("accept"),
        ),
        QueueItem(
            label=_("Suggestion replies due soon"),
            count=lead.filter(reply_due__gte=today, reply_due__lte=soon).count(),
            url=link("soon"),
            level="warning",
        ),
        QueueItem(
            label=_("Suggestion replies overdue"),
            count=lead.filter(reply_due__lt=today).count(),
            url=link("overdue"),
            level="danger",
        ),
        QueueItem(
            label=_("Co-handling opinions my unit owes"),
            count=CoHandling.objects.filter(
                unit_id=user.unit_id, sent_at__isnull=True, suggestion__state__in=AWAITING_REPLY
            ).count(),
            url=link("cohandling"),
            level="secondary",
        ),
    ]


def _deputy_queue(user) -> list[QueueItem]:
    if not user.has_perm("accounts.act_as_deputy"):
        return []
    deputy = getattr(user, "deputy", None)
    if deputy is None:
        return []
    mine = _url("proposals:mine")
    return [
        QueueItem(
            label=_("Replies awaiting my rating"),
            count=Suggestion.objects.filter(lead_deputy=deputy, state=State.REPLIED).count(),
            url=mine,
            level="warning",
        ),
        QueueItem(
            label=_("Invitations to co-sign a suggestion"),
            count=invitations_for(deputy).count(),
            url=mine,
        ),
    ]


def register() -> None:
    registry.add_nav(
        NavEntry(
            key="proposals.ledger",
            label=gettext_lazy("Suggestions"),
            url_name="proposals:ledger",
            icon="journal-text",
            permission="proposals.view_all_suggestions",
            order=40,
        )
    )
    registry.add_nav(
        NavEntry(
            key="proposals.review",
            parent="proposals.ledger",
            label=gettext_lazy("Review"),
            url_name="proposals:review_queue",
            icon="clipboard-check",
            permission="proposals.review_suggestion",
            order=41,
        )
    )
    registry.add_nav(
        NavEntry(
            key="proposals.unit",
            label=gettext_lazy("My unit's suggestions"),
            url_name="proposals:unit_queue",
            icon="inbox",
            permission="accounts.act_as_unit",
            order=42,
        )
    )
    registry.add_nav(
        NavEntry(
            key="proposals.approvals",
            parent="proposals.ledger",
            label=gettext_lazy("Approvals"),
            url_name="proposals:approvals",
            icon="check2-square",
            permission="proposals.approve_extension",
            order=43,
        )
    )
    registry.add_nav(
        NavEntry(
            key="proposals.mine",
            label=gettext_lazy("My suggestions"),
            url_name="proposals:mine",
            icon="journal-text",
            permission="accounts.act_as_deputy",
            order=44,
        )
    )
    registry.add_queue("proposals.staff", _staff_queue)
    registry.add_queue("proposals.director", _director_queue)
    registry.add_queue("proposals.unit", _unit_queue)
    registry.add_queue("proposals.deputy", _deputy_queue)
