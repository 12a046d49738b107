"""Publicity files are served through views that check the object, never from the media folder."""

from datetime import timedelta

import factory
import pytest
from django.urls import reverse
from django.utils import timezone

from publicity.models import Article
from tests.publicity.factories import ArticleFactory, PeriodicalIssueFactory, VideoFactory

pytestmark = pytest.mark.django_db


def with_cover(**kwargs):
    return ArticleFactory(cover=factory.django.ImageField(width=4, height=3, format="PNG"), **kwargs)


def public(kind, pk):
    return reverse("public:file", args=[kind, pk])


def test_a_published_article_cover_is_served_to_anyone(client):
    article = with_cover(published=True)
    response = client.get(public("article-cover", article.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize(
    "state", [Article.State.DRAFT, Article.State.UNDER_REVIEW, Article.State.WITHDRAWN, "scheduled"]
)
def test_an_unpublished_article_cover_answers_404(client, state):
    if state == "scheduled":
        article = with_cover(published=True, published_at=timezone.now() + timedelta(days=1))
    else:
        article = with_cover(state=state)
    assert client.get(public("article-cover", article.pk)).status_code == 404


def test_a_private_issue_and_its_pdf_answer_404(client):
    issue = PeriodicalIssueFactory(is_public=False)
    assert client.get(public("issue-pdf", issue.pk)).status_code == 404
    assert client.get(reverse("public:periodical_pdf", args=[issue.pk])).status_code == 404


def test_a_public_issue_pdf_is_an_attachment(client):
    issue = PeriodicalIssueFactory()
    response = client.get(reverse("public:periodical_pdf", args=[issue.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"


def test_an_unknown_kind_or_an_object_without_the_file_answers_404(client):
    video = VideoFactory()  # a link, no file
    assert client.get(public("video-file", video.pk)).status_code == 404
    assert client.get(public("deputy-phone", video.pk)).status_code == 404


def test_staff_see_a_draft_cover_others_do_not(client, staff, deputy):
    article = with_cover()
    url = reverse("publicity:file", args=["article-cover", article.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(deputy)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_pages_link_covers_through_the_views_not_the_media_folder(client, staff):
    article = with_cover(published=True)
    page = client.get(reverse("public:article", args=[article.pk])).content.decode()
    assert public("article-cover", article.pk) in page
    assert "/media/" not in page
    client.force_login(staff)
    page = client.get(reverse("publicity:article_detail", args=[article.pk])).content.decode()
    assert reverse("publicity:file", args=["article-cover", article.pk]) in page
    assert "/media/" not in page
