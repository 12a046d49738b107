"""Benchmark of the deputies and liaison pages at demo scale and at N times the demo (not a test).

    DJANGO_DEBUG=true .venv/bin/python bench/pages.py [--scale 10] [--runs 5] [--database-url URL]

It migrates a scratch database, loads the demo (1x), times each page and counts its SQL queries,
then adds (scale - 1) copies of the demo's deputies, assignments, reception days and opinions and
measures again. Without --database-url the database is a throwaway SQLite file, deleted at the
end; a database given with --database-url is FLUSHED first, so give it a scratch database only
(the DATABASE_URL of your shell is deliberately ignored).

The table shows, per page: the rows behind it, SQL queries and the median time of `--runs`
requests (django.test.Client, signed in as the demo `staff` user) at 1x and at the scale. A page
whose URL does not resolve yet, or that does not answer 200, is reported and skipped.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="Data size of the second measurement (10).")
    parser.add_argument(
        "--runs", type=int, default=5, help="Requests per page and size; the median is shown."
    )
    parser.add_argument("--database-url", default="", help="A scratch database to flush and use.")
    args = parser.parse_args()
    if args.scale < 2:
        parser.error("--scale must be at least 2")
    return args


def setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    import django

    django.setup()


def seed_demo(*, flush: bool) -> None:
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    if flush:
        call_command("flush", interactive=False, verbosity=0)
    with override_settings(DEBUG=True, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        call_command("load_demo", stdout=StringIO())


def scale_up(copies: int) -> None:
    """Add `copies` copies of the demo's deputies and liaison rows; older copies move back a year each.

    Plain bulk_create, no history rows: this measures reading pages, not the demo loader.
    """
    from django.db import transaction

    from deputies.models import Attendance, Deputy, Mandate
    from liaison.models import Assignment, Opinion, Reception

    base_deputies = list(Deputy.objects.all())
    base_mandates = list(Mandate.objects.values_list("deputy_id", "level", "term_id"))
    base_assignments = list(Assignment.objects.values_list("deputy_id", "station_id", "point_id"))
    base_attendances = list(Attendance.objects.values_list("training_id", "deputy_id"))
    base_receptions = list(Reception.objects.all())
    on_duty = list(Reception.on_duty.through.objects.values_list("reception_id", "deputy_id"))
    present = list(Reception.present.through.objects.values_list("reception_id", "deputy_id"))
    base_opinions = list(Opinion.objects.all())

    for copy in range(1, copies + 1):
        with transaction.atomic():
            clones = []
            for d in base_deputies:
                clone = Deputy(
                    **{
                        f.attname: getattr(d, f.attname)
                        for f in Deputy._meta.concrete_fields
                        if f.name not in ("id", "user")
                    }
                )
                clone.birth_date = d.birth_date - timedelta(days=copy) if d.birth_date else None
                clones.append(clone)
            Deputy.objects.bulk_create(clones, batch_size=1000)
            deputy_map = {d.pk: c.pk for d, c in zip(base_deputies, clones, strict=True)}
            Mandate.objects.bulk_create(
                [Mandate(deputy_id=deputy_map[d], level=lv, term_id=t) for d, lv, t in base_mandates],
                batch_size=1000,
            )
            Assignment.objects.bulk_create(
                [
                    Assignment(deputy_id=deputy_map[d], station_id=s, point_id=p)
                    for d, s, p in base_assignments
                ],
                batch_size=1000,
            )
            Attendance.objects.bulk_create(
                [Attendance(training_id=t, deputy_id=deputy_map[d]) for t, d in base_attendances],
                batch_size=1000,
            )
            shift = timedelta(days=365 * copy)
            reception_clones = []
            for r in base_receptions:
                clone = Reception(
                    **{
                        f.attname: getattr(r, f.attname)
                        for f in Reception._meta.concrete_fields
                        if f.name != "id"
                    }
                )
                clone.date = r.date - shift
                if r.announced_at:
                    clone.announced_at = r.announced_at - shift
                if clone.state == Reception.State.PLANNED:
                    clone.state = Reception.State.HELD
                reception_clones.append(clone)
            Reception.objects.bulk_create(reception_clones, batch_size=1000)
            reception_map = {r.pk: c.pk for r, c in zip(base_receptions, reception_clones, strict=True)}
            for through, pairs in (
                (Reception.on_duty.through, on_duty),
                (Reception.present.through, present),
            ):
                through.objects.bulk_create(
                    [through(reception_id=reception_map[r], deputy_id=deputy_map[d]) for r, d in pairs],
                    batch_size=1000,
                )
            opinion_clones = []
            for o in base_opinions:
                clone = Opinion(
                    **{
                        f.attname: getattr(o, f.attname)
                        for f in Opinion._meta.concrete_fields
                        if f.name != "id"
                    }
                )
                clone.reception_id = reception_map[o.reception_id]
                for field in ("due_date", "feedback_at"):
                    if getattr(o, field):
                        setattr(clone, field, getattr(o, field) - shift)
                opinion_clones.append(clone)
            Opinion.objects.bulk_create(opinion_clones, batch_size=1000)


def pages():
    """(label, path, rows behind the page) for each page measured; rows is a callable."""
    from deputies.models import Deputy, Training
    from liaison.models import Opinion, Point, Reception, Station

    deputy = Deputy.objects.filter(user__username="deputy").first()
    station = Station.objects.order_by("sort_order").first()
    record_path = f"/deputies/{deputy.pk}/record/" if deputy else "/deputies/0/record/"

    def deputy_rows():
        if deputy is None:
            return 0
        return deputy.attended_receptions.count() + deputy.trainings.count()

    return [
        ("/deputies/", "/deputies/", Deputy.objects.count),
        (
            "/deputies/trainings/coverage/",
            "/deputies/trainings/coverage/",
            Training.attendees.through.objects.count,
        ),
        ("/liaison/", "/liaison/", lambda: Station.objects.count() + Point.objects.count()),
        (
            "/liaison/stations/<pk>/",
            f"/liaison/stations/{station.pk}/" if station else "/liaison/stations/0/",
            lambda: station.receptions.count() if station else 0,
        ),
        ("/liaison/receptions/", "/liaison/receptions/", Reception.objects.count),
        ("/liaison/opinions/", "/liaison/opinions/", Opinion.objects.count),
        ("/deputies/<pk>/record/", record_path, deputy_rows),
    ]


def measure(runs: int) -> dict[str, dict]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    from renda.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="staff"))
    results = {}
    for label, path, rows in pages():
        try:
            resolve(path)
        except Resolver404:
            results[label] = {"note": "skipped: the URL does not resolve yet"}
            continue
        try:
            # The log keeps 9,000 queries at most; a full log would count nothing.
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                results[label] = {"note": f"skipped: answered {response.status_code}"}
                continue
            timings = []
            for _ in range(runs):
                start = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
        except Exception as exc:  # a page being built may still fail; report it and go on
            results[label] = {"note": f"skipped: {type(exc).__name__}: {exc}"[:100]}
            continue
        results[label] = {"rows": rows(), "queries": len(queries), "ms": statistics.median(timings)}
    return results


def print_table(small: dict, large: dict, scale: int) -> None:
    headers = [
        "page",
        "rows 1x",
        f"rows {scale}x",
        "queries 1x",
        f"queries {scale}x",
        "ms 1x",
        f"ms {scale}x",
    ]
    lines, notes = [], []
    for label in small:
        a, b = small[label], large.get(label, {})
        if "note" in a or "note" in b:
            notes.append(f"{label}: {a.get('note') or b.get('note')}")
            continue
        flag = "  <- queries grow with the data" if b["queries"] > a["queries"] else ""
        lines.append(
            [
                label,
                str(a["rows"]),
                str(b["rows"]),
                str(a["queries"]),
                str(b["queries"]) + flag,
                f"{a['ms']:.1f}",
                f"{b['ms']:.1f}",
            ]
        )
    widths = [
        max(len(h), *(len(line[i]) for line in lines)) if lines else len(h) for i, h in enumerate(headers)
    ]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))
    for note in notes:
        print(f"note: {note}")


def main() -> None:
    args = parse_args()
    scratch = None
    if args.database_url:
        database_url = args.database_url
    else:
        scratch = Path(tempfile.mkdtemp(prefix="renda-bench-")) / "bench.sqlite3"
        database_url = f"sqlite:///{scratch}"
    setup_django(database_url)
    from django.test.utils import setup_test_environment

    # Allows the test client's host and keeps any e-mail in memory.
    setup_test_environment()
    try:
        start = time.perf_counter()
        seed_demo(flush=bool(args.database_url))
        print(f"migrated and loaded the demo in {time.perf_counter() - start:.1f} s ({database_url})")
        small = measure(args.runs)
        start = time.perf_counter()
        scale_up(args.scale - 1)
        print(f"scaled to {args.scale}x in {time.perf_counter() - start:.1f} s")
        large = measure(args.runs)
        print()
        print_table(small, large, args.scale)
    finally:
        if scratch is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
            scratch.parent.rmdir()


if __name__ == "__main__":
    main()
