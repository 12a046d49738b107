"""The portal's pages cost the same number of queries whatever the amount of published data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deputies.models import Level
from proposals.models import CoHandling
from tests.deputies.factories import DeputyFactory
from tests.factories import UnitFactory
from tests.publicity.factories import (
    ArticleFactory,
    ColumnFactory,
    PeriodicalIssueFactory,
    PublishedResultFactory,
)

pytestmark = pytest.mark.django_db


def _add(n, *, column, term):
    for _i in range(n):
        ArticleFactory(published=True, column=column)
        ColumnFactory(is_special=True)
        PeriodicalIssueFactory(year=2024 + _i % 3)
        result = PublishedResultFactory()
        CoHandling.objects.create(
            suggestion=result.suggestion, unit=UnitFactory(), due=result.suggestion.assigned_at
        )
        CoHandling.objects.create(
            suggestion=result.suggestion, unit=UnitFactory(), due=result.suggestion.assigned_at
        )
        DeputyFactory(levels=[Level.COUNTY, Level.TOWNSHIP], levels__term=term)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["public:home", "public:results", "public:deputies", "public:news", "public:search"]
)
def test_list_pages_are_constant_in_the_size_of_the_data(client, column, term, name):
    url = reverse(name) + ("?q=建议" if name == "public:search" else "")
    _add(2, column=column, term=term)
    small = _count(client, url)
    _add(9, column=column, term=term)
    assert _count(client, url) == small


def test_article_page_is_constant(client, column, term):
    first = ArticleFactory(published=True, column=column)
    _add(1, column=column, term=term)
    small = _count(client, first.get_public_url())
    _add(10, column=column, term=term)
    assert _count(client, first.get_public_url()) == small


def test_result_page_is_constant_in_its_co_units(client):
    result = PublishedResultFactory()
    small = _count(client, result.get_public_url())
    for _i in range(6):
        CoHandling.objects.create(
            suggestion=result.suggestion, unit=UnitFactory(), due=result.suggestion.assigned_at
        )
    assert _count(client, result.get_public_url()) == small
