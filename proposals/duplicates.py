"""Duplicate hints for reviewers: open suggestions of the same year whose titles look alike.

On PostgreSQL with pg_trgm (migration 0002 creates it and a GIN trigram index on the title) the
trigram similarity of the titles, in two queries for a whole page; elsewhere (SQLite) the Jaccard
similarity of the titles' character bigrams, computed over that year's open suggestions found
through an inverted index of bigrams. Both take a title pair as similar from THRESHOLD up.
"""

import re
from collections import defaultdict
from functools import lru_cache

from django.db import connection
from django.db.models import F, OuterRef

from proposals.models import Suggestion

THRESHOLD = 0.3
LIMIT = 3


@lru_cache(maxsize=8)
def _trigram_extension(database_name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def uses_trigrams() -> bool:
    return connection.vendor == "postgresql" and _trigram_extension(connection.settings_dict["NAME"])


def bigrams(title: str) -> set[str]:
    text = re.sub(r"\s+", "", title or "")
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _candidates():
    return Suggestion.objects.open()


def _similar_ids_trigram(items: list[Suggestion], limit: int) -> dict[int, list[int]]:
    from django.contrib.postgres.expressions import ArraySubquery
    from django.contrib.postgres.lookups import TrigramSimilar
    from django.contrib.postgres.search import TrigramSimilarity

    similar = (
        _candidates()
        .filter(year=OuterRef("year"))
        .exclude(pk=OuterRef("pk"))
        # The % operator can use the GIN trigram index; the explicit bound keeps THRESHOLD ours.
        .filter(TrigramSimilar(F("title"), OuterRef("title")))
        .annotate(similarity=TrigramSimilarity("title", OuterRef("title")))
        .filter(similarity__gte=THRESHOLD)
        .order_by("-similarity", "pk")
        .values("pk")[:limit]
    )
    rows = (
        Suggestion.objects.filter(pk__in=[s.pk for s in items])
        .annotate(similar_ids=ArraySubquery(similar))
        .values_list("pk", "similar_ids")
    )
    return {pk: list(ids or []) for pk, ids in rows}


def _similar_ids_bigrams(items: list[Suggestion], limit: int) -> dict[int, list[int]]:
    years = {s.year for s in items}
    pool = list(_candidates().filter(year__in=years).values_list("pk", "year", "title"))
    grams = {pk: bigrams(title) for pk, _year, title in pool}
    year_of = {pk: year for pk, year, _title in pool}
    index = defaultdict(set)
    for pk, gram_set in grams.items():
        for gram in gram_set:
            index[(year_of[pk], gram)].add(pk)
    result = {}
    for item in items:
        mine = bigrams(item.title)
        sharing = set()
        for gram in mine:
            sharing |= index.get((item.year, gram), set())
        sharing.discard(item.pk)
        scored = sorted(
            ((jaccard(mine, grams[pk]), pk) for pk in sharing), key=lambda pair: (-pair[0], pair[1])
        )
        result[item.pk] = [pk for score, pk in scored if score >= THRESHOLD][:limit]
    return result


def similar_suggestions(suggestions, *, limit: int = LIMIT) -> dict[int, list[Suggestion]]:
    """For each suggestion, up to `limit` open suggestions of its year with similar titles, most
    similar first. A constant number of queries whatever the number of suggestions given."""
    items = list(suggestions)
    if not items:
        return {}
    find = _similar_ids_trigram if uses_trigrams() else _similar_ids_bigrams
    ids = find(items, limit)
    wanted = {pk for pks in ids.values() for pk in pks}
    found = (
        Suggestion.objects.filter(pk__in=wanted).select_related("term", "session", "lead_deputy").in_bulk()
    )
    return {item.pk: [found[pk] for pk in ids.get(item.pk, []) if pk in found] for item in items}


def attach_similar(suggestions, *, limit: int = LIMIT) -> None:
    """Set `.similar` on each suggestion (a page of a list) for the template."""
    items = list(suggestions)
    hints = similar_suggestions(items, limit=limit)
    for item in items:
        item.similar = hints.get(item.pk, [])
