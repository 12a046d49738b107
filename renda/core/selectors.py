"""Reads of the core app."""

from django.db.models import QuerySet

from renda.core.models import Notification, Term


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def current_term() -> Term | None:
    return Term.objects.filter(is_current=True).first()
