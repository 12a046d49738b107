"""Fail when the source has user-facing text that the Chinese catalog does not translate yet.

Runs makemessages on a copy of the catalogs, reports msgids without a zh_Hans translation (or fuzzy),
and puts the catalogs back as they were. Needs GNU gettext, like makemessages itself.
"""

import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from renda.core.catalogs import parse_po

IGNORE = ["node_modules/*", ".venv/*", "staticfiles/*", "tests/*", "bench/*", "var/*"]


class Command(BaseCommand):
    help = "Check that every translatable string in the source is translated in locale/zh_Hans."

    def handle(self, *args, **options):
        locale = Path(settings.LOCALE_PATHS[0])
        backup = Path(tempfile.mkdtemp()) / "locale"
        shutil.copytree(locale, backup)
        try:
            for domain in ("django", "djangojs"):
                call_command(
                    "makemessages",
                    locale=["zh_Hans"],
                    domain=domain,
                    no_obsolete=True,
                    no_location=True,
                    ignore_patterns=IGNORE,
                    verbosity=0,
                )
            missing = []
            for po in sorted((locale / "zh_Hans" / "LC_MESSAGES").glob("*.po")):
                missing += [
                    f"{po.name}: {e['msgid']}"
                    for e in parse_po(po)
                    if "fuzzy" in e["flags"] or not all(e["msgstr"].values())
                ]
        finally:
            shutil.rmtree(locale)
            shutil.copytree(backup, locale)
            shutil.rmtree(backup.parent)
        if missing:
            raise CommandError(
                "Untranslated text (run `make messages`, translate, run it again):\n  " + "\n  ".join(missing)
            )
        self.stdout.write("Every translatable string has a Chinese translation.")
