"""What the registers and the township guidance register in core: menu entries for staff and
directors, the public portal's sections of published decisions and appointments, and the admin."""

from django.utils.translation import gettext_lazy as _

from meetings.register_selectors import VIEW
from renda.core.registry import NavEntry, registry


def register():
    from meetings import register_admin  # noqa: F401 - registering is the import

    registry.add_nav(
        NavEntry(
            key="meetings.appointments",
            parent="meetings",
            label=_("Appointments"),
            url_name="meetings:appointment_list",
            icon="person-badge",
            permission=VIEW,
            order=72,
        )
    )
    registry.add_nav(
        NavEntry(
            key="meetings.guidance",
            parent="meetings",
            label=_("Township guidance"),
            url_name="meetings:guidance_index",
            icon="signpost-split",
            permission=VIEW,
            order=73,
        )
    )
    registry.add_public_nav(
        NavEntry(
            key="public.committee.decisions",
            label=_("Decisions and resolutions"),
            url_name="public_committee:decision_list",
            icon="file-earmark-text",
            order=60,
        )
    )
    registry.add_public_nav(
        NavEntry(
            key="public.committee.appointments",
            label=_("Appointments and removals"),
            url_name="public_committee:appointment_list",
            icon="person-badge",
            order=61,
        )
    )
