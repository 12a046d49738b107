"""Writes of the dashboard: freezing its figures into a snapshot for the meeting papers."""

from django.db import transaction
from django.utils import timezone

from dashboard.figures import figures
from dashboard.models import Snapshot


@transaction.atomic
def take_snapshot(*, title: str, year: int, term=None, user, today=None) -> Snapshot:
    """Store the figures of `year` (and `term`) as they are on `today`; they never change again."""
    today = today or timezone.localdate()
    frozen = figures(year=year, term=term, today=today)
    snapshot = Snapshot(
        title=title.strip(),
        year=year,
        term_id=frozen["term"]["id"] if frozen["term"] else None,
        taken_on=today,
        figures=frozen,
        taken_by=user,
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot
