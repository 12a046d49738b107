"""Benchmark of the suggestion ledger's pages and export at growing sizes (not a test).

    DJANGO_DEBUG=true .venv/bin/python bench/proposals.py [--sizes 2000,20000] [--export-rows 100000]
        [--runs 5] [--database-url URL]

It migrates a scratch database, loads the demo, then grows the suggestions to each of `--sizes` by
copying the demo's suggestions (with their co-signers, co-handling units, consultations, replies and
progress) with plain bulk_create, and for each size times the ledger, a filtered ledger, the print
view, the unit queue, a suggestion's page, the scorecards and the .xlsx export, counting each page's
SQL queries. Last it grows to `--export-rows` and measures the export alone: wall time, then the peak
of Python memory allocations during the export under tracemalloc (a second run: tracemalloc slows
Python down several times, so its wall time is not the export's).

Without --database-url the database is a throwaway SQLite file, deleted at the end; a database given
with --database-url is FLUSHED first, so give it a scratch database only.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000", help="Suggestion counts to time the pages at.")
    parser.add_argument(
        "--export-rows", type=int, default=100_000, help="Suggestion count of the export memory measure."
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="Requests per page and size; the median is shown."
    )
    parser.add_argument("--database-url", default="", help="A scratch database to flush and use.")
    args = parser.parse_args()
    args.sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
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


class Grower:
    """Copies of the demo's suggestions and their rows, added in bulk until a size is reached."""

    def __init__(self):
        from proposals.models import (
            CoHandling,
            Consultation,
            Cosignature,
            ProgressUpdate,
            Reply,
            State,
            Suggestion,
        )

        self.models = (Suggestion, Cosignature, CoHandling, Consultation, Reply, ProgressUpdate)
        base = list(Suggestion.objects.exclude(state__in=[State.DRAFT, State.MERGED]).order_by("pk"))
        self.base = base
        ids = [s.pk for s in base]
        self.children = {
            model: list(model.objects.filter(suggestion_id__in=ids)) for model in self.models[1:]
        }
        self.copies = 0

    @staticmethod
    def _clone(obj, **changes):
        model = type(obj)
        values = {f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if f.name != "id"}
        values.update(changes)
        return model(**values)

    def grow_to(self, size: int) -> None:
        from django.db import transaction

        suggestion_model = self.models[0]
        while suggestion_model.objects.count() < size:
            missing = size - suggestion_model.objects.count()
            self.copies += 1
            k = self.copies
            batch = self.base[:missing]
            with transaction.atomic():
                clones = [
                    self._clone(
                        s,
                        title=f"{s.title[:90]} #{k}",
                        sequence=f"b{k}:{s.sequence}"[:30] if s.number is not None else "",
                    )
                    for s in batch
                ]
                suggestion_model.objects.bulk_create(clones, batch_size=1000)
                new_pk = {s.pk: c.pk for s, c in zip(batch, clones, strict=True)}
                for model in self.models[1:]:
                    rows = [
                        self._clone(o, suggestion_id=new_pk[o.suggestion_id])
                        for o in self.children[model]
                        if o.suggestion_id in new_pk
                    ]
                    model.objects.bulk_create(rows, batch_size=1000)


def pages():
    """(label, path, username) for each page measured."""
    from proposals.models import Suggestion

    detail = Suggestion.objects.filter(lead_unit__name="县农业农村局").order_by("pk").first()
    return [
        ("ledger /proposals/", "/proposals/", "staff"),
        ("ledger filtered", "/proposals/?overdue=1&q=%E5%85%AC%E8%B7%AF&deputy=z", "staff"),
        ("ledger page 40", "/proposals/?page=40", "staff"),
        ("print view (≤1000 rows)", "/proposals/print/?year=2026", "staff"),
        ("unit queue", "/proposals/unit/", "unit"),
        ("detail /proposals/<pk>/", f"/proposals/{detail.pk}/" if detail else "/proposals/0/", "staff"),
        ("scorecards 2026", "/proposals/scorecards/?year=2026", "staff"),
        ("export.xlsx (all)", "/proposals/export.xlsx", "staff"),
        ("export.xlsx (unit)", "/proposals/export.xlsx", "unit"),
    ]


