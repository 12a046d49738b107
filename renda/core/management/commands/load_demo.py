"""Load Ji County's demo data: the loaders of the top-level `demo` package, in its order."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from renda.core.deadlines import rebuild_deadlines
from renda.core.models import Deadline
from renda.core.reminders import scan


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
        # The one import of `demo` outside it (see .importlinter): inside handle(), so core imports no
        # demo data at start-up and the demo modules load only when the demo is loaded.
        from demo.loaders import DEMO_DAY, LOADERS

        with transaction.atomic():
            for _name, loader in LOADERS:
                loader(self.stdout)
            # The loaders write the apps' records directly; the deadline index is recomputed from
            # them, and the demo day's reminders sent (once: a second load finds them made).
            rebuild_deadlines()
            made = scan(today=DEMO_DAY, queue=False)
            self.stdout.write(
                f"Deadlines: {Deadline.objects.open().count()} open; "
                f"reminders of {DEMO_DAY.isoformat()}: {sum(made.values())} made"
            )
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
