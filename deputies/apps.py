"""Configuration of the deputies app: its menu entries, work-queue counts and duty-record sections."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self):
        from deputies import queues, record

        queues.register()
        record.register()

        from deputies.demo import load_demo_deputies
        from renda.core.demo import register_demo

        register_demo("deputies", load_demo_deputies, order=20)
