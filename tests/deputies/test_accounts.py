"""Sign-in accounts for deputies, created in bulk by staff; initial passwords shown once."""

import pytest
from django.urls import reverse
from django.utils import translation

from deputies.forms import CHOOSE_DEPUTIES
from deputies.models import Deputy
from deputies.services import deputy_accounts_create, username_for
from renda.accounts.models import User
from renda.accounts.roles import Role
from tests.deputies.factories import DeputyFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("deputies:accounts")


def test_usernames_come_from_the_full_pinyin_with_a_number_when_taken(roles):
    assert username_for("张三") == "zhangsan"
    UserFactory(username="zhangsan")
    assert username_for("张三") == "zhangsan2"
    UserFactory(username="zhangsan2")
    assert username_for("张　三") == "zhangsan3"
    assert username_for("吕丽") == "lvli"
    assert username_for("阿依古丽·买买提") == "ayigulimaimaiti"


def test_staff_create_accounts_in_bulk_and_see_each_password_once(login, staff, term, townships):
    zhang = DeputyFactory(name="张三", phone="13912345678")
    li = DeputyFactory(name="李丽")
    other = DeputyFactory(name="王五")
    client = login(staff)

    page = client.get(URL)
    assert {d.name for d in page.context["deputies"]} == {"张三", "李丽", "王五"}

    response = client.post(URL, {"deputies": [zhang.pk, li.pk]})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    created = response.context["created"]
    assert [a.deputy.name for a in created] == ["张三", "李丽"]
    html = response.content.decode()

    for account in created:
        deputy = Deputy.objects.get(pk=account.deputy.pk)
        user = deputy.user
        assert user is not None
        assert user.username == {"张三": "zhangsan", "李丽": "lili"}[deputy.name]
        assert user.display_name == deputy.name
        assert user.phone == deputy.phone
        assert user.must_change_password is True
        assert user.roles == [Role.DEPUTY]
        assert user.has_perm("accounts.act_as_deputy")
        # The password works, appears on the page, and is stored only as a hash.
        assert account.password in html
        assert user.check_password(account.password)
        assert account.password not in user.password
        assert not User.objects.filter(password__contains=account.password).exists()
    assert Deputy.objects.get(pk=other.pk).user is None

    # Once linked, they are no longer offered, and the passwords are not shown again.
    again = client.get(URL)
    assert {d.name for d in again.context["deputies"]} == {"王五"}
    for account in created:
        assert account.password not in again.content.decode()


def test_reposting_the_same_ticks_creates_nothing_more(login, staff, term, townships):
    zhang = DeputyFactory(name="张三")
    client = login(staff)
    client.post(URL, {"deputies": [zhang.pk]})
    response = client.post(URL, {"deputies": [zhang.pk]})
    assert response.status_code == 200  # the deputy is no longer a valid choice
    assert User.objects.filter(deputy__isnull=False).count() == 1


def test_ticking_nobody_is_refused_at_the_field(login, staff, term, townships):
    DeputyFactory(name="张三")
    with translation.override("zh-hans"):
        response = login(staff).post(URL, {})
        assert response.context["form"].errors["deputies"] == [str(CHOOSE_DEPUTIES)]
    assert not User.objects.filter(groups__name=Role.DEPUTY).exists()


def test_inactive_deputies_are_not_offered(login, staff, term, townships):
    DeputyFactory(name="王五", status=Deputy.Status.RESIGNED, status_date="2025-01-01")
    assert list(login(staff).get(URL).context["deputies"]) == []


def test_the_service_skips_deputies_who_have_an_account(roles, term, townships):
    linked = DeputyFactory(name="张三", user=UserFactory(username="zs"))
    fresh = DeputyFactory(name="李丽")
    created = deputy_accounts_create(deputies=[linked, fresh])
    assert [a.deputy for a in created] == [fresh]


@pytest.mark.parametrize(
    ("who", "status"),
    [("unit_user", 403), ("deputy", 403), ("director", 403), ("staff", 200), ("admin", 200)],
)
def test_who_may_create_accounts(client, users, term, who, status):
    client.force_login(users[who])
    assert client.get(URL).status_code == status
    if status == 403:
        assert client.post(URL, {"deputies": []}).status_code == 403
