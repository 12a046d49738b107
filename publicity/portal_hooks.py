"""The public portal's sections, registered in core so that apps above publicity can add theirs."""

from django.utils.translation import gettext_lazy as _

from renda.core.registry import NavEntry, registry


def register():
    for entry in (
        NavEntry("public.home", _("Home"), "public:home", "house", order=0),
        NavEntry("public.columns", _("News"), "public:news", "newspaper", order=10),
        NavEntry("public.periodicals", _("Periodical"), "public:periodicals", "journal-text", order=20),
        NavEntry("public.videos", _("Videos"), "public:videos", "camera-video", order=30),
        NavEntry("public.deputies", _("Our deputies"), "public:deputies", "people", order=40),
        NavEntry(
            "public.results", _("Suggestion handling results"), "public:results", "clipboard-check", order=50
        ),
        NavEntry("public.search", _("Search"), "public:search", "search", order=90),
    ):
        registry.add_public_nav(entry)
