"""Configuration of publicity: the portal's hooks, its menu entries and work queue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "publicity"
    verbose_name = _("Publicity")

    def ready(self):
        from publicity import portal_hooks, queues

        portal_hooks.register()
        queues.register()
