"""Checks the demo tests share: a demo loader run a second time must leave every row as it was."""

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
