"""The director meeting's dashboards and the overdue board."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from renda.core.models import Reminder, Unit
from renda.dashboard.selectors import BOARD_TIERS, overdue_board, overdue_items, reference_overview


@login_required
@permission_required("accounts.view_dashboards", raise_exception=True)
def index(request):
    return render(request, "dashboard/index.html", {"overview": reference_overview()})


@login_required
@permission_required("accounts.view_dashboards", raise_exception=True)
def overdue(request):
    """Per unit, the items due soon, due today, overdue and seriously overdue; a count opens its items."""
    today = timezone.localdate()
    tier = request.GET.get("tier", "")
    unit = request.GET.get("unit", "")
    labels = dict(Reminder.Tier.choices)
    context = {"today": today, "tiers": [(t, labels[t]) for t in BOARD_TIERS]}
    if tier in BOARD_TIERS and unit:
        items = overdue_items(today=today, unit=unit, tier=tier)
        context.update(
            {
                "tier": tier,
                "tier_label": labels[tier],
                "unit_name": Unit.objects.filter(pk=int(unit)).first() if unit.isdigit() else None,
                "page_obj": Paginator(items, 25).get_page(request.GET.get("page")),
                "query": urlencode({"unit": unit, "tier": tier}),
            }
        )
        return render(request, "dashboard/overdue_items.html", context)
    board = overdue_board(today=today)
    context.update(
        {
            "board": board,
            "totals": [(t, sum(row["counts"][t] for row in board)) for t in BOARD_TIERS],
        }
    )
    return render(request, "dashboard/overdue.html", context)
