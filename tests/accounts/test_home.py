"""Each role's home page, the dashboards' permission, the navigation, and the notifications page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from django.utils.translation import gettext

from renda.accounts.roles import Role
from renda.core.calendar import UNKNOWN_YEAR_WARNING
from renda.core.models import CalendarYear, Notification, OutboxMessage
from tests.factories import NotificationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
PROTECTED = ["/accounts/home/", "/dashboard/", "/core/notifications/"]


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


@pytest.mark.parametrize("path", PROTECTED)
def test_anonymous_is_sent_to_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_the_site_root_goes_to_the_home_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/home/"


@pytest.mark.parametrize(
    ("who", "template", "role"),
    [
        ("admin", "accounts/home_staff.html", Role.ADMIN),
        ("staff", "accounts/home_staff.html", Role.STAFF),
        ("director", "accounts/home_director.html", Role.DIRECTOR),
        ("deputy", "accounts/home_deputy.html", Role.DEPUTY),
        ("deputy2", "accounts/home_deputy.html", Role.DEPUTY),
        ("unit_user", "accounts/home_unit.html", Role.UNIT),
        ("unit2_user", "accounts/home_unit.html", Role.UNIT),
    ],
)
def test_each_role_lands_on_its_own_home_page_in_chinese(login, users, who, template, role):
    user = users[who]
    response = login(user).get("/accounts/home/")

    assert response.status_code == 200
    assert template in _templates(response)
    assert response.context["role"] == role
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert response["Content-Language"] == "zh-hans"
    # Django's own Chinese date format, whatever the state of the project's catalog.
    assert "2026年11月30日" in html
    assert user.display_name in html


def test_the_deputy_home_offers_filing_a_suggestion(login, deputy):
    html = login(deputy).get("/accounts/home/").content.decode()
    assert _zh("File a suggestion") in html
    assert _zh("Work queue") not in html


def test_the_unit_home_names_the_users_unit(login, unit_user, unit2):
    html = login(unit_user).get("/accounts/home/").content.decode()
    assert "县农业农村局" in html
    assert unit2.name not in html


def test_the_director_home_leads_to_the_dashboards(login, director):
    html = login(director).get("/accounts/home/").content.decode()
    assert 'href="/dashboard/"' in html
    assert _zh("Open the dashboards") in html


def test_a_user_without_a_role_gets_the_no_role_page(login, roles):
    user = UserFactory(username="norole")
    response = login(user).get("/accounts/home/")
    assert response.status_code == 200
    assert "accounts/home_none.html" in _templates(response)
    assert response.context["role"] is None


def test_a_superuser_without_groups_counts_as_administrator(login, roles):
    user = UserFactory(username="root", is_superuser=True, is_staff=True)
    response = login(user).get("/accounts/home/")
    assert "accounts/home_staff.html" in _templates(response)
    assert response.context["role"] == Role.ADMIN


def test_staff_see_the_unknown_year_warning_until_the_year_is_entered(login, staff):
    client = login(staff)
    response = client.get("/accounts/home/")
    with translation.override("zh-hans"):
        expected = str(UNKNOWN_YEAR_WARNING) % {"year": 2027}
    assert response.context["calendar_warning"] == expected
    assert expected in response.content.decode()

    CalendarYear.objects.create(year=2027)
    response = client.get("/accounts/home/")
    assert response.context["calendar_warning"] is None


def test_deputies_are_not_shown_the_calendar_warning(login, deputy):
    response = login(deputy).get("/accounts/home/")
    assert "calendar_warning" not in response.context
    with translation.override("zh-hans"):
        assert str(UNKNOWN_YEAR_WARNING) % {"year": 2027} not in response.content.decode()


def test_the_staff_work_queue_counts_undeliverable_messages(login, staff, deputy):
    OutboxMessage.objects.create(channel="email", dedupe_key="a", status=OutboxMessage.Status.FAILED)
    OutboxMessage.objects.create(channel="email", dedupe_key="b", attempts=2)
    OutboxMessage.objects.create(channel="email", dedupe_key="c")

    with translation.override("zh-hans"):
        queue = {str(item.label): item.count for item in login(staff).get("/accounts/home/").context["queue"]}
        assert queue[gettext("Messages that could not be delivered")] == 1
        assert queue[gettext("Messages being retried")] == 1
        assert queue[gettext("Accounts not yet signed in")] == 0

        queue = {str(item.label) for item in login(deputy).get("/accounts/home/").context["queue"]}
        assert gettext("Unread notifications") in queue
        assert gettext("Messages that could not be delivered") not in queue
        assert gettext("Accounts not yet signed in") not in queue


@pytest.mark.parametrize("who", ["admin", "staff", "director"])
def test_the_director_meeting_staff_and_admin_open_the_dashboards(login, users, who):
    response = login(users[who]).get("/dashboard/")
    assert response.status_code == 200
    assert "dashboard/index.html" in _templates(response)
    assert '<html lang="zh-hans">' in response.content.decode()


@pytest.mark.parametrize("who", ["deputy", "deputy2", "unit_user", "unit2_user"])
def test_deputies_and_units_may_not_open_the_dashboards(login, users, who):
    response = login(users[who]).get("/dashboard/")
    assert response.status_code == 403
    assert "403.html" in _templates(response)
    assert _zh("No access") in response.content.decode()


def test_the_dashboard_counts_accounts_by_role(login, users):
    response = login(users["director"]).get("/dashboard/")
    by_role = dict(response.context["overview"]["accounts_by_role"])
    assert by_role[Role.DEPUTY.label] == 2
    assert by_role[Role.UNIT.label] == 2
    assert by_role[Role.STAFF.label] == 1


@pytest.mark.parametrize(
    ("who", "dashboards", "administration"),
    [
        ("admin", True, True),
        ("staff", True, False),
        ("director", True, False),
        ("deputy", False, False),
        ("unit_user", False, False),
    ],
)
def test_the_navigation_shows_dashboards_only_to_roles_that_may_open_them(
    login, users, who, dashboards, administration
):
    response = login(users[who]).get("/core/notifications/")
    keys = [item["entry"].key for item in response.context["nav_entries"]]
    assert keys[0] == "home"
    assert ("dashboard" in keys) is dashboards
    assert ("admin" in keys) is administration
    html = response.content.decode()
    assert ('href="/dashboard/"' in html) is dashboards
    assert ('href="/admin/"' in html) is administration


def test_the_notifications_page_lists_only_the_users_own(login, deputy, deputy2):
    NotificationFactory(recipient=deputy, title="建议已交办")
    NotificationFactory(recipient=deputy2, title="别人的通知")

    response = login(deputy).get("/core/notifications/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "建议已交办" in html
    assert "别人的通知" not in html
    assert response.context["unread_notifications"] == 1


def test_marking_notifications_read(login, deputy):
    notes = NotificationFactory.create_batch(2, recipient=deputy)
    client = login(deputy)

    response = client.post("/core/notifications/read/", {"id": [notes[0].pk]})

    assert response.status_code == 302
    assert response["Location"] == "/core/notifications/"
    assert Notification.objects.filter(recipient=deputy).unread().get() == notes[1]
    assert client.get("/core/notifications/read/").status_code == 405
