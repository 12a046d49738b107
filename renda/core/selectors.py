"""Reads of the core app."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from renda.core.models import Notification, Term


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first()


def users_with_perm(*perms: str) -> QuerySet:
    """Active users holding any of `perms` ("app_label.codename") through a role Group or directly."""
    query = Q()
    for perm in perms:
        app_label, codename = perm.split(".", 1)
        query |= Q(content_type__app_label=app_label, codename=codename)
    permissions = Permission.objects.filter(query)
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions), is_active=True
        )
        .distinct()
    )


def unit_users(unit_ids: Iterable[int]) -> QuerySet:
    """Active users of the units `unit_ids`."""
    return get_user_model().objects.filter(unit_id__in=list(unit_ids), is_active=True)


def unit_users_by_unit(unit_ids: Iterable[int]) -> dict[int, list]:
    """The active users of the units `unit_ids`, per unit, in order of their key (one query)."""
    by_unit = defaultdict(list)
    for user in unit_users(unit_ids).order_by("pk"):
        by_unit[user.unit_id].append(user)
    return by_unit
