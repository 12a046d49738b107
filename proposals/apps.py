from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Suggestions")

    def ready(self):
        # Menu entries and work-queue counts, deadlines for the reminder engine and the section of the
        # duty record: each registered by its own module.
        from proposals import queues, record, reminders

        for part in (queues, reminders, record):
            part.register()
