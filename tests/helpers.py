"""Checks the tests share: a demo loader run a second time must leave every row as it was; the deadline
index read as the scan reads it."""

import io
from collections.abc import Callable

from django.db import models


def row_counts(*sources: type[models.Model] | models.QuerySet, **named: models.QuerySet) -> dict[str, int]:
    """Rows of each model (by its label) or queryset (by its model's label and filter, or by its name)."""
    counts = {}
    for source in sources:
        if isinstance(source, models.QuerySet):
            counts[f"{source.model._meta.label} where {source.query.where}"] = source.count()
        else:
            counts[source._meta.label] = source._default_manager.count()
    counts.update({name: queryset.count() for name, queryset in named.items()})
    return counts


def assert_loading_again_changes_nothing(
    loader: Callable[[io.StringIO], object],
    *sources: type[models.Model] | models.QuerySet,
    **named: models.QuerySet,
) -> dict[str, int]:
    """Run `loader` once more and check the rows it owns (see row_counts); the counts from before."""
    before = row_counts(*sources, **named)
    assert any(before.values()), "no rows to compare: is the demo loaded?"
    loader(io.StringIO())
    assert row_counts(*sources, **named) == before
    return before


# --- The deadline index -------------------------------------------------------------------------


class IndexedDeadline:
    """An open row of the deadline index with its people resolved, read as the scan reads it."""

    def __init__(self, row, people_at, people_serious):
        self.row = row
        self.subject = row.subject
        self.kind = row.kind_label
        self.title, self.url, self.due, self.unit = row.title, row.url, row.due, row.unit
        self.recipients = tuple(people_at)
        self.escalate_to = tuple(
            p for p in people_serious if p not in people_at and p != getattr(row.unit, "head", None)
        )


def open_deadlines(today=None) -> list[IndexedDeadline]:
    """Recompute the index from the records (factories write records, not index rows) and list every
    open deadline someone answers for, with who is told at a normal tier and who else once escalated
    (by name or in the holders' daily digest)."""
    from renda.core.deadlines import rebuild_deadlines
    from renda.core.models import Deadline, ReminderPolicy
    from renda.core.reminders import FIELDS, _People

    rebuild_deadlines()
    policy = ReminderPolicy.current()
    people = _People(policy)
    found = []
    rows = Deadline.objects.reachable().select_related("unit__head").order_by("due", "pk")
    for row in rows:
        values = {name: getattr(row, name, None) for name in FIELDS if "__" not in name}
        values.update(pk=row.pk, tier="soon")
        found.append(IndexedDeadline(row, _told(people, values, "soon"), _told(people, values, "serious")))
    return found


def _told(people, values: dict, tier: str) -> list:
    """Everyone told of a deadline at a tier: its own people by name, the holders in their digest."""
    values = {**values, "tier": tier}
    people.load([values])
    told = {u.pk: u for u in people.of(values) + people.holders(people.audience(values))}
    return sorted(told.values(), key=lambda u: u.pk)


def scan_records(*, today, **kwargs):
    """The daily scan over what the records owe now: the index recomputed first, as the services
    would have written it."""
    from renda.core.deadlines import rebuild_deadlines
    from renda.core.reminders import scan

    rebuild_deadlines()
    return scan(today=today, **kwargs)


# Recomputing the whole index reads, per kind of deadline, its records and its open rows (and a few
# settings rows): a bound that holds whatever the number of records.
MAX_INDEX_QUERIES = 24
