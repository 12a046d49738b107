"""Benchmark of the daily reminder scan on the demo data (not a test).

    DJANGO_DEBUG=true .venv/bin/python bench/reminders.py [--today 2026-11-30] [--database-url URL]

It migrates a scratch database and loads the demo, then for each registered deadline provider times
the listing of its open deadlines and counts its SQL queries; then times scan() three ways, counting
queries: a dry run (reads only), the first real scan of the day (writes one Reminder row and its
notifications per reminder) and a second scan of the same day (creates nothing). Delivery of the
outbox is a worker's job and is left out (the on-commit kick is disabled while measuring).

Without --database-url the database is a throwaway SQLite file, deleted at the end; a database given
with --database-url is FLUSHED first, so give it a scratch database only.
"""

import time
from datetime import date

from _common import arguments, demo_database


def parse_args():
    parser = arguments(__doc__, scale=False, runs=False)
    parser.add_argument("--today", default="2026-11-30", help="The day to scan as (YYYY-MM-DD).")
    return parser.parse_args()


def measure(fn):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    return result, elapsed * 1000, len(queries)


def main():
    args = parse_args()
    with demo_database(args.database_url, without_redis=True):
        run(date.fromisoformat(args.today))


def run(today: date) -> None:
    from unittest import mock

    from django.db import connection

    from renda.core import services
    from renda.core.models import ReminderPolicy
    from renda.core.reminders import registered_deadlines, scan, tier_for

    policy = ReminderPolicy.current()
    scan(today=today, dry_run=True)  # warm-up: translation catalogues, content types
    print(f"Reminder scan on the demo data, {connection.vendor}, as of {today.isoformat()}\n")
    print(f"{'provider':<22} {'open items':>10} {'in a tier':>10} {'ms':>8} {'queries':>8}")
    for name, provider in registered_deadlines().items():
        items, ms, queries = measure(lambda provider=provider: list(provider(today)))
        tiered = sum(1 for i in items if tier_for(i.due, today, policy) is not None)
        print(f"{name:<22} {len(items):>10} {tiered:>10} {ms:>8.1f} {queries:>8}")

    print(f"\n{'scan':<22} {'soon':>6} {'today':>6} {'overdue':>8} {'serious':>8} {'ms':>8} {'queries':>8}")
    with mock.patch.object(services, "_kick_delivery", lambda: None):
        for label, kwargs in (
            ("dry run", {"dry_run": True}),
            ("first scan of the day", {}),
            ("second scan, same day", {}),
        ):
            counts, ms, queries = measure(lambda kwargs=kwargs: scan(today=today, **kwargs))
            print(
                f"{label:<22} {counts['soon']:>6} {counts['today']:>6} {counts['overdue']:>8} "
                f"{counts['serious']:>8} {ms:>8.1f} {queries:>8}"
            )


if __name__ == "__main__":
    main()
