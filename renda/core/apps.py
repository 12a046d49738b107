"""Configuration of the core app: its menu entries, its part of the staff work queue, and the `in`
lookup of integer columns (renda.core.lookups)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from renda.core import lookups
        from renda.core.queues import register

        register()
        lookups.register()
