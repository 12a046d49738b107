"""Load Ji County's demo data: reference data, accounts, and what each app registers."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from renda.core.demo import demo_loaders


class Command(BaseCommand):
    help = "Load the demo data (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load even when DEBUG is off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: this looks like a production database. Demo accounts have a published "
                "password. Use --force if you really mean it."
            )
        with transaction.atomic():
            for _name, loader in demo_loaders():
                loader(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
