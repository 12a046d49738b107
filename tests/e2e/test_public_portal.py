"""An anonymous visitor on a phone reads an article and a published handling result on the portal."""

import pytest

from tests.e2e.conftest import PHONE, no_sideways_scrolling
from tests.publicity.factories import ArticleFactory, ColumnFactory, PublishedResultFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portal(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    column = ColumnFactory(name="工作动态", slug="news")
    ArticleFactory(published=True, column=column, title="县人大常委会召开第二十次会议")
    article = ArticleFactory(
        published=True,
        column=column,
        title="县人大常委会视察壶口镇苹果产业发展情况暨冷链物流体系建设工作",
        summary="视察组实地查看了苹果示范园和冷库。",
        body=(
            "## 视察情况\n\n视察组先后走访了**壶口镇**、屯里镇的苹果示范园、冷库和电商服务中心，"
            "听取了县农业农村局的工作汇报。\n\n- 苹果产业提质增效\n- 冷链物流体系建设\n\n"
            "| 项目 | 数量 | 说明 |\n|---|---|---|\n| 冷库 | 12 | 新建和改扩建的气调库与普通冷库合计 |\n"
        ),
        author="吉县人大通讯员",
    )
    result = PublishedResultFactory(summary="承办单位已将该路段列入2027年农村公路养护计划，届时将组织施工。")
    return {"article": article, "result": result}


def test_anonymous_visitor_reads_an_article_and_a_result_on_a_phone(
    open_page, live_server, portal, screenshots
):
    page = open_page(PHONE)
    page.goto(f"{live_server.url}/public/")
    assert page.title().endswith("吉县人大常委会") or "吉县人大常委会" in page.title()
    no_sideways_scrolling(page)
    page.screenshot(path=str(screenshots / "public-home-390.png"), full_page=True)

    article = portal["article"]
    page.get_by_role("link", name=article.title).first.click()
    page.wait_for_url(f"**{article.get_public_url()}")
    assert page.locator("h1").inner_text() == article.title
    assert page.locator(".public-body strong").first.inner_text() == "壶口镇"
    assert article.title in page.title()
    no_sideways_scrolling(page)
    page.screenshot(path=str(screenshots / "public-article-390.png"), full_page=True)

    # The sections sit behind the menu button on a phone.
    page.locator(".navbar-toggler").click()
    page.locator("#public-nav a[href='/public/results/']").click()
    page.wait_for_url("**/public/results/")
    no_sideways_scrolling(page)

    result = portal["result"]
    page.get_by_role("link", name=result.suggestion.title).click()
    page.wait_for_url(f"**{result.get_public_url()}")
    assert page.locator("h1").inner_text() == result.suggestion.title
    assert result.summary in page.locator(".public-body").inner_text()
    assert result.suggestion.lead_unit.name in page.content()
    no_sideways_scrolling(page)
    page.screenshot(path=str(screenshots / "public-result-390.png"), full_page=True)
    assert page.problems == []
