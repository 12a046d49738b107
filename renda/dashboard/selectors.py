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
