"""Benchmark of the public portal, the publicity staff list and the meetings pages at demo scale and at
N times the demo (not a test).

    DJANGO_DEBUG=true .venv/bin/python bench/portal.py [--scale 10] [--runs 5] [--database-url URL]

It migrates a scratch database, loads the demo (1x), times each page and counts its SQL queries, then
adds (scale - 1) copies of the demo's articles, published handling results (each with a copy of its
suggestion: a result belongs to one suggestion) and meetings (with their agenda items, attendance and
decisions) and measures again. Without --database-url the database is a throwaway SQLite file, deleted
at the end; a database given with --database-url is FLUSHED first, so give it a scratch database only
(the DATABASE_URL of your shell is deliberately ignored).

The table shows, per page: the rows behind it, SQL queries and the median time of `--runs` requests
(django.test.Client; the portal anonymous, the staff pages signed in as the demo `staff` user) at 1x
and at the scale. A page whose URL does not resolve yet, or that does not answer 200, is reported and
skipped.
"""

from urllib.parse import quote

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
    """Add `copies` copies of the demo's articles, published results and meetings (bulk_create, no history
    rows: this measures reading pages, not the services)."""
    from django.db import transaction

    from meetings.models import AgendaItem, Attendance, Decision, Meeting
    from proposals.models import Suggestion
    from publicity.models import Article, PublishedResult

    articles = list(Article.objects.all())
    results = list(PublishedResult.objects.all())
    suggestions = list(Suggestion.objects.filter(pk__in=[r.suggestion_id for r in results]))
    meetings = list(Meeting.objects.all())
    items = list(AgendaItem.objects.all())
    attendance = list(Attendance.objects.all())
    decisions = list(Decision.objects.all())
    for copy in range(1, copies + 1):
        with transaction.atomic():
            copy_rows(Article, articles, title=lambda a, k=copy: f"{a.title[:110]} #{k}")
            by_suggestion = pk_map(
                suggestions,
                copy_rows(
                    Suggestion,
                    suggestions,
                    number=None,
                    sequence="",
                    origin_opinion_id=None,
                    title=lambda s, k=copy: f"{s.title[:90]} #{k}",
                ),
            )
            copy_rows(PublishedResult, results, suggestion_id=lambda r, m=by_suggestion: m[r.suggestion_id])
            # A meeting's number is unique in its term and kind: the copies count on from 1000 * copy.
            by_meeting = pk_map(
                meetings, copy_rows(Meeting, meetings, number=lambda m, k=copy: m.number + 1000 * k)
            )
            by_item = pk_map(
                items, copy_rows(AgendaItem, items, meeting_id=lambda i, m=by_meeting: m[i.meeting_id])
            )
            copy_rows(Attendance, attendance, meeting_id=lambda a, m=by_meeting: m[a.meeting_id])
            copy_rows(
                Decision,
                decisions,
                meeting_id=lambda d, m=by_meeting: m[d.meeting_id] if d.meeting_id else None,
                agenda_item_id=lambda d, m=by_item: m[d.agenda_item_id] if d.agenda_item_id else None,
            )


def pages():
    """(label, path, username or None for anonymous, rows behind the page) for each page measured."""
    from django.db.models import Count

    from deputies.models import Deputy
    from meetings.models import Decision, Meeting
    from publicity import portal_selectors
    from publicity.models import Article, PublishedResult
    from renda.core.models import Township

    published = Article.objects.published()
    article = published.order_by("-published_at").first()
    result = PublishedResult.objects.filter(is_withdrawn=False).order_by("-published_at").first()
    deputy = portal_selectors.portal_deputies().first()
    # The demo's meeting with the longest agenda, and its first township: the same at every size.
    meeting = Meeting.objects.annotate(n=Count("items")).order_by("-n", "pk").first()
    township = Township.objects.active().order_by("pk").first()
    results = PublishedResult.objects.filter(is_withdrawn=False).count
    return [
        ("/public/", "/public/", None, published.count),
        ("/public/news/", "/public/news/", None, published.count),
        ("/public/articles/<pk>/", f"/public/articles/{article.pk}/", None, published.count),
        ("/public/results/", "/public/results/", None, results),
        ("/public/results/<pk>/", f"/public/results/{result.pk}/", None, results),
        ("/public/deputies/", "/public/deputies/", None, Deputy.objects.active().count),
        ("/public/deputies/<pk>/", f"/public/deputies/{deputy.pk}/", None, lambda: 1),
        ("/public/search/?q=苹果", f"/public/search/?q={quote('苹果')}", None, published.count),
        ("/public/sitemap.xml", "/public/sitemap.xml", None, lambda: published.count() + results()),
        ("/publicity/", "/publicity/", "staff", Article.objects.count),
        ("/meetings/", "/meetings/", "staff", Meeting.objects.count),
        ("/meetings/<pk>/", f"/meetings/{meeting.pk}/", "staff", meeting.items.count),
        ("/meetings/<pk>/papers/", f"/meetings/{meeting.pk}/papers/", "staff", meeting.items.count),
        ("/meetings/decisions/", "/meetings/decisions/", "staff", Decision.objects.count),
        ("/meetings/townships/<pk>/", f"/meetings/townships/{township.pk}/", "staff", Meeting.objects.count),
    ]


def measure(runs: int) -> dict[str, dict]:
    clients = {}
    results = {}
    for label, path, username, rows in pages():
        if username not in clients:
            clients[username] = signed_in(username)
        results[label] = measure_page(clients[username], path, runs)
        if "note" not in results[label]:
            results[label]["rows"] = rows()
    return results


def main() -> None:
    args = parse_scaled(__doc__)
    with demo_database(args.database_url):
        small = measure(args.runs)
        with stopwatch(f"scaled to {args.scale}x"):
            scale_up(args.scale - 1)
        large = measure(args.runs)
    print()
    print_sizes({"1x": small, f"{args.scale}x": large})


if __name__ == "__main__":
    main()
