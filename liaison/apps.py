"""Configuration of the liaison app: its menu entries, work queues, reminders and duty-record sections."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Liaison stations")

    def ready(self):
        from liaison import duty, queues, reminders

        queues.register()
        duty.register()
        reminders.register()

        from liaison.demo import load_demo_liaison
        from renda.core.demo import register_demo

        register_demo("liaison", load_demo_liaison, order=30)
