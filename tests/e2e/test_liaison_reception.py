"""A deputy records, on a 390 px phone, a reception they attended and an opinion raised there."""

import pytest
from django.utils import timezone

from deputies.models import Level
from liaison.models import Opinion, Reception
from renda.accounts.roles import Role, sync_role_groups
from tests.e2e.conftest import PHONE, account, no_sideways_scrolling, sign_in
from tests.factories import TownshipFactory
from tests.liaison.factories import (
    AssignmentFactory,
    LiaisonDeputyFactory,
    PointFactory,
    StationFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def liaison_deputy(transactional_db):
    """A deputy account placed at a station and one of its points (live_server tests flush the tables)."""
    sync_role_groups()
    user = account("e2e-deputy", Role.DEPUTY, "冯志刚")
    township = TownshipFactory(name="屯里镇")
    station = StationFactory(name="屯里镇人大代表联络站", township=township, address="屯里镇人民政府院内东侧")
    point = PointFactory(
        station=station, name="上田村人大代表联络点", village="上田村", address="上田村村委会"
    )
    deputy = LiaisonDeputyFactory(name="冯志刚", user=user, township=township, levels=[Level.COUNTY])
    AssignmentFactory(deputy=deputy, station=station, point=point)
    return deputy


def test_a_deputy_records_a_reception_and_an_opinion_on_a_phone(
    live_server, open_page, liaison_deputy, screenshots
):
    page = open_page(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    no_sideways_scrolling(page)
    sign_in(page, live_server.url, "e2e-deputy")
    no_sideways_scrolling(page)

    page.goto(f"{live_server.url}/liaison/my-station/")
    assert page.url.endswith(liaison_deputy.assignment.station.get_absolute_url())
    no_sideways_scrolling(page)

    page.click("a[href$='/liaison/receptions/record/']")
    page.wait_for_url("**/liaison/receptions/record/")
    no_sideways_scrolling(page)
    today = timezone.localdate()
    page.fill("input[name=date]", today.isoformat())
    page.fill("input[name=place]", "上田村村委会会议室")
    page.fill("input[name=residents_received]", "7")
    page.fill("textarea[name=notes]", "接待群众7人次，主要反映道路和饮水问题。")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/liaison/receptions/*/")
    no_sideways_scrolling(page)

    reception = Reception.objects.get(place="上田村村委会会议室")
    assert reception.state == Reception.State.HELD
    assert reception.date == today
    assert reception.residents_received == 7
    assert list(reception.present.all()) == [liaison_deputy]

    page.click(f"a[href$='/liaison/receptions/{reception.pk}/opinions/new/']")
    page.wait_for_url(f"**/liaison/receptions/{reception.pk}/opinions/new/")
    no_sideways_scrolling(page)
    page.fill("textarea[name=content]", "上田村通村道路雨后泥泞，希望硬化路面。")
    page.select_option("select[name=category]", Opinion.Category.ROADS)
    page.fill("input[name=resident_name]", "李大伯")
    page.click("main form button[type=submit]:not([name=another])")
    page.wait_for_url(f"**{reception.get_absolute_url()}")
    no_sideways_scrolling(page)

    assert page.locator("text=上田村通村道路雨后泥泞").count() == 1
    opinion = Opinion.objects.get(reception=reception)
    assert (opinion.state, opinion.category, opinion.recorded_by) == (
        Opinion.State.RECORDED,
        Opinion.Category.ROADS,
        liaison_deputy.user,
    )

    page.screenshot(path=str(screenshots / "deputy-reception-390.png"), full_page=True)
    assert page.problems == []
