"""Reads of publicity: what the public may see, and the staff registers with their joins."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from proposals.models import Reply
from proposals.models import State as SuggestionState
from publicity.models import (
    Article,
    Column,
    Correspondent,
    ExternalPublication,
    Honour,
    PeriodicalIssue,
    PublishedResult,
    Video,
)

# Suggestions whose handling result may be published: the lead unit has replied.
RESULT_STATES = [
    SuggestionState.REPLIED,
    SuggestionState.EVALUATED,
    SuggestionState.IMPLEMENTING,
    SuggestionState.CLOSED,
]


def public_articles(now=None) -> QuerySet[Article]:
    """Published articles whose publication time has come, newest first."""
    return Article.objects.published(now=now or timezone.now()).select_related("column")


def published_articles(*, year: int, month: int | None = None) -> QuerySet[Article]:
    """The articles published in `year` (and `month`) whose publication time has come, newest first."""
    qs = Article.objects.published().filter(published_at__year=year)
    if month:
        qs = qs.filter(published_at__month=month)
    return qs.select_related("column").order_by("-published_at", "-pk")


def published_counts_by_month(*, year: int) -> dict[int, int]:
    """How many articles were published in each month of `year` (months without any left out)."""
    return dict(
        published_articles(year=year)
        .annotate(month=ExtractMonth("published_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by()
    )


def public_results(now=None) -> QuerySet[PublishedResult]:
    """Handling results on the portal: published, not withdrawn, and their time has come."""
    return (
        PublishedResult.objects.filter(is_withdrawn=False, published_at__lte=now or timezone.now())
        .select_related("suggestion", "suggestion__lead_unit")
        .order_by("-published_at", "-pk")
    )


def public_periodicals() -> QuerySet[PeriodicalIssue]:
    return PeriodicalIssue.objects.filter(is_public=True).order_by("-year", "-number")


def public_videos() -> QuerySet[Video]:
    return Video.objects.filter(is_public=True).order_by("-made_on", "-pk")


def article_list() -> QuerySet[Article]:
    """Every article for the staff register."""
    return Article.objects.select_related("column", "created_by", "reviewed_by")


def articles_awaiting_review() -> QuerySet[Article]:
    return article_list().filter(state=Article.State.UNDER_REVIEW).order_by("submitted_at", "pk")


def column_list() -> QuerySet[Column]:
    return Column.objects.annotate(article_count=Count("articles"))


def external_publication_list() -> QuerySet[ExternalPublication]:
    return ExternalPublication.objects.prefetch_related("correspondents").select_related("article")


def correspondent_list() -> QuerySet[Correspondent]:
    return Correspondent.objects.select_related("unit", "township").annotate(
        publication_count=Count("publications", distinct=True)
    )


def correspondent_ranking(year: int) -> list[Correspondent]:
    """Correspondents by number of outside publications in `year` (most first), with outlets and honours.

    Each correspondent gets `year_count`, `year_outlets` (outlet names, most used first) and
    `year_honours` (honour titles of that year). Three queries whatever the number of rows.
    """
    people = list(
        Correspondent.objects.select_related("unit", "township")
        .annotate(year_count=Count("publications", filter=Q(publications__date__year=year), distinct=True))
        .filter(Q(year_count__gt=0) | Q(honours__year=year))
        .distinct()
        .prefetch_related(
            Prefetch("honours", queryset=Honour.objects.filter(year=year), to_attr="year_honour_rows")
        )
        .order_by("-year_count", "name", "pk")
    )
    outlets = (
        ExternalPublication.correspondents.through.objects.filter(
            externalpublication__date__year=year, correspondent__in=[p.pk for p in people]
        )
        .values("correspondent_id", "externalpublication__outlet")
        .annotate(n=Count("pk"))
        .order_by("-n", "externalpublication__outlet")
    )
    by_person: dict[int, list[tuple[str, int]]] = {}
    for row in outlets:
        by_person.setdefault(row["correspondent_id"], []).append(
            (row["externalpublication__outlet"], row["n"])
        )
    for person in people:
        person.year_outlets = by_person.get(person.pk, [])
        person.year_honours = [h.title for h in person.year_honour_rows]
    return people


def publication_years() -> list[int]:
    years = ExternalPublication.objects.dates("date", "year", order="DESC")
    return [d.year for d in years]


def result_candidates() -> QuerySet:
    """Replied suggestions not yet published, for staff to pick."""
    from proposals.models import Suggestion

    return (
        Suggestion.objects.filter(state__in=RESULT_STATES, replies__isnull=False, publication__isnull=True)
        .select_related("lead_unit", "lead_deputy")
        .distinct()
        .order_by("-replied_at", "-pk")
    )


def latest_reply(suggestion) -> Reply | None:
    return Reply.objects.filter(suggestion=suggestion).order_by("-round", "-pk").first()


def published_result_list() -> QuerySet[PublishedResult]:
    return PublishedResult.objects.select_related("suggestion", "suggestion__lead_unit", "published_by")


def correspondent_yearly(correspondent: Correspondent) -> list[dict]:
    """A correspondent's publications per year, newest year first: [{"year": 2026, "count": 12}]."""
    rows = (
        ExternalPublication.objects.filter(correspondents=correspondent)
        .values_list("date__year")
        .annotate(count=Count("pk"))
        .order_by("-date__year")
    )
    return [{"year": year, "count": count} for year, count in rows]
