"""Reads for the dashboards: figures gathered from the apps' selectors (the top layer)."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from dashboard.expressions import GroupCount, total_of_groups
from renda.accounts.roles import Role
from renda.core import params
from renda.core.models import Deadline, ReminderPolicy, Township, Unit
from renda.core.selectors import current_term


def reference_overview() -> dict:
    units = dict(Unit.objects.active().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    roles = dict(
        Group.objects.filter(name__in=Role.values)
        .annotate(n=Count("user", filter=Q(user__is_active=True)))
        .values_list("name", "n")
    )
    term = current_term()
    return {
        "term": term,
        "sessions": list(term.sessions.all()) if term else [],
        "townships": Township.objects.active().count(),
        "units_by_kind": [(label, units.get(value, 0)) for value, label in Unit.Kind.choices],
        "accounts_by_role": [(label, roles.get(value, 0)) for value, label in Role.choices],
    }


# --- The overdue board: every open deadline in a tier today, per unit, from the deadline index ------

BOARD_TIERS = ["soon", "today", "overdue", "serious"]
NO_UNIT = "none"


BOARD_PAGE = 25  # units per page of the board
LAST_PAGE = 10**6  # any page asked for beyond this is past the end


def _page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), LAST_PAGE)


def _tier_counts(today, policy) -> dict:
    """Per tier, a count of rows by their due date alone (what the (unit, due) index holds: the due
    date is counted, so that no other column is read)."""
    serious_from = today - timedelta(days=policy.serious_days)
    return {
        "soon": Count("due", filter=Q(due__gt=today)),
        "today": Count("due", filter=Q(due=today)),
        "overdue": Count("due", filter=Q(due__lt=today, due__gt=serious_from)),
        "serious": Count("due", filter=Q(due__lte=serious_from)),
    }


def overdue_board(*, today, page=None) -> dict:
    """One page of the board: per unit (most seriously overdue first), counts of items due soon, today,
    overdue and seriously overdue, with each tier's total over every unit; above them on the first
    page, the items no unit answers for (waiting on the committee's staff or a deputy).

    The units' counts are one grouped pass over the open rows' (unit, due) index alone, an index-only
    scan, with on each row the number of units and the tier totals of all of them (window sums after
    the grouping); the rows without a unit, a handful, are counted apart; then the names of the page's
    units. Ties go by the unit's key: grouping and sorting by the names as well would triple the cost
    of the pass. A page past the last (a stale link) costs a count and shows the last page, as
    Paginator.get_page does.
    """
    from renda.core.reminders import in_tier

    policy = ReminderPolicy.current()
    tiers = _tier_counts(today, policy)
    horizon = today + timedelta(days=policy.soon_days)
    grouped = (
        Deadline.objects.open()
        .filter(unit__isnull=False, due__lte=horizon)
        .order_by()
        .values("unit_id")
        .annotate(**tiers)
        .annotate(units=GroupCount(), **{f"all_{tier}": total_of_groups(tier) for tier in BOARD_TIERS})
        .order_by("-serious", "-overdue", "-today", "unit_id")
    )
    number = _page_number(page)

    def rows_of(number):
        return list(grouped[(number - 1) * BOARD_PAGE : number * BOARD_PAGE])

    found = rows_of(number)
    if not found and number > 1:
        number = max(1, -(-grouped.count() // BOARD_PAGE))
        found = rows_of(number)
    nobody = in_tier(today, policy).filter(unit__isnull=True).aggregate(**tiers)
    units = Unit.objects.in_bulk([r["unit_id"] for r in found])
    board = []
    if number == 1 and any(nobody.values()):
        found = [{"unit_id": None, **nobody}, *found]
    for row in found:
        counts = {tier: row[tier] for tier in BOARD_TIERS}
        board.append(
            {
                "key": str(row["unit_id"]) if row["unit_id"] is not None else NO_UNIT,
                "unit_id": row["unit_id"],
                "unit": units.get(row["unit_id"]),
                "counts": counts,
                "cells": list(counts.items()),
            }
        )
    first = next((r for r in found if r["unit_id"] is not None), {})
    count = first.get("units", 0)
    totals = [(tier, int(first.get(f"all_{tier}") or 0) + nobody[tier]) for tier in BOARD_TIERS]
    return {
        "page_obj": Page(board, number, Paginator(range(count), BOARD_PAGE)),
        "units": count,
        "totals": totals,
    }


def overdue_items(*, today, unit: str, tier: str):
    """The deadlines behind one count of the board, most overdue first (a queryset to paginate)."""
    from renda.core.reminders import in_tier

    qs = in_tier(today).filter(tier=tier)
    unit_pk = params.parse_int(unit, low=1, high=params.ID_MAX)
    if unit == NO_UNIT:
        qs = qs.filter(unit__isnull=True)
    elif unit_pk is not None:
        qs = qs.filter(unit_id=unit_pk)
    else:
        return qs.none()
    return qs.order_by("due", "title", "pk")


def seriously_overdue_count(*, today) -> int:
    """One count over the index's open rows due long ago (a range scan of the partial due index)."""
    policy = ReminderPolicy.current()
    return Deadline.objects.reachable().filter(due__lte=today - timedelta(days=policy.serious_days)).count()
