from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Suggestions")

    def ready(self):
        # Menu entries and work-queue counts, deadlines for the reminder engine, the section of the
        # duty record, and the demo data: each registered by its own module.
        from proposals import demo, queues, record, reminders

        for part in (queues, reminders, record, demo):
            part.register()
