"""Reads for the dashboards: figures gathered from the apps' selectors (the top layer)."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db.models import Count, Q

from renda.accounts.roles import Role
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


def overdue_board(*, today) -> list[dict]:
    """Per unit (most seriously overdue first): counts of items due soon, today, overdue, seriously
    overdue; one GROUP BY over the index's open rows, and one query for the units' names."""
    from renda.core.reminders import in_tier

    rows: dict[str, dict] = {}
    counts = in_tier(today).order_by().values("unit_id", "tier").annotate(n=Count("pk"))
    for found in counts:
        key = str(found["unit_id"]) if found["unit_id"] is not None else NO_UNIT
        row = rows.setdefault(
            key, {"key": key, "unit_id": found["unit_id"], "counts": dict.fromkeys(BOARD_TIERS, 0)}
        )
        row["counts"][found["tier"]] += found["n"]
    units = Unit.objects.in_bulk([r["unit_id"] for r in rows.values() if r["unit_id"] is not None])
    board = list(rows.values())
    for row in board:
        row["unit"] = units.get(row["unit_id"])
        row["cells"] = [(tier, row["counts"][tier]) for tier in BOARD_TIERS]
    board.sort(
        key=lambda r: (
            -r["counts"]["serious"],
            -r["counts"]["overdue"],
            -r["counts"]["today"],
            str(r["unit"] or ""),
        )
    )
    return board


def overdue_items(*, today, unit: str, tier: str):
    """The deadlines behind one count of the board, most overdue first (a queryset to paginate)."""
    from renda.core.reminders import in_tier

    qs = in_tier(today).filter(tier=tier)
    if unit == NO_UNIT:
        qs = qs.filter(unit__isnull=True)
    elif unit.isdigit() and len(unit) < 10:
        qs = qs.filter(unit_id=int(unit))
    else:
        return qs.none()
    return qs.order_by("due", "title", "pk")


def seriously_overdue_count(*, today) -> int:
    """One count over the index's open rows due long ago (a range scan of the partial due index)."""
    policy = ReminderPolicy.current()
    return Deadline.objects.reachable().filter(due__lte=today - timedelta(days=policy.serious_days)).count()
