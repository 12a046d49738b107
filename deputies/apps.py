"""Configuration of the deputies app: its menu entries, work-queue counts and duty-record sections."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("Deputies")

    def ready(self):
        from deputies import campaign_duty, queues, record

        queues.register()
        record.register()
        campaign_duty.register()
        self._register_campaign_nav()

    @staticmethod
    def _register_campaign_nav() -> None:
        from renda.core.registry import NavEntry, registry

        registry.add_nav(
            NavEntry(
                key="deputies.campaigns",
                parent="deputies",
                label=_("Campaigns"),
                url_name="deputies:campaign_list",
                icon="flag",
                permission="deputies.view_all_deputies",
                order=21,
            )
        )
        registry.add_nav(
            NavEntry(
                key="deputies.my_campaigns",
                parent="my_duty_record",
                label=_("My campaigns"),
                url_name="deputies:my_campaigns",
                icon="flag",
                permission="accounts.act_as_deputy",
                order=26,
            )
        )
