"""Configuration of the accounts app: its role groups and its part of the staff work queue."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    # post_migrate is sent once per app, and each app's permissions are created by its own signal:
    # sync after the last app's, when every permission exists, or a fresh database would give the
    # role Groups only the permissions of the apps listed before accounts.
    from django.apps import apps

    from renda.accounts.roles import sync_role_groups

    if sender is not [a for a in apps.get_app_configs() if a.models_module is not None][-1]:
        return
    sync_role_groups(verbosity=kwargs.get("verbosity", 0))


class AccountsConfig(AppConfig):
    name = "renda.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # After every migrate, so permissions that later apps create reach the role Groups.
        post_migrate.connect(_sync_roles, dispatch_uid="renda.accounts.sync_roles")

        from django.contrib.auth.signals import user_logged_in

        from renda.accounts.otp import note_device_at_login

        user_logged_in.connect(note_device_at_login, dispatch_uid="renda.accounts.note_otp_device")

        from renda.accounts import queues

        queues.register()
