"""Configuration of supervision: its menu entries, work queues, deadlines for the reminder engine and
duty-record section, each registered from its own module."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from supervision import duty, queues, reminders

        queues.register()
        reminders.register()
        duty.register()
