"""Benchmark of what reads the deadline index, at 1x and N times the county in one process (not a test).

    .venv/bin/python bench/deadlines.py [--scale 100] [--runs 5] [--reuse]
        [--server postgres://postgres@127.0.0.1:5432]

It prepares two scratch PostgreSQL databases on that server, `renda_bench_1x` (the demo) and
`renda_bench_<N>x` (the demo grown N times by bench/scale.py, set-based SQL, then
`rebuild_deadlines`); both are DROPPED and made anew unless `--reuse` finds them made already. Then, in
this one process with DEBUG off, it switches the connection between the two databases request by
request (1x and Nx interleaved, so the machine's noise falls on both alike) and prints:

- per page (staff home, unit home, the overdue board, one count's rows, the dashboard): SQL queries
  and the median time of `--runs` requests at each size, and the ratio Nx / 1x;
- the daily scan as of 2026-12-01 (the day after the demo's own): its queries, seconds and reminders
  made, then a second scan of the same day. The scans run in a transaction rolled back at the end,
  so the databases stay as they were (the dead rows it leaves are vacuumed, before the pages too);
  delivery of the outbox is a worker's job and is left out.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SCAN_DAY = date(2026, 12, 1)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100, help="Size of the second database (100).")
    parser.add_argument(
        "--runs", type=int, default=5, help="Requests per page and size; the median is shown."
    )
    parser.add_argument("--reuse", action="store_true", help="Keep databases this script made before.")
    parser.add_argument(
        "--server", default="postgres://postgres@127.0.0.1:5432", help="The PostgreSQL server (no database)."
    )
    args = parser.parse_args()
    if args.scale < 2:
        parser.error("--scale must be at least 2")
    return args


def prepare(url: str, scale: int, reuse: bool) -> None:
    """bench/scale.py in its own process: the demo grown `scale` times (1: the demo as loaded)."""
    command = [sys.executable, str(HERE / "scale.py"), "--database-url", url, "--scale", str(scale)]
    if reuse:
        command.append("--reuse")
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        sys.exit(f"bench/scale.py failed for {url}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    print(f"{url}: ready in {time.perf_counter() - start:.0f} s")


def setup(url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-only-not-a-secret",  # noqa: S106 - a scratch database's throwaway key
        DJANGO_HTTPS="false",
        DJANGO_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="renda.settings",
    )
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import setup_test_environment

    # Pages are timed without collectstatic: static URLs are plain, not looked up in a manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    setup_test_environment()  # the test client's host; e-mail kept in memory


def use(name: str) -> None:
    """Point the default connection at another database of the same server."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name


def clients() -> dict:
    from django.test import Client

    from renda.accounts.models import User

    found = {}
    for username in ("staff", "unit", "director"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        found[username] = client
    return found


def pages() -> list[tuple[str, str, str]]:
    from renda.accounts.models import User

    unit_id = User.objects.get(username="unit").unit_id
    return [
        ("staff home /accounts/home/", "staff", "/accounts/home/"),
        ("unit home /accounts/home/", "unit", "/accounts/home/"),
        ("overdue board /dashboard/overdue/", "staff", "/dashboard/overdue/"),
        ("one count's rows (serious, a unit)", "staff", f"/dashboard/overdue/?unit={unit_id}&tier=serious"),
        ("dashboard /dashboard/", "director", "/dashboard/"),
    ]


def timed_get(client, path: str) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return elapsed, len(captured)


def measure_pages(names: dict[str, str], runs: int) -> dict:
    """Each page, each size, request by request in turn: {(label, size): (median ms, queries)}."""
    sessions, listed, times, queries = {}, {}, {}, {}
    for size, name in names.items():
        use(name)
        sessions[size] = clients()
        listed[size] = pages()
        for _label, who, path in listed[size]:
            timed_get(sessions[size][who], path)  # warm-up: caches, catalogues, the policy rows
    for _run in range(runs):
        for index in range(len(listed["1x"])):
            for size, name in names.items():
                use(name)
                label, who, path = listed[size][index]
                ms, n = timed_get(sessions[size][who], path)
                times.setdefault((label, size), []).append(ms)
                queries[(label, size)] = n
    return {key: (statistics.median(values), queries[key]) for key, values in times.items()}


SCANNED_TABLES = "core_reminder, core_notification, core_outboxmessage, core_submission"


def vacuum(name: str) -> None:
    """Clear the dead rows a rolled-back scan leaves in the tables it writes: without autovacuum they
    pile up run after run, and every count over those tables reads them."""
    from django.db import connection

    use(name)
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {SCANNED_TABLES}")


def measure_scan(name: str) -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from renda.core.models import Deadline
    from renda.core.reminders import scan

    use(name)
    found = {"open": Deadline.objects.open().count()}
    with transaction.atomic():
        for which in ("first", "second"):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                made = scan(today=SCAN_DAY, queue=False)
                found[which] = (time.perf_counter() - start, len(captured), sum(made.values()))
        transaction.set_rollback(True)
    vacuum(name)
    return found


def main():
    args = parse_args()
    server = args.server.rstrip("/")
    names = {"1x": "renda_bench_1x", f"{args.scale}x": f"renda_bench_{args.scale}x"}
    for size, name in names.items():
        prepare(f"{server}/{name}", 1 if size == "1x" else args.scale, args.reuse)
    setup(f"{server}/{names['1x']}")
    from _common import print_table

    big = f"{args.scale}x"
    for name in names.values():
        vacuum(name)  # what earlier runs' rolled-back scans left behind
    print(f"\nPages, PostgreSQL, DEBUG off, median of {args.runs} requests, 1x and {big} interleaved\n")
    results = measure_pages(names, args.runs)
    lines = []
    for label, _who, _path in pages():
        (ms1, q1), (msn, qn) = results[(label, "1x")], results[(label, big)]
        lines.append([label, str(q1), str(qn), f"{ms1:.0f}", f"{msn:.0f}", f"{msn / ms1:.2f}"])
    print_table(["page", "queries 1x", f"queries {big}", "ms 1x", f"ms {big}", "ratio"], lines)

    print(f"\nThe daily scan as of {SCAN_DAY.isoformat()} (rolled back afterwards)\n")
    lines = []
    for size, name in names.items():
        found = measure_scan(name)
        for which in ("first", "second"):
            seconds, queries, made = found[which]
            lines.append(
                [size, str(found["open"]), f"{which} scan", str(queries), f"{seconds:.1f}", str(made)]
            )
    print_table(["size", "open deadlines", "run", "queries", "seconds", "reminders made"], lines)


if __name__ == "__main__":
    main()
