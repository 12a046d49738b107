"""Configuration of the core app: its menu entries and its part of the staff work queue."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "renda.core"
    label = "core"
    verbose_name = _("Reference data")

    def ready(self):
        from renda.core.queues import register

        register()
