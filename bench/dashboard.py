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
signed in as the demo `director`) at 1x and at the scale; a query count that grows with the data is marked.
"""

from _common import (
    copy_rows,
    demo_database,
    measure_page,
    parse_scaled,
    pk_map,
    print_sizes,
    signed_in,
    stopwatch,
)


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
            new = copy_rows(Suggestion, suggestions, number=None, sequence="", origin_opinion_id=None)
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
            new_deputies = copy_rows(Deputy, deputies)
            Attendance.objects.bulk_create(
                Attendance(deputy=clone, training_id=trained[old.pk])
                for old, clone in zip(deputies, new_deputies, strict=True)
                if old.pk in trained
            )
            by_old = pk_map(activities, copy_rows(Activity, activities))
            Activity.deputies.through.objects.bulk_create(
                Activity.deputies.through(activity_id=by_old[a], deputy_id=d) for a, d in joined
            )
            new_opinions = copy_rows(
                ReviewOpinion, opinions, activity_id=lambda o, m=by_old: m[o.activity_id]
            )
            op_by_old = pk_map(opinions, new_opinions)
            copy_rows(RectificationItem, items, opinion_id=lambda i, m=op_by_old: m[i.opinion_id])
            rec_by_old = pk_map(receptions, copy_rows(Reception, receptions))
            copy_rows(Opinion, resident_opinions, reception_id=lambda o, m=rec_by_old: m[o.reception_id])
            copy_rows(Article, articles)


def pages() -> dict[str, str]:
    from django.utils import timezone

    year = timezone.localdate().year
    return {
        "dashboard": f"/dashboard/?year={year}",
        "dashboard .xlsx": f"/dashboard/export.xlsx?year={year}",
        "rows: activities": f"/dashboard/rows/activities/?year={year}",
        "rows: deputies (suggestion)": f"/dashboard/rows/deputies/?year={year}&part=suggestion",
        "rows: articles": f"/dashboard/rows/articles/?year={year}",
    }


def measure(runs: int) -> dict[str, dict]:
    client = signed_in("director")
    return {name: measure_page(client, url, runs) for name, url in pages().items()}


def main() -> None:
    args = parse_scaled(__doc__)
    with demo_database(args.database_url):
        from proposals.models import Suggestion

        before = Suggestion.objects.count()
        small = measure(args.runs)
        with stopwatch(f"scaled to {args.scale}x"):
            scale_up(args.scale - 1)
        after = Suggestion.objects.count()
        large = measure(args.runs)
    print(f"\nSuggestions: {before} at 1x, {after} at {args.scale}x; median of {args.runs} requests.\n")
    print_sizes({"1x": small, f"{args.scale}x": large})


if __name__ == "__main__":
    main()
