"""Benchmark of the director meeting's dashboard at demo scale and at N times the demo (not a test).

    DJANGO_DEBUG=true .venv/bin/python bench/dashboard.py [--scale 10] [--runs 5] [--database-url URL]

It migrates a scratch database, loads the demo (1x), times the dashboard, its .xlsx and the lists
behind its figures and counts their SQL queries, then adds (scale - 1) copies of every row the
dashboard counts (suggestions with their consultations, supervision activities with their deputies,
review opinions, rectification items, reception days, constituent opinions, deputies with their
trainings, articles) and measures again. Without --database-url the database is a throwaway SQLite
file, deleted at the end; a database given with --database-url is FLUSHED first, so give it a
scratch database only (the DATABASE_URL of your shell is deliberately ignored).

The table shows, per page: SQL queries and the median time of `--runs` requests (django.test.Client,
signed in as the demo `director`) at 1x and at the scale, and whether the query count stayed the same.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
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


def _copies(model, rows, copies: int, **changes):
    """`copies` unsaved copies of each row, with `changes` (values or callables of the row) applied."""
    out = []
    for _n in range(copies):
        for row in rows:
            clone = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
            clone.pk = None
            for name, value in changes.items():
                setattr(clone, name, value(row) if callable(value) else value)
            out.append(clone)
    return out


def scale_up(copies: int) -> None:
    """Add `copies` copies of the rows the dashboard counts (bulk_create, no history rows)."""
    from django.db import transaction

    from deputies.models import Attendance, Deputy
    from liaison.models import Opinion, Reception
    from proposals.models import Consultation, Suggestion
    from publicity.models import Article
    from supervision.models import Activity, RectificationItem, ReviewOpinion

    # The base rows are read once: each round copies the demo, never the copies of earlier rounds.
    suggestions = list(Suggestion.objects.filter(number__isnull=False))
    consulted = set(Consultation.objects.values_list("suggestion_id", flat=True))
    deputies = list(Deputy.objects.filter(user__isnull=True))
    trained = dict(Attendance.objects.values_list("deputy_id", "training_id"))
    activities = list(Activity.objects.all())
    joined = list(Activity.deputies.through.objects.values_list("activity_id", "deputy_id"))
    opinions = list(ReviewOpinion.objects.all())
    items = list(RectificationItem.objects.all())
    receptions = list(Reception.objects.all())
    resident_opinions = list(Opinion.objects.all())
    articles = list(Article.objects.all())
    with transaction.atomic():
        for _n in range(copies):
            new = Suggestion.objects.bulk_create(
                _copies(Suggestion, suggestions, 1, number=None, sequence="", origin_opinion_id=None)
            )
            Consultation.objects.bulk_create(
                Consultation(
                    suggestion=clone,
                    unit_id=clone.lead_unit_id,
                    way="phone",
                    date=clone.assigned_at,
                    recorded_by_id=clone.filed_by_id,
                )
                for old, clone in zip(suggestions, new, strict=True)
                if old.pk in consulted and clone.lead_unit_id and clone.assigned_at
            )
            new_deputies = Deputy.objects.bulk_create(_copies(Deputy, deputies, 1))
            Attendance.objects.bulk_create(
                Attendance(deputy=clone, training_id=trained[old.pk])
                for old, clone in zip(deputies, new_deputies, strict=True)
                if old.pk in trained
            )
            new_activities = Activity.objects.bulk_create(_copies(Activity, activities, 1))
            by_old = {old.pk: clone.pk for old, clone in zip(activities, new_activities, strict=True)}
            Activity.deputies.through.objects.bulk_create(
                Activity.deputies.through(activity_id=by_old[a], deputy_id=d) for a, d in joined
            )
            new_opinions = ReviewOpinion.objects.bulk_create(
                _copies(ReviewOpinion, opinions, 1, activity_id=lambda o, m=by_old: m[o.activity_id])
            )
            op_by_old = {old.pk: clone.pk for old, clone in zip(opinions, new_opinions, strict=True)}
            RectificationItem.objects.bulk_create(
                _copies(RectificationItem, items, 1, opinion_id=lambda i, m=op_by_old: m[i.opinion_id])
            )
            new_receptions = Reception.objects.bulk_create(_copies(Reception, receptions, 1))
            rec_by_old = {old.pk: clone.pk for old, clone in zip(receptions, new_receptions, strict=True)}
            Opinion.objects.bulk_create(
                _copies(Opinion, resident_opinions, 1, reception_id=lambda o, m=rec_by_old: m[o.reception_id])
            )
            Article.objects.bulk_create(_copies(Article, articles, 1))


def measure(runs: int) -> dict[str, dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from renda.accounts.models import User

    year = timezone.localdate().year
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username="director"))
    pages = {
        "dashboard": f"/dashboard/?year={year}",
        "dashboard .xlsx": f"/dashboard/export.xlsx?year={year}",
        "rows: activities": f"/dashboard/rows/activities/?year={year}",
        "rows: deputies (suggestion)": f"/dashboard/rows/deputies/?year={year}&part=suggestion",
        "rows: articles": f"/dashboard/rows/articles/?year={year}",
    }
    results = {}
    for name, url in pages.items():
        client.get(url)  # warm up: caches, the handling policy row
        timings, queries = [], 0
        for _n in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - start)
            queries = len(ctx.captured_queries)
            if response.status_code != 200:
                print(f"{name}: {url} answered {response.status_code}; skipped")
                break
        else:
            results[name] = {"queries": queries, "ms": statistics.median(timings) * 1000}
    return results


def main() -> None:
    args = parse_args()
    scratch = None
    if args.database_url:
        url = args.database_url
    else:
        scratch = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)  # noqa: SIM115
        scratch.close()
        url = f"sqlite:///{scratch.name}"
    try:
        setup_django(url)
        from proposals.models import Suggestion

        seed_demo(flush=bool(args.database_url))
        before = Suggestion.objects.count()
        small = measure(args.runs)
        scale_up(args.scale - 1)
        after = Suggestion.objects.count()
        large = measure(args.runs)
    finally:
        if scratch is not None:
            Path(scratch.name).unlink(missing_ok=True)

    print(f"\nSuggestions: {before} at 1x, {after} at {args.scale}x; median of {args.runs} requests.\n")
    big = f"{args.scale}x"
    header = f"{'page':<30} {'queries 1x':>10} {'ms 1x':>9} {'queries ' + big:>12} {'ms ' + big:>9}  same"
    print(header)
    print("-" * len(header))
    for name, one in small.items():
        many = large.get(name)
        if many is None:
            continue
        same = "yes" if one["queries"] == many["queries"] else "NO"
        print(
            f"{name:<30} {one['queries']:>10} {one['ms']:>9.1f} "
            f"{many['queries']:>12} {many['ms']:>9.1f}  {same}"
        )


if __name__ == "__main__":
    main()
