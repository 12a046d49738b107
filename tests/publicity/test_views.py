"""The article pages: filters, preview, submit, the reviewer's forms, and the author's own article."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from publicity import services
from publicity.models import Article
from tests.publicity.factories import ArticleFactory, ColumnFactory


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Pages in English, so that messages compare with their msgids whatever the catalog holds."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


pytestmark = pytest.mark.django_db


def test_an_editor_writes_previews_and_submits_an_article(client, editor):
    column = ColumnFactory(name="工作动态")
    client.force_login(editor)
    data = {"title": "视察苹果产业", "column": column.pk, "body": "**重点**<script>alert(1)</script>"}
    preview = client.post(reverse("publicity:article_create"), {**data, "preview": "1"})
    assert preview.status_code == 200
    assert "<strong>重点</strong>" in preview.content.decode()
    assert "<script>alert(1)" not in preview.content.decode()
    assert not Article.objects.exists()
    htmx = client.post(reverse("publicity:article_preview"), {"body": "# 标题"})
    assert "<h2>标题</h2>" in htmx.content.decode()
    response = client.post(reverse("publicity:article_create"), data)
    article = Article.objects.get()
    assert response.status_code == 302
    assert article.created_by == editor and article.state == Article.State.DRAFT
    client.post(reverse("publicity:article_act", args=[article.pk, "submit"]))
    article.refresh_from_db()
    assert article.state == Article.State.UNDER_REVIEW


def test_the_author_gets_no_publish_button_and_a_refusal_if_they_try(client, editor):
    article = ArticleFactory(created_by=editor, under_review=True)
    client.force_login(editor)
    detail = client.get(article.get_absolute_url())
    assert ("publish", services.MOVES["publish"].label) not in detail.context["actions"]
    with translation.override("en"):
        response = client.post(
            reverse("publicity:article_publish", args=[article.pk]), {"at": "", "note": ""}
        )
    assert response.status_code == 200
    assert str(services.OWN_ARTICLE) in response.context["form"].non_field_errors()
    article.refresh_from_db()
    assert article.state == Article.State.UNDER_REVIEW


def test_the_reviewer_schedules_an_article_shown_as_scheduled(client, editor, reviewer):
    article = ArticleFactory(created_by=editor, under_review=True)
    client.force_login(reviewer)
    later = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("publicity:article_publish", args=[article.pk]), {"at": later.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED and article.published_at > timezone.now()
    listing = client.get(reverse("publicity:index"), {"state": "scheduled"})
    assert list(listing.context["page_obj"]) == [article]
    with translation.override("en"):
        assert "Scheduled" in client.get(article.get_absolute_url()).content.decode()


def test_a_scheduled_time_in_the_past_is_refused_at_the_field(client, editor, reviewer):
    article = ArticleFactory(created_by=editor, under_review=True)
    client.force_login(reviewer)
    response = client.post(
        reverse("publicity:article_publish", args=[article.pk]), {"at": "2020-01-01T09:00"}
    )
    assert "at" in response.context["form"].errors


def test_return_without_a_note_is_refused_at_the_field(client, editor, reviewer):
    article = ArticleFactory(created_by=editor, under_review=True)
    client.force_login(reviewer)
    response = client.post(reverse("publicity:article_return", args=[article.pk]), {"note": ""})
    assert "note" in response.context["form"].errors
    response = client.post(reverse("publicity:article_return", args=[article.pk]), {"note": "补充数据"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.state == Article.State.DRAFT


def test_the_list_filters_by_state_column_year_and_keyword(client, editor):
    apple, road = ColumnFactory(), ColumnFactory()
    a = ArticleFactory(created_by=editor, column=apple, title="苹果产业调研", published=True)
    b = ArticleFactory(created_by=editor, column=road, title="通村公路视察")
    client.force_login(editor)

    def shown(**query):
        return set(client.get(reverse("publicity:index"), query).context["page_obj"])

    assert shown() == {a, b}
    assert shown(state="published") == {a}
    assert shown(column=road.pk) == {b}
    assert shown(q="通村") == {b}
    assert shown(year=timezone.now().year) == {a, b}
    assert shown(year=2001) == {a, b}  # not a year on offer: the filter is ignored, never a 500


def test_an_article_under_review_cannot_be_edited(client, editor):
    article = ArticleFactory(created_by=editor, under_review=True)
    client.force_login(editor)
    response = client.get(reverse("publicity:article_edit", args=[article.pk]))
    assert response.status_code == 302
