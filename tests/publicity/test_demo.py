"""The publicity demo: a year of articles in every state, periodicals with real PDFs, 50+ outside
publications over four years, ~30 published results without phones; loaded twice, nothing doubles."""

import io

import pytest

from demo.accounts import load_demo_users
from demo.deputies import load_demo_deputies
from demo.loaders import LOADERS
from demo.proposals import load_demo_proposals
from demo.publicity import DEMO_TODAY, load_demo_publicity
from demo.reference import load_reference_data
from publicity.models import (
    Article,
    Column,
    Correspondent,
    ExternalPublication,
    Honour,
    PeriodicalIssue,
    PublishedResult,
    Video,
)
from publicity.services import looks_like_phone
from renda.core.models import Transition
from tests.helpers import assert_loading_again_changes_nothing

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(roles):
    out = io.StringIO()
    load_reference_data(out)
    load_demo_users(out)
    load_demo_deputies(out)
    load_demo_proposals(out)
    load_demo_publicity(out)
    return out.getvalue()


def test_the_loader_is_registered():
    assert "publicity" in [name for name, _loader in LOADERS]


def test_the_demo_is_idempotent(demo):
    assert_loading_again_changes_nothing(
        load_demo_publicity,
        Column,
        Article,
        PeriodicalIssue,
        Video,
        Correspondent,
        Honour,
        ExternalPublication,
        ExternalPublication.correspondents.through,
        PublishedResult,
        Transition.objects.filter(content_type__app_label="publicity"),
    )


def test_the_demo_has_the_shape_the_committee_reports(demo):
    S = Article.State
    assert Article.objects.count() >= 38
    assert Article.objects.filter(state=S.DRAFT).exists()
    assert Article.objects.filter(state=S.UNDER_REVIEW).exists()
    assert Article.objects.filter(state=S.WITHDRAWN).count() == 1
    assert Article.objects.filter(state=S.PUBLISHED, published_at__date__gt=DEMO_TODAY).count() == 1
    assert Column.objects.filter(is_special=True, name="疫情防控 吉县人大在行动").exists()
    assert Column.objects.filter(articles__isnull=False).distinct().count() >= 6
    for article in Article.objects.filter(state=S.PUBLISHED):
        assert article.reviewed_by_id != article.created_by_id
    assert PeriodicalIssue.objects.count() >= 6
    assert {i.year for i in PeriodicalIssue.objects.all()} == {2025, 2026}
    for issue in PeriodicalIssue.objects.all():
        with issue.pdf.open("rb") as f:
            data = f.read()
        assert data.startswith(b"%PDF")
        assert len(data) < 20_000
        assert issue.pdf_size == len(data)
    assert Video.objects.filter(title__contains="我和我的祖国").exists()
    assert ExternalPublication.objects.count() >= 50
    assert len({p.date.year for p in ExternalPublication.objects.all()}) == 4
    assert Correspondent.objects.count() == 8
    assert Honour.objects.exists()
    results = PublishedResult.objects.all()
    assert results.count() >= 25
    assert not any(looks_like_phone(r.summary) for r in results)
