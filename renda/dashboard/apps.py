from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "renda.dashboard"
    label = "dashboard"
    verbose_name = _("Dashboards")

    def ready(self):
        from renda.dashboard import queues

        queues.register()
