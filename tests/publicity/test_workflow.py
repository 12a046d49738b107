"""The article workflow: every move, illegal moves refused, the four-eyes rule, scheduled publication."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from publicity import services
from publicity.models import Article
from publicity.selectors import public_articles
from publicity.workflow import MOVES
from renda.core.models import Notification
from renda.core.workflow import IllegalMove, transitions_of
from tests.publicity.factories import ArticleFactory

pytestmark = pytest.mark.django_db
S = Article.State


@pytest.fixture
def draft(editor):
    return ArticleFactory(created_by=editor)


def _submitted(article, editor):
    return services.article_submit(article=article, by=editor)


def test_submit_moves_a_draft_under_review_and_records_it(draft, editor):
    article = _submitted(draft, editor)
    assert article.state == S.UNDER_REVIEW
    assert article.submitted_at is not None
    last = list(transitions_of(article))[-1]
    assert (last.action, last.from_state, last.to_state, last.by) == (
        "submit",
        S.DRAFT,
        S.UNDER_REVIEW,
        editor,
    )


def test_a_second_person_publishes_now_and_the_author_is_told(draft, editor, reviewer):
    _submitted(draft, editor)
    article = services.article_publish(article=draft, by=reviewer, note="同意发布")
    assert article.state == S.PUBLISHED
    assert article.reviewed_by == reviewer
    assert article.published_at <= timezone.now()
    assert list(public_articles()) == [article]
    assert Notification.objects.filter(
        recipient=editor, key__startswith=f"article:{article.pk}:published"
    ).exists()
    assert transitions_of(article).filter(action="publish", by=reviewer, note="同意发布").exists()


def test_the_author_can_never_approve_their_own_article(draft, editor):
    _submitted(draft, editor)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.article_publish(article=draft, by=editor)
    assert exc.value.messages == [str(services.OWN_ARTICLE)]
    draft.refresh_from_db()
    assert draft.state == S.UNDER_REVIEW
    assert not transitions_of(draft).filter(action="publish").exists()


def test_a_scheduled_article_is_not_public_before_its_time(draft, editor, reviewer):
    _submitted(draft, editor)
    later = timezone.now() + timedelta(days=3)
    article = services.article_publish(article=draft, by=reviewer, at=later)
    assert article.state == S.PUBLISHED
    assert article.published_at == later
    assert article not in public_articles()
    assert article in public_articles(now=later + timedelta(seconds=1))
    assert article in Article.objects.published(now=later)


def test_a_past_time_publishes_now(draft, editor, reviewer):
    _submitted(draft, editor)
    before = timezone.now()
    article = services.article_publish(article=draft, by=reviewer, at=before - timedelta(days=30))
    assert article.published_at >= before


def test_return_needs_a_note_and_tells_the_author(draft, editor, reviewer):
    _submitted(draft, editor)
    with pytest.raises(ValidationError) as exc:
        services.article_return(article=draft, by=reviewer, note="  ")
    assert "note" in exc.value.error_dict
    article = services.article_return(article=draft, by=reviewer, note="请补充调研时间")
    assert article.state == S.DRAFT
    assert article.review_note == "请补充调研时间"
    assert Notification.objects.filter(recipient=editor, key__contains=":returned:").count() == 1


def test_withdraw_needs_a_reason_and_a_withdrawn_article_goes_back_to_draft_only(draft, editor, reviewer):
    _submitted(draft, editor)
    services.article_publish(article=draft, by=reviewer)
    with pytest.raises(ValidationError):
        services.article_withdraw(article=draft, by=reviewer, reason="")
    article = services.article_withdraw(article=draft, by=reviewer, reason="图片未授权")
    assert article.state == S.WITHDRAWN
    assert article not in public_articles()
    with pytest.raises(IllegalMove):
        services.article_publish(article=article, by=reviewer)
    article = services.article_redraft(article=article, by=editor)
    assert article.state == S.DRAFT
    assert article.published_at is None and article.reviewed_by is None


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.DRAFT, "publish"),
        (S.DRAFT, "return"),
        (S.DRAFT, "withdraw"),
        (S.UNDER_REVIEW, "submit"),
        (S.PUBLISHED, "submit"),
        (S.PUBLISHED, "redraft"),
        (S.WITHDRAWN, "withdraw"),
    ],
)
def test_illegal_moves_are_refused(editor, reviewer, state, action):
    article = ArticleFactory(
        created_by=editor, state=state, published_at=timezone.now() if state != S.DRAFT else None
    )
    run = {
        "submit": lambda: services.article_submit(article=article, by=editor),
        "publish": lambda: services.article_publish(article=article, by=reviewer),
        "return": lambda: services.article_return(article=article, by=reviewer, note="x"),
        "withdraw": lambda: services.article_withdraw(article=article, by=reviewer, reason="x"),
        "redraft": lambda: services.article_redraft(article=article, by=editor),
    }[action]
    assert state not in MOVES[action].sources
    with pytest.raises(IllegalMove):
        run()
    article.refresh_from_db()
    assert article.state == state


def test_only_a_draft_can_be_edited(editor, reviewer):
    article = ArticleFactory(created_by=editor, under_review=True)
    with pytest.raises(ValidationError):
        services.article_update(article=article, data={"title": "改过的标题"}, by=editor)
    article.refresh_from_db()
    assert article.title != "改过的标题"
