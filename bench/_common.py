"""What the benchmarks share: the command line, the demo database, copying rows, timing pages, the table.

Each script in bench/ runs as `python bench/<name>.py`, so this module is imported as `_common`.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def arguments(doc: str, *, scale: bool = True, runs: bool = True) -> argparse.ArgumentParser:
    """The options every benchmark takes; a script adds its own before parsing."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    if scale:
        parser.add_argument("--scale", type=int, default=10, help="Data size of the second measurement (10).")
    if runs:
        parser.add_argument(
            "--runs", type=int, default=5, help="Requests per page and size; the median is shown."
        )
    parser.add_argument("--database-url", default="", help="A scratch database to flush and use.")
    return parser


def parse_scaled(doc: str) -> argparse.Namespace:
    """--scale, --runs and --database-url, with a scale of at least 2."""
    parser = arguments(doc)
    args = parser.parse_args()
    if args.scale < 2:
        parser.error("--scale must be at least 2")
    return args


def setup_django(database_url: str, *, without_redis: bool = False) -> None:
    # The DATABASE_URL of the shell is deliberately replaced: a benchmark flushes or deletes its database.
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    if without_redis:
        os.environ.pop("REDIS_URL", None)
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


@contextmanager
def demo_database(database_url: str = "", *, without_redis: bool = False) -> Iterator[str]:
    """Django on a database holding the demo: a throwaway SQLite file deleted at the end, or the given
    database, FLUSHED first (give a scratch database only)."""
    scratch = None
    if not database_url:
        scratch = Path(tempfile.mkdtemp(prefix="renda-bench-")) / "bench.sqlite3"
        database_url = f"sqlite:///{scratch}"
    try:
        setup_django(database_url, without_redis=without_redis)
        from django.test.utils import setup_test_environment

        # Allows the test client's host and keeps any e-mail in memory.
        setup_test_environment()
        start = time.perf_counter()
        seed_demo(flush=scratch is None)
        print(f"migrated and loaded the demo in {time.perf_counter() - start:.1f} s ({database_url})")
        yield database_url
    finally:
        if scratch is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
            scratch.parent.rmdir()


@contextmanager
def stopwatch(what: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    print(f"{what} in {time.perf_counter() - start:.1f} s")


def clone(row, *, skip: tuple[str, ...] = (), **changes):
    """An unsaved copy of `row` without its primary key (and the fields in `skip`); `changes` are values,
    or callables of the original row."""
    model = type(row)
    values = {
        f.attname: getattr(row, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in skip
    }
    for name, value in changes.items():
        values[name] = value(row) if callable(value) else value
    return model(**values)


def copy_rows(model, rows, *, skip: tuple[str, ...] = (), **changes) -> list:
    """bulk_create a copy of each row (see clone): no save(), no history rows, the copies in row order."""
    return model.objects.bulk_create([clone(r, skip=skip, **changes) for r in rows], batch_size=1000)


def pk_map(rows, copies) -> dict[int, int]:
    """The copy's primary key by the original's."""
    return {old.pk: new.pk for old, new in zip(rows, copies, strict=True)}


def consume(response) -> int:
    """Read the whole body, streamed or not; its length."""
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def measure_page(client, path: str, runs: int) -> dict:
    """One warm-up request, then `runs` requests: the queries of a warm request and the median time.

    A page whose URL does not resolve, that does not answer 200 or that fails is reported as a note:
    a page being built may still fail, and the rest of the table is still worth having.
    """
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return {"note": "skipped: the URL does not resolve yet"}
    try:
        response = client.get(path)  # warm-up: caches, translation catalogues, the policy rows
        consume(response)
        if response.status_code != 200:
            return {"note": f"skipped: {path} answered {response.status_code}"}
        timings, queries = [], 0
        for _ in range(runs):
            # The query log keeps 9,000 queries at most; a full log would count nothing.
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                consume(client.get(path))
                timings.append((time.perf_counter() - start) * 1000)
            queries = len(captured)
    except Exception as exc:
        return {"note": f"skipped: {type(exc).__name__}: {exc}"[:100]}
    return {"queries": queries, "ms": statistics.median(timings)}


def signed_in(username: str | None):
    """A test client signed in as the demo user `username` (None: anonymous)."""
    from django.test import Client

    from renda.accounts.models import User

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(headers: list[str], lines: list[list[str]], notes: list[str] = ()) -> None:
    widths = [max(_width(cell) for cell in (h, *(line[i] for line in lines))) for i, h in enumerate(headers)]

    def row(cells):
        return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths, strict=True))

    print(row(headers).rstrip())
    print("  ".join("-" * w for w in widths))
    for line in lines:
        print(row(line).rstrip())
    for note in notes:
        print(f"note: {note}")


def print_sizes(
    results: dict[str, dict[str, dict]], *, may_grow: Callable[[str], bool] = lambda label: False
):
    """One line per page: the rows behind it (when measured), its queries and median ms at each size.

    `results` maps a size ("1x", "10x", "2000") to the measurements of each page; a page whose
    queries grow with the data is marked, unless `may_grow(label)` says it does so by design.
    """
    sizes = list(results)
    labels = list(results[sizes[0]])
    with_rows = any("rows" in m for page in results.values() for m in page.values())
    headers = [
        "page",
        *([f"rows {s}" for s in sizes] if with_rows else []),
        *(f"queries {s}" for s in sizes),
        *(f"ms {s}" for s in sizes),
    ]
    lines, notes = [], []
    for label in labels:
        cells = [results[s].get(label, {"note": "not measured"}) for s in sizes]
        if any("note" in c for c in cells):
            notes.append(f"{label}: {next(c['note'] for c in cells if 'note' in c)}")
            continue
        grows = cells[-1]["queries"] > cells[0]["queries"] and not may_grow(label)
        lines.append(
            [
                label,
                *([str(c.get("rows", "")) for c in cells] if with_rows else []),
                *(str(c["queries"]) for c in cells[:-1]),
                str(cells[-1]["queries"]) + ("  <- grows with the data" if grows else ""),
                *(f"{c['ms']:.1f}" for c in cells),
            ]
        )
    print_table(headers, lines, notes)
