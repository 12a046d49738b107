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
