"""Configuration of the accounts app."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from renda.accounts.roles import sync_role_groups

    sync_role_groups(verbosity=kwargs.get("verbosity", 0))


class AccountsConfig(AppConfig):
    name = "renda.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # After every migrate, so permissions that later apps create reach the role Groups.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="renda.accounts.sync_roles")

        from renda.accounts.demo import load_demo_users
        from renda.core.demo import register_demo

        register_demo("accounts.users", load_demo_users, order=10)
