"""Duplicate hints: open suggestions of the same year with similar titles (pg_trgm on PostgreSQL,
character bigrams elsewhere; the same expectations hold for both)."""

import pytest

from proposals.duplicates import bigrams, jaccard, similar_suggestions, uses_trigrams
from proposals.models import State
from tests.proposals.factories import SuggestionFactory

pytestmark = pytest.mark.django_db


def test_bigrams_and_jaccard():
    assert bigrams("关于 修路") == {"关于", "于修", "修路"}
    assert jaccard(bigrams("关于加快通村公路建设的建议"), bigrams("关于加快农村公路建设的建议")) > 0.6
    assert jaccard(bigrams("关于加快通村公路建设的建议"), bigrams("关于加强农村饮水安全的建议")) < 0.3
    assert jaccard(set(), {"ab"}) == 0.0


def test_similar_titles_of_the_same_year_that_are_still_open(term):
    road = SuggestionFactory(term=term, title="关于加快通村公路建设的建议")
    twin = SuggestionFactory(term=term, title="关于加快农村公路建设的建议", state=State.UNDER_REVIEW)
    reworded = SuggestionFactory(
        term=term, title="建议加快通村公路建设", state=State.IN_PROGRESS, assigned=True
    )
    SuggestionFactory(term=term, title="关于加强农村饮水安全的建议")
    SuggestionFactory(term=term, title="关于加快通村公路建设的建议", year=2025)
    SuggestionFactory(term=term, title="关于加快通村公路建设的建议。", state=State.REJECTED)
    SuggestionFactory(term=term, title="关于加快通村公路建设的建议呀", state=State.DRAFT)

    hints = similar_suggestions([road, twin])

    assert [s.pk for s in hints[road.pk]] == [twin.pk, reworded.pk]
    assert hints[twin.pk][0].pk == road.pk


def test_nothing_similar(term):
    lone = SuggestionFactory(term=term, title="关于设立县级非物质文化遗产展示馆的建议")
    SuggestionFactory(term=term, title="关于加强农村饮水安全的建议")
    assert similar_suggestions([lone]) == {lone.pk: []}
    assert similar_suggestions([]) == {}


@pytest.mark.services("postgres")
def test_postgresql_uses_pg_trgm_and_its_title_index():
    from django.db import connection

    assert uses_trigrams()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'suggestion_title_trgm_idx'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
