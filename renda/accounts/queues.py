"""The accounts app's part of the staff work queue, registered in core's registry at start-up."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.accounts.models import User
from renda.core.registry import QueueItem, registry


def _accounts_queue(user):
    if not user.has_perm("accounts.manage_accounts"):
        return []
    count = User.objects.filter(is_active=True, must_change_password=True).count()
    url = (
        reverse("admin:accounts_user_changelist") + "?must_change_password__exact=1" if user.is_staff else ""
    )
    return [
        QueueItem(
            label=_("Accounts not yet signed in"),
            count=count,
            url=url,
            level="secondary",
            hint=_("Created by staff; the owner has not chosen a password yet."),
        ),
    ]


def register():
    registry.add_queue("accounts.not_signed_in", _accounts_queue)
