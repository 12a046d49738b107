"""The overdue board: staff and directors see, per unit, the items due soon, today, overdue and
seriously overdue (from the deadline index), each count opening its items."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.core import deadlines as index
from renda.core.deadlines import DeadlineKind
from renda.core.models import Deadline, Unit
from renda.core.registry import registry
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 30)
URL = reverse("dashboard:overdue")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-30 09:00 +0800", tick=False):
        yield


def _items(unit, dues):
    """Open rows of the deadline index about new Unit rows, for which `unit` answers."""
    content_type = ContentType.objects.get_for_model(Unit)
    return [
        Deadline.objects.create(
            content_type=content_type,
            object_id=UnitFactory().pk,
            kind="test",
            title=f"整改{unit.name}{i}",
            url=f"/supervision/items/{i}/",
            due=due,
            unit=unit,
        )
        for i, due in enumerate(dues)
    ]


@pytest.fixture
def deadlines(monkeypatch, unit, unit2):
    monkeypatch.setitem(index._kinds, "test", DeadlineKind("test", "整改事项", Unit, lambda qs: []))
    items = _items(
        unit, [TODAY + timedelta(days=2), TODAY, TODAY - timedelta(days=3), TODAY - timedelta(days=40)]
    )
    items += _items(
        unit2, [TODAY - timedelta(days=31), TODAY - timedelta(days=60), TODAY + timedelta(days=30)]
    )
    return items


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("who", ["deputy", "unit_user"])
def test_deputies_and_units_are_refused(login, users, who):
    assert login(users[who]).get(URL).status_code == 403
    assert login(users[who]).get(URL, {"unit": "1", "tier": "serious"}).status_code == 403


@pytest.mark.parametrize("who", ["staff", "director"])
def test_staff_and_directors_see_the_counts_per_unit(login, users, who, deadlines, unit, unit2):
    response = login(users[who]).get(URL)
    assert response.status_code == 200
    board = {str(row["unit"]): row["counts"] for row in response.context["board"]}
    assert board == {
        "县农业农村局": {"soon": 1, "today": 1, "overdue": 1, "serious": 1},
        "县交通运输局": {"soon": 0, "today": 0, "overdue": 0, "serious": 2},
    }
    # The unit with the most seriously overdue items comes first.
    assert [str(r["unit"]) for r in response.context["board"]] == ["县交通运输局", "县农业农村局"]
    assert f'href="?unit={unit2.pk}&amp;tier=serious"' in response.content.decode()


def test_a_count_opens_its_items(login, staff, deadlines, unit2):
    response = login(staff).get(URL, {"unit": unit2.pk, "tier": "serious"})
    assert response.status_code == 200
    rows = list(response.context["page_obj"])
    assert [(r["item"].title, r["days_late"]) for r in rows] == [
        ("整改县交通运输局1", 60),
        ("整改县交通运输局0", 31),
    ]
    assert response.context["unit_name"] == unit2
    assert 'href="/supervision/items/1/"' in response.content.decode()


def test_the_board_and_its_rows_cost_the_same_queries_at_any_size(login, staff, deadlines, unit, unit2):
    client = login(staff)

    def cost(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    cost({})  # the policy row is created on the first read
    small = (cost({}), cost({"unit": unit2.pk, "tier": "serious"}))
    _items(unit2, [TODAY - timedelta(days=35 + i) for i in range(40)])
    _items(UnitFactory(), [TODAY - timedelta(days=i) for i in range(30)])
    assert (cost({}), cost({"unit": unit2.pk, "tier": "serious"})) == small


def test_closed_deadlines_and_deadlines_nobody_answers_for_are_not_on_the_board(login, staff, deadlines):
    Deadline.objects.filter(pk=deadlines[4].pk).update(closed_at="2026-11-29T10:00:00+08:00")
    Deadline.objects.filter(pk=deadlines[5].pk).update(unit=None)  # no unit, no person, no audience
    board = {str(row["unit"]): row["counts"] for row in login(staff).get(URL).context["board"]}
    assert "县交通运输局" not in board  # its third item is not in a tier yet
    assert "None" not in board
    assert board["县农业农村局"]["serious"] == 1


def test_a_huge_unit_number_is_no_error(login, staff, deadlines):
    response = login(staff).get(URL, {"unit": "9" * 30, "tier": "serious"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []


@pytest.mark.parametrize("value", ["²", "1_0", "١٢", "-3", "\x00"])
def test_a_unit_that_is_not_a_number_shows_no_rows_and_no_error(login, staff, deadlines, value):
    response = login(staff).get(URL, {"unit": value, "tier": "overdue"})
    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []


def test_an_unknown_tier_shows_the_board(login, staff, deadlines):
    response = login(staff).get(URL, {"unit": "x", "tier": "someday"})
    assert response.status_code == 200
    assert "board" in response.context


def test_the_work_queue_counts_the_seriously_overdue_for_staff_and_directors(users, deadlines):
    def serious(user):
        return [i for i in registry.queue_for(user) if i.url == URL]

    assert [i.count for i in serious(users["staff"])] == [3]
    assert [i.count for i in serious(users["director"])] == [3]
    assert serious(users["unit_user"]) == []
    assert serious(users["deputy"]) == []


def test_the_dashboard_links_to_the_board(login, staff):
    assert URL in login(staff).get(reverse("dashboard:index")).content.decode()


def test_the_board_shows_a_page_of_units_worst_first_with_the_totals_of_all(
    login, staff, deadlines, unit, unit2
):
    from dashboard.selectors import BOARD_PAGE

    # Units with 1 .. BOARD_PAGE + 3 seriously overdue items: more units than one page holds.
    many = [UnitFactory(name=f"测试局{n:02d}") for n in range(1, BOARD_PAGE + 4)]
    for n, other in enumerate(many, start=1):
        _items(other, [TODAY - timedelta(days=40)] * n)
    client = login(staff)
    first = client.get(URL)
    rows = first.context["board"]
    assert len(rows) == BOARD_PAGE
    assert [str(r["unit"]) for r in rows[:2]] == [
        f"测试局{BOARD_PAGE + 3:02d}",
        f"测试局{BOARD_PAGE + 2:02d}",
    ]
    units = len(many) + 2
    assert first.context["units"] == first.context["page_obj"].paginator.count == units
    serious = sum(range(1, len(many) + 1)) + 1 + 2  # the many, then unit's one and unit2's two
    totals = {"soon": 1, "today": 1, "overdue": 1, "serious": serious}
    assert dict(first.context["totals"]) == totals
    assert "?page=2" in first.content.decode()

    second = client.get(URL, {"page": 2})
    rest = [str(r["unit"]) for r in second.context["board"]]
    assert len(rest) == units - BOARD_PAGE
    # Ties go by the unit's key (unit2 before 测试局02); unit's overdue item puts it before 测试局01.
    assert rest == ["测试局03", str(unit2), "测试局02", str(unit), "测试局01"]
    assert dict(second.context["totals"]) == totals  # the totals are of every unit, on every page

    # A page past the last (a stale link) shows the last page; nonsense shows the first.
    assert [str(r["unit"]) for r in client.get(URL, {"page": 99}).context["board"]] == rest
    assert len(client.get(URL, {"page": "x"}).context["board"]) == BOARD_PAGE


def test_a_page_of_the_board_costs_the_same_queries_as_the_first(login, staff, deadlines):
    from dashboard.selectors import BOARD_PAGE

    for n in range(BOARD_PAGE + 5):
        _items(UnitFactory(), [TODAY - timedelta(days=n)])
    client = login(staff)
    client.get(URL)

    def cost(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    assert cost({}) == cost({"page": 2})


def test_an_empty_board_has_zero_totals(login, staff):
    response = login(staff).get(URL)
    assert response.context["board"] == []
    assert dict(response.context["totals"]) == {"soon": 0, "today": 0, "overdue": 0, "serious": 0}
    assert response.context["units"] == 0
