"""Reads of the public portal: only what is published, with the joins each page needs.

Every query here is bounded (sliced or paginated by the caller) and owns its select_related /
prefetch_related, so a page costs the same number of queries whatever the size of the data.
Deputies are read field by field (`only`): the portal never loads a phone number or a birth date
it must not show.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from deputies.models import Deputy, Mandate
from proposals.models import CoHandling
from publicity.models import Article, Column, PeriodicalIssue, PublishedResult
from publicity.selectors import public_articles, public_periodicals, public_results
from renda.core import params
from renda.core.models import Township, Unit

# The deputy's fields the public may read (代表法 Art. 58 and the committee's practice): never
# phone, address, birth date or identity number.
PUBLIC_DEPUTY_FIELDS = (
    "pk",
    "name",
    "name_initials",
    "gender",
    "ethnicity",
    "party",
    "constituency",
    "occupation",
    "status",
    "township",
    "township__name",
    "township__sort_order",
)
SEARCH_MAX_LENGTH = 50


def portal_articles() -> QuerySet[Article]:
    return public_articles().order_by("-published_at", "-pk")


def portal_article(pk: int) -> Article:
    """A published article, or DoesNotExist: drafts, reviews, withdrawn and scheduled ones stay hidden."""
    return portal_articles().get(pk=pk)


def article_neighbours(article: Article) -> tuple[Article | None, Article | None]:
    """The previous (older) and next (newer) published article in the same column."""
    same_column = (
        portal_articles()
        .select_related(None)
        .filter(column=article.column_id)
        .only("pk", "title", "published_at")
    )
    older = (
        same_column.filter(
            Q(published_at__lt=article.published_at) | Q(published_at=article.published_at, pk__lt=article.pk)
        )
        .order_by("-published_at", "-pk")
        .first()
    )
    newer = (
        same_column.filter(
            Q(published_at__gt=article.published_at) | Q(published_at=article.published_at, pk__gt=article.pk)
        )
        .order_by("published_at", "pk")
        .first()
    )
    return older, newer


def portal_columns() -> QuerySet[Column]:
    return Column.objects.filter(is_active=True).order_by("sort_order", "name")


def portal_column(slug: str) -> Column:
    return portal_columns().get(slug=slug)


def periodical_years() -> list[int]:
    return list(public_periodicals().order_by("-year").values_list("year", flat=True).distinct())


def portal_results() -> QuerySet[PublishedResult]:
    """Published results whose time has come, with everything their rows show (no reply text)."""
    cohandling = CoHandling.objects.select_related("unit").order_by("unit__sort_order", "unit__name")
    return (
        public_results()
        .select_related(
            "suggestion__lead_unit",
            "suggestion__lead_deputy",
            "suggestion__term",
            "suggestion__session",
        )
        .only(
            "pk",
            "summary",
            "published_at",
            "suggestion",
            "suggestion__term",
            "suggestion__session",
            "suggestion__lead_unit",
            "suggestion__lead_deputy",
            "suggestion__title",
            "suggestion__year",
            "suggestion__number",
            "suggestion__category",
            "suggestion__outcome",
            "suggestion__assigned_at",
            "suggestion__replied_at",
            "suggestion__term__name",
            "suggestion__session__name",
            "suggestion__lead_unit__name",
            "suggestion__lead_deputy__name",
        )
        .prefetch_related(Prefetch("suggestion__cohandling_set", queryset=cohandling))
    )


def filter_results(qs, *, year=None, unit=None, outcome="", q="") -> QuerySet[PublishedResult]:
    if year:
        qs = qs.filter(suggestion__year=year)
    if unit:
        cohandled = CoHandling.objects.filter(suggestion=OuterRef("suggestion"), unit=unit)
        qs = qs.filter(Q(suggestion__lead_unit=unit) | Exists(cohandled))
    if outcome:
        qs = qs.filter(suggestion__outcome=outcome)
    if q:
        qs = qs.filter(Q(suggestion__title__icontains=q) | Q(summary__icontains=q))
    return qs


def result_years() -> list[int]:
    return list(
        public_results().order_by("-suggestion__year").values_list("suggestion__year", flat=True).distinct()
    )


def result_units() -> QuerySet[Unit]:
    """Units that lead or co-handle a published result, for the filter."""
    published = public_results()
    leads = published.filter(suggestion__lead_unit=OuterRef("pk"))
    helps = CoHandling.objects.filter(unit=OuterRef("pk"), suggestion__in=published.values("suggestion"))
    return (
        Unit.objects.filter(Exists(leads) | Exists(helps)).only("pk", "name").order_by("sort_order", "name")
    )


def portal_deputies() -> QuerySet[Deputy]:
    """Active deputies with their levels, public fields only."""
    mandates = Mandate.objects.select_related("term").only(
        "pk", "deputy", "level", "term", "term__name", "term__number"
    )
    return (
        Deputy.objects.active()
        .select_related("township")
        .only(*PUBLIC_DEPUTY_FIELDS)
        .prefetch_related(Prefetch("mandates", queryset=mandates))
        .order_by("name_initials", "name", "pk")
    )


def filter_deputies(qs, *, level="", township=None, q="") -> QuerySet[Deputy]:
    if level:
        qs = qs.filter(Exists(Mandate.objects.filter(deputy=OuterRef("pk"), level=level)))
    if township:
        qs = qs.filter(township=township)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_initials__startswith=q.lower()))
    return qs


def deputy_townships() -> QuerySet[Township]:
    active = Deputy.objects.active().filter(township=OuterRef("pk"))
    return Township.objects.filter(Exists(active)).only("pk", "name").order_by("sort_order", "name")


def search_terms(raw: str) -> str:
    return params.search_terms(raw, max_length=SEARCH_MAX_LENGTH)


def search_articles(q: str) -> QuerySet[Article]:
    return portal_articles().filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q))


def search_results(q: str) -> QuerySet[PublishedResult]:
    return filter_results(portal_results(), q=q)


def search_deputies(q: str) -> QuerySet[Deputy]:
    return filter_deputies(portal_deputies(), q=q)


def search_periodicals(q: str) -> QuerySet[PeriodicalIssue]:
    return public_periodicals().filter(Q(title__icontains=q) | Q(contents__icontains=q))