def _consume(response) -> int:
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure(runs: int) -> dict[str, dict]:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    from proposals.models import Suggestion
    from renda.accounts.models import User

    clients = {}
    results = {}
    rows = Suggestion.objects.count()
    for label, path, username in pages():
        try:
            resolve(path.split("?")[0])
        except Resolver404:
            results[label] = {"note": "skipped: the URL does not resolve yet"}
            continue
        if username not in clients:
            clients[username] = Client()
            clients[username].force_login(User.objects.get(username=username))
        client = clients[username]
        try:
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                _consume(response)
            if response.status_code != 200:
                results[label] = {"note": f"skipped: answered {response.status_code}"}
                continue
            timings = []
            for _ in range(runs if "export" not in label else 1):
                start = time.perf_counter()
                _consume(client.get(path))
                timings.append((time.perf_counter() - start) * 1000)
        except Exception as exc:  # a page being built may still fail; report it and go on
            results[label] = {"note": f"skipped: {type(exc).__name__}: {exc}"[:100]}
            continue
        results[label] = {"rows": rows, "queries": len(queries), "ms": statistics.median(timings)}
    return results


def measure_export(username: str = "staff") -> dict:
    """Wall time of the full export, then its peak Python allocations under tracemalloc."""
    from django.db import reset_queries
    from django.test import Client

    from proposals.models import Suggestion
    from renda.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    rows = Suggestion.objects.count()
    reset_queries()
    start = time.perf_counter()
    response = client.get("/proposals/export.xlsx")
    size = _consume(response)
    wall = time.perf_counter() - start
    reset_queries()
    tracemalloc.start()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    _consume(client.get("/proposals/export.xlsx"))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "wall_s": wall, "peak_mib": (peak - before) / 2**20, "file_mib": size / 2**20}


def print_table(results: dict[int, dict]) -> None:
    sizes = sorted(results)
    labels = list(results[sizes[0]])
    headers = ["page", *(f"queries@{n}" for n in sizes), *(f"ms@{n}" for n in sizes)]
    lines, notes = [], []
    for label in labels:
        cells = [results[n].get(label, {}) for n in sizes]
        if any("note" in c for c in cells):
            notes.append(f"{label}: {next(c['note'] for c in cells if 'note' in c)}")
            continue
        # The export reads in batches (proposals.ledger.EXPORT_CHUNK): its queries grow by design.
        grows = cells[-1]["queries"] > cells[0]["queries"] and "export" not in label
        lines.append(
            [
                label,
                *(str(c["queries"]) for c in cells[:-1]),
                str(cells[-1]["queries"]) + ("  <- grows" if grows else ""),
                *(f"{c['ms']:.0f}" for c in cells),
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
    print("note: the export reads 2,000 suggestions per batch, four queries each: it grows by design.")


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

    setup_test_environment()
    try:
        start = time.perf_counter()
        seed_demo(flush=bool(args.database_url))
        print(f"migrated and loaded the demo in {time.perf_counter() - start:.1f} s ({database_url})")
        grower = Grower()
        results = {}
        for size in args.sizes:
            start = time.perf_counter()
            grower.grow_to(size)
            print(f"grew to {size} suggestions in {time.perf_counter() - start:.1f} s")
            results[size] = measure(args.runs)
        print()
        print_table(results)
        if args.export_rows:
            start = time.perf_counter()
            grower.grow_to(args.export_rows)
            print(f"\ngrew to {args.export_rows} suggestions in {time.perf_counter() - start:.1f} s")
            for username in ("staff", "unit"):
                e = measure_export(username)
                print(
                    f"export.xlsx as {username} over {e['rows']} suggestions: {e['wall_s']:.1f} s wall, "
                    f"{e['file_mib']:.1f} MiB file, "
                    f"peak Python allocations {e['peak_mib']:.1f} MiB (tracemalloc)"
                )
    finally:
        if scratch is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
            scratch.parent.rmdir()


if __name__ == "__main__":
    main()
