from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from meetings import meeting_hooks, register_hooks

        meeting_hooks.register()
        register_hooks.register()
