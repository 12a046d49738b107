"""The public portal's pages: open to everyone, only what is published, nothing else."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from deputies.models import Deputy, Level
from proposals.models import CoHandling
from publicity.portal_hooks import register
from renda.core.registry import registry
from tests.deputies.factories import DeputyFactory
from tests.factories import TownshipFactory, UnitFactory, UserFactory
from tests.publicity.factories import ArticleFactory, ColumnFactory, PublishedResultFactory, VideoFactory

pytestmark = pytest.mark.django_db

PAGES = [
    ("public:home", []),
    ("public:news", []),
    ("public:periodicals", []),
    ("public:videos", []),
    ("public:deputies", []),
    ("public:results", []),
    ("public:search", []),
]


def _title(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    return " ".join(match.group(1).split())


def _description(response) -> str:
    match = re.search(r'<meta name="description"\s+content="(.*?)">', response.content.decode(), re.S)
    return " ".join(match.group(1).split())


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_every_section_is_open_to_anonymous_visitors(client, name, args, article, result, issue):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert "public/base.html" in [t.name for t in response.templates]


def test_portal_sections_are_registered_for_the_public_nav(client):
    register()  # idempotent: ready() ran it already
    keys = [e.key for e in registry.public_nav]
    for key in ("public.home", "public.columns", "public.periodicals", "public.videos", "public.deputies"):
        assert keys.count(key) == 1
    response = client.get(reverse("public:results"))
    urls = [item["url"] for item in response.context["public_nav"]]
    assert reverse("public:results") in urls
    assert reverse("public:search") in urls
    active = [item["url"] for item in response.context["public_nav"] if item["active"]]
    assert active == [reverse("public:results")]


def test_the_portal_is_read_only(client, article):
    assert client.post(reverse("public:home")).status_code == 405
    assert client.head(article.get_public_url()).status_code == 200


def test_a_signed_in_member_of_staff_sees_only_what_is_published(client, staff, article, hidden):
    client.force_login(staff)
    assert client.get(article.get_public_url()).status_code == 200
    for hidden_article in hidden.values():
        assert client.get(hidden_article.get_public_url()).status_code == 404
    content = client.get(reverse("public:home")).content.decode()
    assert article.title in content
    assert all(a.title not in content for a in hidden.values())


def test_home_shows_latest_articles_columns_issue_results_and_deputies(
    english, article, special_column, issue, result, public_deputy
):
    response = english.get(reverse("public:home"))
    content = response.content.decode()
    assert article.title in content
    assert special_column.name in content
    assert issue.display_title in content
    assert result.suggestion.title in content
    assert reverse("public:deputies") in content
    assert response.context["deputy_count"] == Deputy.objects.active().count() == 2  # with the lead deputy
    assert "2 deputies serve the people of Ji County." in content


@pytest.mark.parametrize("state", ["draft", "under_review", "withdrawn", "scheduled"])
def test_unpublished_articles_answer_404_and_stay_out_of_lists(client, hidden, article, state):
    assert client.get(hidden[state].get_public_url()).status_code == 404
    for name in ("public:home", "public:news"):
        assert hidden[state].title not in client.get(reverse(name)).content.decode()
    assert hidden[state].title not in client.get(article.column.get_public_url()).content.decode()


def test_a_withdrawn_article_that_was_public_answers_404(client, article):
    assert client.get(article.get_public_url()).status_code == 200
    article.state = article.State.WITHDRAWN
    article.save(update_fields=["state"])
    assert client.get(article.get_public_url()).status_code == 404


def test_article_page_has_title_meta_description_body_and_neighbours(client, english, column):
    older = ArticleFactory(published=True, column=column, title="较早文章")
    article = ArticleFactory(
        published=True,
        column=column,
        title="代表进站听民声",
        summary="",
        body="## 接待情况\n\n代表们在**联络站**接待群众。<script>alert(1)</script>",
        author="通讯员甲",
        source="吉县人大常委会办公室",
    )
    newer = ArticleFactory(published=True, column=column, title="较新文章")
    older.published_at = article.published_at - timedelta(hours=1)
    newer.published_at = article.published_at + timedelta(hours=1)
    older.save(update_fields=["published_at"])
    newer.save(update_fields=["published_at"])
    ArticleFactory(published=True, column=ColumnFactory(), title="别的栏目的文章")
    response = client.get(article.get_public_url())
    content = response.content.decode()
    assert _title(response) == "代表进站听民声 - Ji County People's Congress Standing Committee"
    assert _description(response).startswith("接待情况 代表们在联络站接待群众")
    assert "<strong>联络站</strong>" in content
    assert "<script>alert" not in content
    assert "通讯员甲" in content
    assert response.context["older"] == older
    assert response.context["newer"] == newer
    assert "别的栏目的文章" not in content


def test_meta_description_prefers_the_summary(client, article):
    response = client.get(article.get_public_url())
    assert _description(response) == "视察组实地查看了苹果示范园。"


def test_column_page_lists_its_published_articles_paginated(client, column, article):
    for n in range(13):
        ArticleFactory(published=True, column=column, title=f"分页文章{n}")
    ArticleFactory(published=True, column=ColumnFactory(slug="other"), title="其他栏目")
    response = client.get(column.get_public_url())
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 14
    assert "其他栏目" not in response.content.decode()
    assert client.get(column.get_public_url() + "?page=2").status_code == 200
    assert client.get(column.get_public_url() + "?page=abc").status_code == 200


def test_an_inactive_or_missing_column_answers_404(client, column):
    column.is_active = False
    column.save(update_fields=["is_active"])
    assert client.get(column.get_public_url()).status_code == 404
    assert client.get(reverse("public:column", args=["no-such-column"])).status_code == 404


def test_periodical_archive_by_year_with_contents(client, issue, private_issue):
    response = client.get(reverse("public:periodicals"))
    content = response.content.decode()
    assert response.context["years"] == [2026]
    assert "代表风采：果农的代言人" in content
    assert private_issue.display_title not in content
    assert client.get(reverse("public:periodicals") + "?year=2025").context["year"] == 2026
    assert client.get(reverse("public:periodicals") + "?year=x").status_code == 200
    detail = client.get(reverse("public:periodical", args=[issue.pk]))
    assert "代表风采：果农的代言人" in detail.content.decode()
    assert client.get(reverse("public:periodical", args=[private_issue.pk])).status_code == 404


def test_the_pdf_of_a_public_issue_downloads_under_a_chinese_name(client, issue):
    issue.title = "吉县人大2026年第3期"
    issue.save(update_fields=["title"])
    response = client.get(reverse("public:periodical_pdf", args=[issue.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E5%90%89%E5%8E%BF" in disposition
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_pdf_of_a_private_issue_answers_404_and_its_file_address_never_shows(
    client, issue, private_issue
):
    assert client.get(reverse("public:periodical_pdf", args=[private_issue.pk])).status_code == 404
    for name in ("public:home", "public:periodicals"):
        content = client.get(reverse(name)).content.decode()
        assert private_issue.pdf.url not in content
        assert issue.pdf.url not in content  # public ones go through the download view too


def test_a_missing_pdf_file_answers_404_not_500(client, issue):
    issue.pdf.storage.delete(issue.pdf.name)
    assert client.get(reverse("public:periodical_pdf", args=[issue.pk])).status_code == 404


def test_videos_play_on_demand_and_links_open_outside(client):
    VideoFactory(title="外链视频", link="https://example.com/v/1")
    VideoFactory(title="内部视频", is_public=False)
    content = client.get(reverse("public:videos")).content.decode()
    assert "外链视频" in content
    assert 'href="https://example.com/v/1"' in content
    assert "内部视频" not in content
    assert "autoplay" not in content


def test_a_video_file_gets_a_player_without_autoplay(client):
    video = VideoFactory(
        title="专题片", link="", file=SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypmp42")
    )
    content = client.get(reverse("public:videos")).content.decode()
    assert re.search(r'<video class="public-video"\s+controls\s+preload="none"', content)
    assert reverse("public:file", args=["video-file", video.pk]) in content
    assert video.file.url not in content  # never the media folder's address


def test_deputies_list_shows_active_deputies_with_filters(client, term, public_deputy, resigned_deputy):
    other = DeputyFactory(
        name="白雪", township=TownshipFactory(name="屯里镇"), levels=[Level.MUNICIPAL], levels__term=term
    )
    url = reverse("public:deputies")
    names = lambda response: [d.name for d in response.context["page_obj"]]  # noqa: E731
    assert sorted(names(client.get(url))) == sorted(["乔建平", "白雪"])
    assert names(client.get(url, {"level": Level.TOWNSHIP})) == ["乔建平"]
    assert names(client.get(url, {"township": other.township_id})) == ["白雪"]
    assert names(client.get(url, {"q": "乔"})) == ["乔建平"]
    assert names(client.get(url, {"q": "qjp"})) == ["乔建平"]
    # Nonsense filters are ignored, never a 500.
    assert client.get(url, {"level": "galactic", "township": "x", "page": "999"}).status_code == 200


def test_deputy_page_shows_public_facts_and_duty_counts_only(client, english, public_deputy):
    response = client.get(reverse("public:deputy", args=[public_deputy.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "乔建平" in content
    assert "壶口镇" in content
    assert "第十六届" in content
    assert "壶口镇某村果农" in content
    assert "13912340000" not in content
    assert "1971" not in content
    keys = {section["title"] for section in response.context["duties"]}
    assert all(isinstance(section["count"], int) for section in response.context["duties"])
    assert "Levels and posts" not in keys
    assert _title(response).startswith("Deputy 乔建平 - ")


def test_an_inactive_deputy_has_no_public_page(client, resigned_deputy):
    assert client.get(reverse("public:deputy", args=[resigned_deputy.pk])).status_code == 404


def test_results_list_filters_by_year_unit_outcome_and_keyword(client):
    road = PublishedResultFactory(summary="道路已列入养护计划。")
    school = PublishedResultFactory(summary="学校操场已完成改造。")
    school.suggestion.title = "关于改造中心小学操场的建议"
    school.suggestion.outcome = "A"
    school.suggestion.year = 2025
    school.suggestion.save(update_fields=["title", "outcome", "year"])
    co_unit = UnitFactory(name="县教育局", contact_phone="0357-7921234")
    CoHandling.objects.create(suggestion=road.suggestion, unit=co_unit, due=road.suggestion.assigned_at)
    url = reverse("public:results")
    pks = lambda response: [r.pk for r in response.context["page_obj"]]  # noqa: E731
    assert set(pks(client.get(url))) == {road.pk, school.pk}
    assert pks(client.get(url, {"year": 2025})) == [school.pk]
    assert pks(client.get(url, {"outcome": "A"})) == [school.pk]
    assert pks(client.get(url, {"unit": road.suggestion.lead_unit_id})) == [road.pk]
    assert pks(client.get(url, {"unit": co_unit.pk})) == [road.pk]
    assert pks(client.get(url, {"q": "操场"})) == [school.pk]
    assert pks(client.get(url, {"q": "养护"})) == [road.pk]
    assert client.get(url, {"year": "soon", "unit": "abc", "outcome": "Z"}).status_code == 200


def test_result_page_shows_units_outcome_summary_and_dates_not_the_suggestion_text(client, english, result):
    suggestion = result.suggestion
    co_unit = UnitFactory(name="县财政局")
    CoHandling.objects.create(suggestion=suggestion, unit=co_unit, due=suggestion.assigned_at)
    response = client.get(result.get_public_url())
    content = response.content.decode()
    assert suggestion.title in content
    assert suggestion.lead_unit.name in content
    assert "县财政局" in content
    assert "B 正在解决或列入规划" in content
    assert result.summary in content
    assert suggestion.content not in content
    assert suggestion.lead_deputy.phone not in content
    assert "Replied on" in content


@pytest.mark.parametrize("hide", ["withdrawn", "future"])
def test_withdrawn_or_future_results_answer_404(client, result, hide):
    if hide == "withdrawn":
        result.is_withdrawn = True
    else:
        result.published_at = timezone.now() + timedelta(days=1)
    result.save()
    assert client.get(result.get_public_url()).status_code == 404
    assert result.suggestion.title not in client.get(reverse("public:results")).content.decode()


def test_search_groups_articles_results_deputies_and_issues(
    client, article, result, issue, public_deputy, hidden
):
    result.suggestion.title = "关于壶口镇苹果冷库建设的建议"
    result.suggestion.save(update_fields=["title"])
    issue.contents = "壶口镇果农的新路子"
    issue.save(update_fields=["contents"])
    response = client.get(reverse("public:search"), {"q": "壶口"})
    groups = {g["kind"]: g for g in response.context["groups"]}
    assert [a.pk for a in groups["articles"]["items"]] == [article.pk]
    assert [r.pk for r in groups["results"]["items"]] == [result.pk]
    assert [i.pk for i in groups["periodicals"]["items"]] == [issue.pk]
    assert groups["deputies"]["count"] == 0
    assert [
        d.pk for d in client.get(reverse("public:search"), {"q": "乔建"}).context["groups"][2]["items"]
    ] == [public_deputy.pk]


def test_search_pages_through_one_group_and_bounds_the_query(client, column):
    for n in range(8):
        ArticleFactory(published=True, column=column, title=f"专题询问{n}")
    response = client.get(reverse("public:search"), {"q": "专题询问"})
    articles = response.context["groups"][0]
    assert articles["count"] == 8
    assert len(articles["items"]) == 5
    more = client.get(reverse("public:search"), {"q": "专题询问", "kind": "articles"})
    assert more.context["page_obj"].paginator.count == 8
    assert len(more.context["groups"]) == 1
    long = client.get(reverse("public:search"), {"q": "长" * 500})
    assert long.status_code == 200
    assert len(long.context["q"]) == 50
    assert client.get(reverse("public:search")).context["groups"] == []


def test_sitemap_lists_public_pages_only(
    client, article, hidden, column, issue, private_issue, result, public_deputy, resigned_deputy
):
    response = client.get("/public/sitemap.xml")
    assert response.status_code == 200
    content = response.content.decode()
    for url in (
        article.get_public_url(),
        column.get_public_url(),
        reverse("public:periodical", args=[issue.pk]),
        result.get_public_url(),
        reverse("public:deputy", args=[public_deputy.pk]),
        reverse("public:home"),
        reverse("public:results"),
    ):
        assert f"{url}</loc>" in content
    for url in (
        *(a.get_public_url() for a in hidden.values()),
        reverse("public:periodical", args=[private_issue.pk]),
        reverse("public:deputy", args=[resigned_deputy.pk]),
    ):
        assert f"{url}</loc>" not in content


def test_a_user_of_any_role_reaches_the_portal(client, users, article):
    for user in users.values():
        client.force_login(user)
        assert client.get(reverse("public:home")).status_code == 200
        assert client.get(article.get_public_url()).status_code == 200
    client.force_login(UserFactory())
    assert client.get(reverse("public:deputies")).status_code == 200
