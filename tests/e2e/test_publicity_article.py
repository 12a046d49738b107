"""Staff write an article with the live preview and submit it; a second person publishes it from a phone."""

import pytest

from publicity.models import Article, Column
from renda.accounts.roles import Role, sync_role_groups
from tests.e2e.conftest import DESKTOP, PHONE, account, no_sideways_scrolling

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    sync_role_groups()
    Column.objects.create(name="监督视窗", slug="supervision", sort_order=1)
    account("e2e-staff", Role.STAFF, "韩雪梅")
    account("e2e-director", Role.DIRECTOR, "贺建平")


def test_an_article_is_written_previewed_submitted_and_published_by_another(live_server, open_page, setting):
    base = live_server.url
    desk = open_page(DESKTOP, user="e2e-staff")
    desk.goto(f"{base}/publicity/articles/new/")
    desk.fill("input[name=title]", "常委会视察组赴壶口镇视察苹果产业发展")
    desk.select_option("select[name=column]", label="监督视窗")
    desk.fill(
        "textarea[name=body]", '## 视察发现\n\n**冷链**仍有缺口<a href="#top" onclick="alert(1)">链接</a>'
    )
    desk.click("button[name=preview]")
    desk.wait_for_selector("#article-preview h2")
    preview = desk.inner_html("#article-preview")
    assert "<strong>冷链</strong>" in preview
    assert "onclick" not in preview
    assert desk.url.endswith("/publicity/articles/new/")  # the preview came in place, nothing was saved
    assert not Article.objects.exists()
    desk.click("#article-form button.btn-primary")
    desk.wait_for_url(f"{base}/publicity/articles/*/")
    desk.click("form[action$='/submit/'] button")
    desk.wait_for_load_state()
    article = Article.objects.get()
    assert article.state == Article.State.UNDER_REVIEW
    assert desk.locator("a[href$='/publish/']").count() == 0  # the author gets no publish button
    assert desk.problems == []

    phone = open_page(PHONE, user="e2e-director")
    phone.goto(f"{base}/publicity/review/")
    phone.click(f"a[href='/publicity/articles/{article.pk}/']")
    phone.click("a[href$='/publish/']")
    phone.fill("textarea[name=note]", "同意发布")
    phone.click("form[novalidate] button.btn-primary")
    phone.wait_for_url(f"{base}/publicity/articles/{article.pk}/")
    article.refresh_from_db()
    assert article.state == Article.State.PUBLISHED
    assert article.reviewed_by.username == "e2e-director"
    no_sideways_scrolling(phone)
    assert phone.problems == []
