"""Run the daily reminder scan now, synchronously (beat runs it every morning at REMINDERS_AT)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from renda.core.models import Reminder
from renda.core.reminders import scan


class Command(BaseCommand):
    help = "Send the reminders that are due (each item, tier and day at most once) and print them per tier."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Scan as of this day (YYYY-MM-DD); default: today.")
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent; write nothing.")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--today must be YYYY-MM-DD: {exc}") from exc
        counts = scan(today=today, dry_run=options["dry_run"])
        verb = "would be created" if options["dry_run"] else "created"
        self.stdout.write(f"Reminders for {today.isoformat()} ({verb}):")
        for tier in Reminder.Tier:
            self.stdout.write(f"  {tier.value:<8} {counts.get(tier.value, 0):>5}  {tier.label}")
        self.stdout.write(f"  {'total':<8} {sum(counts.values()):>5}")
