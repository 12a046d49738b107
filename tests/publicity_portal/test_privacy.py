"""No phone number and no resident's name on any page of the portal (代表法 Art. 58; the residents
who spoke to a deputy never consented to be named in public).

The data is built so that every private fact sits one join away from what the portal shows: the
deputies have phones and birth dates, the suggestions name a resident and a phone in their text,
the replies and co-handling opinions too, units have contact phones. Then every page reachable from
/public/ (links inside /public/ and the sitemap) is fetched and scanned.
"""

import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import reverse

from deputies.models import Level
from proposals.models import CoHandling, Consultation
from tests.deputies.factories import DeputyFactory
from tests.factories import TownshipFactory, UnitFactory
from tests.proposals.factories import ConsultationFactory
from tests.publicity.factories import (
    ArticleFactory,
    ColumnFactory,
    PeriodicalIssueFactory,
    PublishedResultFactory,
    VideoFactory,
)

pytestmark = pytest.mark.django_db

PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
RESIDENTS = ["王某某", "李某某", "张秀兰"]
SUGGESTION_TEXT = "村民王某某（电话13812345678）反映：通往该村的道路塌方，村民李某某家的院墙受损。"
REPLY_TEXT = "经与村民张秀兰（0357-7921234）核实，已安排养护工区抢修，联系电话13700001111。"
CLEAN_SUMMARY = "承办单位已组织抢修塌方路段，并将该路列入明年养护计划。"
MAX_PAGES = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


@pytest.fixture
def private_world(term):
    township = TownshipFactory(name="壶口镇")
    unit = UnitFactory(name="县交通运输局", contact_name="值班员", contact_phone="0357-7920000")
    co_unit = UnitFactory(name="县应急管理局", contact_phone="13600002222")
    deputies = [
        DeputyFactory(
            name=f"代表{n}号",
            township=township,
            phone=f"1381234{n:04d}",
            birth_date=date(1970, 1, n + 1),
            levels=[Level.COUNTY],
            levels__term=term,
        )
        for n in range(3)
    ]
    column = ColumnFactory(name="工作动态", slug="news")
    ArticleFactory(published=True, column=column, title="代表联系群众工作综述")
    ArticleFactory(published=True, column=ColumnFactory(name="专栏", slug="special", is_special=True))
    PeriodicalIssueFactory(year=2026, number=1, contents="卷首语\n代表风采")
    VideoFactory(title="履职纪实")
    for n, deputy in enumerate(deputies):
        result = PublishedResultFactory(summary=CLEAN_SUMMARY)
        suggestion = result.suggestion
        suggestion.lead_deputy = deputy
        suggestion.lead_unit = unit
        suggestion.content = SUGGESTION_TEXT
        suggestion.title = f"关于修复壶口镇塌方道路的建议{n}"
        suggestion.save(update_fields=["lead_deputy", "lead_unit", "content", "title"])
        reply = suggestion.replies.get()
        reply.text = REPLY_TEXT
        reply.rating_comment = "村民王某某表示满意。"
        reply.save(update_fields=["text", "rating_comment"])
        CoHandling.objects.create(
            suggestion=suggestion,
            unit=co_unit,
            due=suggestion.assigned_at,
            opinion="请联系李某某13512345678。",
        )
        ConsultationFactory(suggestion=suggestion, unit=unit, way=Consultation.Way.PHONE, notes=REPLY_TEXT)
    return deputies


def _crawl(client) -> dict[str, str]:
    sitemap = client.get("/public/sitemap.xml").content.decode()
    queue = [
        reverse("public:home"),
        "/public/search/?q=塌方",
        "/public/search/?q=代表",
        "/public/search/?q=塌方&kind=results",
        "/public/results/?year=2026&outcome=B",
    ]
    queue += [urlsplit(loc).path for loc in re.findall(r"<loc>(.*?)</loc>", sitemap)]
    seen: dict[str, str] = {"/public/sitemap.xml": sitemap}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            body = b"".join(response.streaming_content).decode("latin-1")
        else:
            body = response.content.decode()
        seen[url] = body
        if "html" not in response.get("Content-Type", ""):
            continue
        parser = _Links()
        parser.feed(body)
        for href in parser.hrefs:
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/public/"):
                continue
            full = parts.path + (f"?{parts.query}" if parts.query else "")
            if full not in seen:
                queue.append(full)
    return seen


def test_no_phone_number_or_resident_name_on_any_portal_page(client, private_world):
    pages = _crawl(client)
    # The crawl reached every kind of page, the handling results and deputies among them.
    assert any(re.fullmatch(r"/public/results/\d+/", url) for url in pages)
    assert any(re.fullmatch(r"/public/deputies/\d+/", url) for url in pages)
    assert any(re.fullmatch(r"/public/articles/\d+/", url) for url in pages)
    assert "/public/results/" in pages
    assert any(url.startswith("/public/search/") and "kind=deputies" in url for url in pages)
    assert len(pages) > 20
    for url, body in pages.items():
        assert not PHONE.search(body), f"{url}: {PHONE.search(body).group(0)}"
        for name in RESIDENTS:
            assert name not in body, f"{url}: {name}"
        assert "1970-01" not in body and "1970年1月" not in body, url
    # The published summary itself is there: the scan looked at the right pages.
    assert any(CLEAN_SUMMARY in body for body in pages.values())


def test_the_scan_would_catch_a_leak(client, private_world):
    """Guards the guard: a summary carrying a phone number is found by the same crawl."""
    leaky = PublishedResultFactory(summary="如有疑问请拨打13912345678。")
    pages = _crawl(client)
    assert PHONE.search(pages[leaky.get_public_url()])
