"""Publicity's menu entries and its part of the work queue (filled into core's registry).

The menu entry 宣传 needs publicity.edit_publicity; a reviewer without it (the director meeting)
gets the entry of the review queue instead, so that everyone holding either permission reaches
the pages. A NavEntry names one permission, hence two entries.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publicity.selectors import articles_awaiting_review
from publicity.workflow import EDIT, REVIEW
from renda.core.registry import NavEntry, QueueItem, registry


def _review_queue(user) -> list[QueueItem]:
    if not user.has_perm(REVIEW):
        return []
    waiting = articles_awaiting_review().exclude(created_by=user).count()
    return [
        QueueItem(
            label=_("Articles awaiting review"),
            count=waiting,
            url=reverse("publicity:review_queue"),
            level="warning",
            hint=_("Articles you wrote yourself are left to another reviewer."),
        )
    ]


def register() -> None:
    registry.add_nav(
        NavEntry(
            key="publicity",
            label=gettext_lazy("Publicity"),
            url_name="publicity:index",
            icon="megaphone",
            permission=EDIT,
            order=60,
        )
    )
    registry.add_nav(
        NavEntry(
            key="publicity.review",
            parent="publicity",
            label=gettext_lazy("Article review"),
            url_name="publicity:review_queue",
            icon="check2-square",
            permission=REVIEW,
            order=61,
        )
    )
    registry.add_queue("publicity.review", _review_queue)
