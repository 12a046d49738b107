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

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--today", default="2026-11-30", help="The day to scan as (YYYY-MM-DD).")
    parser.add_argument("--database-url", default="", help="A scratch database to flush and use.")
    return parser.parse_args()


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def seed_demo(*, flush: bool) -> None:
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    if flush:
        call_command("flush", interactive=False, verbosity=0)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", stdout=StringIO())


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
    scratch = None
    if args.database_url:
        url = args.database_url
    else:
        fd, name = tempfile.mkstemp(prefix="renda-bench-reminders-", suffix=".sqlite3")
        os.close(fd)
        scratch = Path(name)
        url = f"sqlite:///{scratch}"
    try:
        setup_django(url)
        seed_demo(flush=bool(args.database_url))
        run(date.fromisoformat(args.today))
    finally:
        if scratch is not None:
            scratch.unlink(missing_ok=True)


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
