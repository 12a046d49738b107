"""The staff lists take the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.publicity.factories import ArticleFactory, ExternalPublicationFactory

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name", ["publicity:index", "publicity:review_queue"])
def test_article_lists_are_constant(client, staff, director, url_name):
    client.force_login(staff)
    url = reverse(url_name)
    ArticleFactory(created_by=director, under_review=True)
    ArticleFactory(published=True)
    _count(client, url)  # warm the session and content-type caches
    small = _count(client, url)
    for _ in range(3):
        ArticleFactory(created_by=director, under_review=True)
        ArticleFactory(published=True)
    assert _count(client, url) == small


def test_the_publication_list_is_constant(client, staff):
    client.force_login(staff)
    url = reverse("publicity:publication_list")
    ExternalPublicationFactory()
    _count(client, url)
    small = _count(client, url)
    for _ in range(4):
        ExternalPublicationFactory()
    assert _count(client, url) == small
