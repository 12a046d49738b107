"""Run the daily reminder scan now (beat runs it every morning)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.core.reminders import registered_reminders, run_reminders


class Command(BaseCommand):
    help = "Send the reminders that are due (each item, tier and day at most once)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Scan as of this day (YYYY-MM-DD); default today.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD: {exc}") from exc
        results = run_reminders(today=today)
        if not registered_reminders():
            self.stdout.write("No reminder providers are registered.")
        for name, count in results.items():
            self.stdout.write(f"{name}: {count}")
