"""Fixtures of the public portal tests: published and unpublished articles, issues, results, deputies."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from deputies.models import Deputy, Level
from publicity.models import Article
from tests.deputies.factories import DeputyFactory
from tests.factories import TermFactory, TownshipFactory
from tests.publicity.factories import (
    ArticleFactory,
    ColumnFactory,
    PeriodicalIssueFactory,
    PublishedResultFactory,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    # Uploaded test files never land in var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def term(db):
    return TermFactory(number=16, name="第十六届", is_current=True)


@pytest.fixture
def column(db):
    return ColumnFactory(name="工作动态", slug="news")


@pytest.fixture
def special_column(db):
    return ColumnFactory(name="吉县人大在行动", slug="in-action", is_special=True)


@pytest.fixture
def article(column):
    return ArticleFactory(
        published=True,
        column=column,
        title="县人大常委会视察壶口镇苹果产业",
        summary="视察组实地查看了苹果示范园。",
        body="## 视察情况\n\n视察组走访了**壶口镇**的果园。",
        author="吉县人大通讯员",
    )


def hidden_articles(column):
    """One article in each state the public must not see, by name."""
    now = timezone.now()
    return {
        "draft": ArticleFactory(column=column, title="草稿文章"),
        "under_review": ArticleFactory(column=column, under_review=True, title="待审文章"),
        "withdrawn": ArticleFactory(
            column=column,
            title="已撤回文章",
            state=Article.State.WITHDRAWN,
            published_at=now - timedelta(days=3),
            withdrawn_reason="内容有误",
        ),
        "scheduled": ArticleFactory(
            column=column,
            title="定时发布文章",
            state=Article.State.PUBLISHED,
            published_at=now + timedelta(days=2),
        ),
    }


@pytest.fixture
def hidden(column):
    return hidden_articles(column)


@pytest.fixture
def issue(db):
    return PeriodicalIssueFactory(year=2026, number=3, contents="卷首语\n代表风采：果农的代言人")


@pytest.fixture
def private_issue(db):
    return PeriodicalIssueFactory(year=2025, number=9, is_public=False, title="内部征求意见稿")


@pytest.fixture
def result(db):
    return PublishedResultFactory()


@pytest.fixture
def public_deputy(term):
    return DeputyFactory(
        name="乔建平",
        township=TownshipFactory(name="壶口镇"),
        phone="13912340000",
        birth_date=date(1971, 5, 17),
        occupation="壶口镇某村果农",
        levels=[Level.COUNTY, Level.TOWNSHIP],
        levels__term=term,
    )


@pytest.fixture
def resigned_deputy(term):
    return DeputyFactory(
        name="离任代表",
        status=Deputy.Status.RESIGNED,
        status_date=date(2025, 12, 1),
        levels=[Level.COUNTY],
        levels__term=term,
    )


@pytest.fixture
def english(client, settings):
    """Pages in English (the language cookie) and English msgids to compare them with."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client
