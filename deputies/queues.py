"""The deputies app's menu entries and work-queue counts, registered in the shared registry at start-up."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.registry import NavEntry, QueueItem, registry


def _deputies_queue(user) -> list[QueueItem]:
    from deputies.selectors import deputies_without_account, training_coverage
    from renda.core.selectors import current_term

    items = []
    if user.has_perm("deputies.manage_deputies"):
        term = current_term()
        if term is not None:
            coverage = training_coverage(term)
            items.append(
                QueueItem(
                    label=_("Active deputies without training this term"),
                    count=coverage["untrained"],
                    url=reverse("deputies:training_coverage"),
                    level="warning" if coverage["untrained"] else "secondary",
                    hint=_("Every deputy should attend at least one training in a term."),
                )
            )
    if user.has_perm("deputies.create_deputy_accounts"):
        items.append(
            QueueItem(
                label=_("Deputies without an account"),
                count=deputies_without_account().count(),
                url=reverse("deputies:accounts"),
                level="secondary",
                hint=_("Active deputies who cannot yet sign in to file suggestions."),
            )
        )
    return items


def register() -> None:
    registry.add_nav(
        NavEntry(
            key="deputies",
            label=_("Deputies"),
            url_name="deputies:list",
            icon="people",
            permission="deputies.view_all_deputies",
            order=20,
        )
    )
    registry.add_nav(
        NavEntry(
            key="my_duty_record",
            label=_("My duty record"),
            url_name="deputies:me",
            icon="journal-text",
            permission="accounts.act_as_deputy",
            order=25,
        )
    )
    registry.add_queue("deputies", _deputies_queue)
