"""Who may open the publicity pages: editors and reviewers; deputies, units and the public may not."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from publicity.models import Article
from renda.core.registry import registry
from tests.publicity.factories import (
    ArticleFactory,
    ColumnFactory,
    CorrespondentFactory,
    PeriodicalIssueFactory,
    PublishedResultFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(editor):
    article = ArticleFactory(created_by=editor, under_review=True)
    return {
        "article": article,
        "column": ColumnFactory(),
        "issue": PeriodicalIssueFactory(),
        "correspondent": CorrespondentFactory(),
        "result": PublishedResultFactory(),
    }


def _read_urls(o):
    return [
        reverse("publicity:index"),
        reverse("publicity:review_queue"),
        reverse("publicity:article_detail", args=[o["article"].pk]),
        reverse("publicity:column_list"),
        reverse("publicity:issue_list"),
        reverse("publicity:issue_pdf", args=[o["issue"].pk]),
        reverse("publicity:video_list"),
        reverse("publicity:publication_list"),
        reverse("publicity:correspondent_list"),
        reverse("publicity:correspondent_detail", args=[o["correspondent"].pk]),
        reverse("publicity:ranking"),
        reverse("publicity:ranking_xlsx"),
        reverse("publicity:result_list"),
    ]


def _write_urls(o):
    return [
        reverse("publicity:article_create"),
        reverse("publicity:column_create"),
        reverse("publicity:issue_create"),
        reverse("publicity:video_create"),
        reverse("publicity:publication_create"),
        reverse("publicity:correspondent_create"),
        reverse("publicity:result_edit", args=[o["result"].pk]),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, objects):
    for url in _read_urls(objects) + _write_urls(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.parametrize("who", ["deputy", "unit_user"])
def test_deputies_and_units_are_refused(request, client, objects, who):
    client.force_login(request.getfixturevalue(who))
    for url in _read_urls(objects) + _write_urls(objects):
        assert client.get(url).status_code == 403, url


def test_the_staff_editor_opens_every_page(client, objects, editor):
    client.force_login(editor)
    for url in _read_urls(objects) + _write_urls(objects):
        assert client.get(url).status_code == 200, url


def test_the_director_reviews_but_does_not_write(client, objects, reviewer):
    client.force_login(reviewer)
    for url in _read_urls(objects):
        assert client.get(url).status_code == 200, url
    for url in _write_urls(objects):
        assert client.get(url).status_code == 403, url
    publish = reverse("publicity:article_publish", args=[objects["article"].pk])
    assert client.get(publish).status_code == 200


def test_an_editor_without_review_permission_cannot_publish(client, objects, unit_user, editor):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    writer = UserFactory()
    writer.user_permissions.add(Permission.objects.get(codename="edit_publicity"))
    client.force_login(writer)
    article = objects["article"]
    assert client.get(reverse("publicity:article_detail", args=[article.pk])).status_code == 200
    assert client.post(reverse("publicity:article_publish", args=[article.pk]), {}).status_code == 403
    article.refresh_from_db()
    assert article.state == Article.State.UNDER_REVIEW


def test_the_menu_shows_publicity_to_editors_and_the_review_queue_to_reviewers(
    editor, reviewer, deputy, unit_user
):
    def keys(user):
        return {e.key for e in registry.nav_for(user) if e.key.startswith("publicity")}

    assert keys(editor) == {"publicity", "publicity.review"}
    assert keys(reviewer) == {"publicity.review"}
    assert keys(deputy) == set()
    assert keys(unit_user) == set()


def test_the_review_queue_counts_what_others_wrote(editor, reviewer):
    ArticleFactory(created_by=editor, under_review=True)
    ArticleFactory(created_by=reviewer, under_review=True)
    ArticleFactory(created_by=editor)
    with translation.override("en"):
        items = {str(i.label): i.count for i in registry.queue_for(reviewer)}
    assert items["Articles awaiting review"] == 1
