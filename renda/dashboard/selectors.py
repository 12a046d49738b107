"""Reads for the dashboards: figures gathered from the apps' selectors (the top layer)."""

from django.contrib.auth.models import Group
from django.db.models import Count, Q

from renda.accounts.roles import Role
from renda.core.models import Township, Unit
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


# --- The overdue board: every open deadline in a tier today, per unit --------------------------------

BOARD_TIERS = ["soon", "today", "overdue", "serious"]
NO_UNIT = "none"


def _unit_key(item) -> str:
    return str(item.unit.pk) if item.unit is not None else NO_UNIT


def overdue_board(*, today) -> list[dict]:
    """Per unit (most seriously overdue first): counts of items due soon, today, overdue, seriously
    overdue, from the reminder engine's providers and tiers; a constant number of queries."""
    from renda.core.reminders import tiered_items

    rows: dict[str, dict] = {}
    for item, tier in tiered_items(today):
        key = _unit_key(item)
        row = rows.setdefault(key, {"key": key, "unit": item.unit, "counts": dict.fromkeys(BOARD_TIERS, 0)})
        row["counts"][tier] += 1
    board = list(rows.values())
    for row in board:
        row["cells"] = [(tier, row["counts"][tier]) for tier in BOARD_TIERS]
    board.sort(
        key=lambda r: (
            -r["counts"]["serious"],
            -r["counts"]["overdue"],
            -r["counts"]["today"],
            str(r["unit"]),
        )
    )
    return board


def overdue_items(*, today, unit: str, tier: str) -> list[dict]:
    """The items behind one count of the board, most overdue first."""
    from renda.core.reminders import tiered_items

    found = [
        {"item": item, "tier": tier, "days_late": max((today - item.due).days, 0)}
        for item, item_tier in tiered_items(today)
        if item_tier == tier and _unit_key(item) == unit
    ]
    found.sort(key=lambda r: (r["item"].due, r["item"].title))
    return found


def seriously_overdue_count(*, today) -> int:
    from renda.core.reminders import tiered_items

    return sum(1 for _item, tier in tiered_items(today) if tier == "serious")
