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

import time
import tracemalloc

from _common import arguments, clone, consume, demo_database, measure_page, print_sizes, signed_in, stopwatch


def parse_args():
    parser = arguments(__doc__, scale=False)
    parser.add_argument("--sizes", default="2000,20000", help="Suggestion counts to time the pages at.")
    parser.add_argument(
        "--export-rows", type=int, default=100_000, help="Suggestion count of the export memory measure."
    )
    args = parser.parse_args()
    args.sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    return args


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
                    clone(
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
                        clone(o, suggestion_id=new_pk[o.suggestion_id])
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


def measure(runs: int) -> dict[str, dict]:
    clients = {}
    results = {}
    for label, path, username in pages():
        if username not in clients:
            clients[username] = signed_in(username)
        results[label] = measure_page(clients[username], path, runs if "export" not in label else 1)
    return results


def measure_export(username: str = "staff") -> dict:
    """Wall time of the full export, then its peak Python allocations under tracemalloc."""
    from django.db import reset_queries

    from proposals.models import Suggestion

    client = signed_in(username)
    rows = Suggestion.objects.count()
    reset_queries()
    start = time.perf_counter()
    response = client.get("/proposals/export.xlsx")
    size = consume(response)
    wall = time.perf_counter() - start
    reset_queries()
    tracemalloc.start()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    consume(client.get("/proposals/export.xlsx"))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "wall_s": wall, "peak_mib": (peak - before) / 2**20, "file_mib": size / 2**20}


def main() -> None:
    args = parse_args()
    with demo_database(args.database_url):
        grower = Grower()
        results = {}
        for size in args.sizes:
            with stopwatch(f"grew to {size} suggestions"):
                grower.grow_to(size)
            results[str(size)] = measure(args.runs)
        print()
        # The export reads in batches (proposals.ledger.EXPORT_CHUNK): its queries grow by design.
        print_sizes(results, may_grow=lambda label: "export" in label)
        print("note: the export reads 2,000 suggestions per batch, four queries each: it grows by design.")
        if args.export_rows:
            print()
            with stopwatch(f"grew to {args.export_rows} suggestions"):
                grower.grow_to(args.export_rows)
            for username in ("staff", "unit"):
                e = measure_export(username)
                print(
                    f"export.xlsx as {username} over {e['rows']} suggestions: {e['wall_s']:.1f} s wall, "
                    f"{e['file_mib']:.1f} MiB file, "
                    f"peak Python allocations {e['peak_mib']:.1f} MiB (tracemalloc)"
                )


if __name__ == "__main__":
    main()
