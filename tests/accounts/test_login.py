"""Signing in: errors, lockout, the forced password change, the language, CSP and the error pages."""

import re

import pytest
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from django.utils.translation import gettext

from renda.accounts.middleware import MUST_CHANGE_PASSWORD
from renda.accounts.models import User
from renda.accounts.roles import Role
from renda.accounts.services import user_create
from renda.accounts.views import PASSWORD_CHANGED
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _zh(message: str) -> str:
    with translation.override("zh-hans"):
        return gettext(message)


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_login_page_is_chinese(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "registration/login.html" in _templates(response)
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    # Django's own catalog: the username field's label and the password label.
    assert _zh("Password") in html
    assert "密码" in html


def test_signing_in_lands_on_the_home_page(client, staff):
    response = client.post(LOGIN, {"username": staff.username, "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain == [("/accounts/home/", 302)]
    assert "accounts/home_staff.html" in _templates(response)
    assert _signed_in(client)


def test_signing_in_follows_next(client, director):
    response = client.post(
        f"{LOGIN}?next=/dashboard/",
        {"username": director.username, "password": TEST_PASSWORD, "next": "/dashboard/"},
    )
    assert response["Location"] == "/dashboard/"


def test_a_signed_in_user_is_not_shown_the_login_form(login, deputy):
    response = login(deputy).get(LOGIN)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/home/"


def test_a_wrong_password_shows_the_translated_error(client, staff):
    response = client.post(LOGIN, {"username": staff.username, "password": "wrong-password"})

    assert response.status_code == 200
    assert not _signed_in(client)
    with translation.override("zh-hans"):
        expected = AuthenticationForm.error_messages["invalid_login"] % {
            "username": User._meta.get_field("username").verbose_name
        }
        assert response.context["form"].non_field_errors() == [expected]
    assert "密码" in expected  # Django ships this message in Chinese
    assert expected in response.content.decode()


def test_an_inactive_account_cannot_sign_in(client, deputy):
    deputy.is_active = False
    deputy.save()
    response = client.post(LOGIN, {"username": deputy.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert not _signed_in(client)


def test_repeated_failures_lock_the_account_out(client, settings, staff):
    settings.AXES_FAILURE_LIMIT = 5
    wrong = {"username": staff.username, "password": "wrong-password"}
    for _attempt in range(4):
        response = client.post(LOGIN, wrong)
        assert response.status_code == 200
        assert "registration/lockout.html" not in _templates(response)

    response = client.post(LOGIN, wrong)  # the fifth failure locks
    assert response.status_code == 429
    assert "registration/lockout.html" in _templates(response)
    assert _zh("Too many failed sign-in attempts") in response.content.decode()

    # Even the right password is refused while locked out.
    response = client.post(LOGIN, {"username": staff.username, "password": TEST_PASSWORD})
    assert response.status_code == 429
    assert "registration/lockout.html" in _templates(response)
    assert not _signed_in(client)
    assert client.get("/accounts/home/").status_code == 302


def test_the_lockout_is_per_username(client, settings, staff, deputy):
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        client.post(LOGIN, {"username": staff.username, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": deputy.username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert _signed_in(client)


def test_a_success_before_the_limit_resets_the_failures(client, settings, staff):
    settings.AXES_FAILURE_LIMIT = 3
    wrong = {"username": staff.username, "password": "wrong-password"}
    client.post(LOGIN, wrong)
    client.post(LOGIN, wrong)
    assert client.post(LOGIN, {"username": staff.username, "password": TEST_PASSWORD}).status_code == 302
    client.logout()
    client.post(LOGIN, wrong)
    client.post(LOGIN, wrong)
    assert client.post(LOGIN, {"username": staff.username, "password": TEST_PASSWORD}).status_code == 302


# The first sign-in of an account made by staff.


@pytest.fixture
def new_account(roles):
    user, password = user_create(username="xinzhanghu", roles=[Role.DEPUTY], display_name="新代表")
    return user, password


def test_an_account_made_by_staff_must_change_its_password_first(client, new_account):
    user, password = new_account
    assert user.must_change_password
    assert len(password) == 10

    response = client.post(LOGIN, {"username": user.username, "password": password}, follow=True)

    assert response.redirect_chain == [("/accounts/home/", 302), ("/accounts/password/", 302)]
    assert "registration/password_change_form.html" in _templates(response)
    with translation.override("zh-hans"):
        assert str(MUST_CHANGE_PASSWORD) in [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("path", ["/accounts/home/", "/dashboard/", "/core/notifications/", "/no-such-page/"])
def test_every_page_leads_to_the_password_page_until_it_is_changed(login, new_account, path):
    response = login(new_account[0]).get(path)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"


def test_the_password_page_health_check_and_logout_stay_open(login, new_account):
    client = login(new_account[0])
    assert client.get("/accounts/password/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert not _signed_in(client)


def test_after_changing_the_password_home_works(login, new_account):
    user, password = new_account
    client = login(user)
    response = client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": "Hukou-Pubu-1937", "new_password2": "Hukou-Pubu-1937"},
        follow=True,
    )

    assert response.redirect_chain == [("/accounts/home/", 302)]
    assert "accounts/home_deputy.html" in _templates(response)
    with translation.override("zh-hans"):
        assert str(PASSWORD_CHANGED) in [str(m) for m in response.context["messages"]]
    user.refresh_from_db()
    assert user.must_change_password is False
    assert user.check_password("Hukou-Pubu-1937")
    assert client.get("/dashboard/").status_code == 403  # a deputy, and no longer redirected


def test_a_weak_new_password_is_refused_and_the_requirement_stays(login, new_account):
    user, password = new_account
    client = login(user)
    response = client.post(
        "/accounts/password/", {"old_password": password, "new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.must_change_password is True


# Language: Chinese unless English is picked in the switcher.


def _lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)">', response.content.decode())
    assert match, "the page has no <html lang>"
    return match.group(1)


def test_chinese_is_the_default(client):
    response = client.get(LOGIN)
    assert _lang(response) == "zh-hans"
    assert response["Content-Language"] == "zh-hans"


def test_the_language_cookie_chooses_english(client):
    client.cookies["django_language"] = "en"
    response = client.get(LOGIN)
    assert _lang(response) == "en"
    assert response["Content-Language"] == "en"
    assert "Password" in response.content.decode()


def test_an_english_browser_still_gets_chinese(client):
    # The committee works in Chinese: only the switcher's choice turns English on.
    assert _lang(client.get(LOGIN, headers={"accept-language": "en-US,en;q=0.9"})) == "zh-hans"


def test_a_chinese_browser_gets_chinese(client):
    assert _lang(client.get(LOGIN, headers={"accept-language": "zh-CN,zh;q=0.9"})) == "zh-hans"


def test_an_unknown_language_cookie_falls_back_to_chinese(client):
    client.cookies["django_language"] = "xx"
    assert _lang(client.get(LOGIN)) == "zh-hans"


def test_an_unsupported_browser_language_falls_back_to_chinese(client):
    assert _lang(client.get(LOGIN, headers={"accept-language": "fr-FR,fr;q=0.9"})) == "zh-hans"


def test_the_language_switcher_sets_the_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert _lang(client.get(LOGIN)) == "en"


# Content Security Policy and error pages.


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        (None, "/accounts/login/", 200),
        (None, "/accounts/home/", 302),
        (None, "/healthz", 200),
        (None, "/no-such-page/", 404),
        ("staff", "/accounts/home/", 200),
        ("deputy", "/dashboard/", 403),
        ("director", "/dashboard/", 200),
        ("unit_user", "/core/notifications/", 200),
    ],
)
def test_every_response_carries_a_csp_without_inline_script(login, client, users, who, path, status):
    if who:
        login(users[who])
    response = client.get(path)
    assert response.status_code == status
    csp = _csp(response)
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("who", [None, "staff", "deputy", "unit_user"])
def test_pages_have_no_inline_script(login, client, users, who):
    if who:
        login(users[who])
    path = "/accounts/home/" if who else LOGIN
    html = client.get(path).content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, "the page loads its scripts"
    assert all("src=" in attrs for attrs in scripts), scripts
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


@pytest.mark.parametrize("who", [None, "deputy"])
def test_a_missing_page_answers_the_chinese_404_page(login, client, users, who):
    if who:
        login(users[who])
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in _templates(response)
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert _zh("Page not found") in html
