"""The second sign-in step: TOTP enrolment and verification, required of staff-side users by a setting."""

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts.roles import Role
from renda.accounts.services import TOO_MANY_CODES, WRONG_CODE, user_create
from renda.accounts.views import SECOND_FACTOR_ON
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
HOME = "/accounts/home/"
ENROL = "/accounts/otp/enrol/"
VERIFY = "/accounts/otp/verify/"
# Now (sessions expire: a date far from today would end them), on a step boundary, so that a few
# seconds later is still the same 30-second step.
START = datetime.fromtimestamp(time.time() // 30 * 30, tz=ZoneInfo("Asia/Shanghai"))

required = override_settings(RENDA_OTP_REQUIRED=True)


def _code(device: TOTPDevice) -> str:
    """The code the user's app shows now (time_machine moves the clock it reads)."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(client, user, **extra):
    return client.post(LOGIN, {"username": user.username, "password": TEST_PASSWORD}, follow=True, **extra)


def _templates(response) -> list[str]:
    return [t.name for t in response.templates]


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _code_errors(response) -> list[str]:
    return response.context["form"].errors.get("code", [])


def _zh(message) -> str:
    with translation.override("zh-hans"):
        return str(message)


def _verified(client) -> bool:
    return DEVICE_ID_SESSION_KEY in client.session


def _enrol(client, user) -> TOTPDevice:
    """Sign in and set up a device, at START."""
    with time_machine.travel(START, tick=False):
        _sign_in(client, user)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=user)
        response = client.post(ENROL, {"code": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


# The setting off: signing in is as it was.


@override_settings(RENDA_OTP_REQUIRED=False)
@pytest.mark.parametrize("who", ["admin", "staff", "director", "deputy", "unit_user"])
def test_without_the_setting_signing_in_is_unchanged(client, users, who):
    response = _sign_in(client, users[who])
    assert response.redirect_chain == [(HOME, 302)]
    assert response.status_code == 200
    assert not TOTPDevice.objects.exists()


# The setting on: staff-side users set up a device, then pass a code at every sign-in.


@required
@pytest.mark.parametrize("who", ["admin", "staff", "director"])
def test_a_staff_side_user_is_sent_to_enrolment_after_the_password(client, users, who):
    response = _sign_in(client, users[who])
    assert response.redirect_chain == [(HOME, 302), (ENROL, 302)]
    assert "accounts/otp_enrol.html" in _templates(response)
    assert "_auth_user_id" in client.session
    assert not _verified(client)
    # Every other page leads there too until a device is set up.
    for path in (HOME, "/dashboard/", "/proposals/", "/admin/", "/no-such-page/"):
        assert client.get(path)["Location"].startswith(ENROL), path


@required
def test_the_enrolment_page_shows_the_secret_as_a_qr_code_and_as_text(client, staff):
    _sign_in(client, staff)
    response = client.get(ENROL)
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    html = response.content.decode()
    assert "<svg" in html  # inline: the CSP allows no other image source for it
    assert response.context["secret"].replace(" ", "") in device.config_url
    assert "no-cache" in response["Cache-Control"]
    # Reloading keeps the same secret.
    assert client.get(ENROL).context["secret"] == response.context["secret"]
    assert TOTPDevice.objects.filter(user=staff).count() == 1


@required
def test_a_valid_first_code_confirms_the_device_and_reaches_home(client, staff):
    with time_machine.travel(START, tick=False):
        _sign_in(client, staff)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=staff)
        response = client.post(ENROL, {"code": _code(device)}, follow=True)

    assert response.redirect_chain == [(HOME, 302)]
    assert "accounts/home_staff.html" in _templates(response)
    assert _zh(SECOND_FACTOR_ON) in _messages(response)
    device.refresh_from_db()
    assert device.confirmed
    assert _verified(client)


@required
def test_a_code_with_a_space_in_the_middle_is_accepted(client, staff):
    with time_machine.travel(START, tick=False):
        _sign_in(client, staff)
        client.get(ENROL)
        code = _code(TOTPDevice.objects.get(user=staff))
        response = client.post(ENROL, {"code": f"{code[:3]} {code[3:]}"})
    assert response["Location"] == HOME


@required
def test_a_wrong_code_shows_the_message_and_does_not_verify(client, staff):
    with time_machine.travel(START, tick=False) as clock:
        _sign_in(client, staff)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=staff)
        wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

        response = client.post(ENROL, {"code": wrong})

        assert response.status_code == 200
        assert _code_errors(response) == [_zh(WRONG_CODE)]
        assert _zh(WRONG_CODE) in response.content.decode()
        device.refresh_from_db()
        assert not device.confirmed
        assert device.throttling_failure_count == 1
        assert not _verified(client)
        assert client.get(HOME)["Location"] == ENROL

        # Throttled: even the right code waits a moment after a wrong one.
        response = client.post(ENROL, {"code": _code(device)})
        until = (START + timedelta(seconds=1)).strftime("%H:%M:%S")
        assert _code_errors(response) == [_zh(TOO_MANY_CODES) % {"time": until}]
        assert not _verified(client)

        clock.shift(timedelta(seconds=2))
        assert client.post(ENROL, {"code": _code(device)})["Location"] == HOME
    assert _verified(client)


@required
def test_a_later_sign_in_asks_for_a_code(client, staff):
    device = _enrol(client, staff)
    client.post("/accounts/logout/")

    with time_machine.travel(START + timedelta(minutes=5), tick=False) as clock:
        response = _sign_in(client, staff)
        assert response.redirect_chain == [(HOME, 302), (VERIFY, 302)]
        assert "accounts/otp_verify.html" in _templates(response)
        assert client.get("/proposals/")["Location"] == f"{VERIFY}?next=%2Fproposals%2F"
        # Setting up another device instead is no way around it.
        assert client.get(ENROL)["Location"] == VERIFY
        assert client.post(ENROL, {"code": "123456"})["Location"] == VERIFY
        assert TOTPDevice.objects.filter(user=staff).count() == 1

        response = client.post(VERIFY, {"code": "000000" if _code(device) != "000000" else "111111"})
        assert _code_errors(response) == [_zh(WRONG_CODE)]
        assert not _verified(client)

        clock.shift(timedelta(seconds=2))
        response = client.post(VERIFY, {"code": _code(device)}, follow=True)
        assert response.redirect_chain == [(HOME, 302)]
        assert "accounts/home_staff.html" in _templates(response)
        assert _verified(client)
        # A code is good once.
        client.post("/accounts/logout/")
        _sign_in(client, staff)
        assert _code_errors(client.post(VERIFY, {"code": _code(device)})) == [_zh(WRONG_CODE)]


@required
def test_the_code_step_goes_on_to_the_page_asked_for(client, director):
    device = _enrol(client, director)
    client.post("/accounts/logout/")
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        response = client.post(
            f"{LOGIN}?next=/dashboard/",
            {"username": director.username, "password": TEST_PASSWORD, "next": "/dashboard/"},
            follow=True,
        )
        assert response.redirect_chain == [("/dashboard/", 302), (f"{VERIFY}?next=%2Fdashboard%2F", 302)]
        response = client.post(VERIFY, {"code": _code(device), "next": "/dashboard/"})
        assert response["Location"] == "/dashboard/"
        # Never to another site.
        client.post("/accounts/logout/")
        _sign_in(client, director)
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        response = client.post(VERIFY, {"code": _code(device), "next": "https://example.com/"})
        assert response["Location"] == HOME


@required
def test_a_deputy_and_a_unit_user_are_not_asked(client, deputy, unit_user):
    response = _sign_in(client, deputy)
    assert response.redirect_chain == [(HOME, 302)]
    assert "accounts/home_deputy.html" in _templates(response)
    client.post("/accounts/logout/")
    assert _sign_in(client, unit_user).redirect_chain == [(HOME, 302)]


@required
def test_logout_and_the_open_pages_work_before_the_code(client, staff):
    _sign_in(client, staff)
    assert client.get("/healthz").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": ENROL})["Location"] == ENROL
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(HOME)["Location"].startswith(LOGIN)


@required
def test_the_code_comes_before_the_forced_password_change(client, roles):
    user, password = user_create(username="xin-ganbu", roles=[Role.STAFF], display_name="新干部")
    with time_machine.travel(START, tick=False):
        response = client.post(LOGIN, {"username": user.username, "password": password}, follow=True)
        assert response.redirect_chain == [(HOME, 302), (ENROL, 302)]
        device = TOTPDevice.objects.get(user=user)
        response = client.post(ENROL, {"code": _code(device)}, follow=True)
    assert response.redirect_chain == [(HOME, 302), ("/accounts/password/", 302)]
    assert "registration/password_change_form.html" in _templates(response)


# Voluntary enrolment, and the administrator's reset.


@override_settings(RENDA_OTP_REQUIRED=False)
def test_a_deputy_may_set_up_a_device_and_is_then_asked_for_codes(client, deputy):
    device = _enrol(client, deputy)
    assert client.get(ENROL).context["enrolled"]
    client.post("/accounts/logout/")
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        assert _sign_in(client, deputy).redirect_chain == [(HOME, 302), (VERIFY, 302)]
        assert client.post(VERIFY, {"code": _code(device)})["Location"] == HOME


@override_settings(RENDA_OTP_REQUIRED=False)
def test_without_a_device_the_code_page_sends_the_user_on(login, deputy):
    assert login(deputy).get(VERIFY)["Location"] == HOME


@required
def test_an_administrator_resets_a_device_and_the_user_sets_up_a_new_one(client, staff, admin):
    device = _enrol(client, staff)
    assert admin.has_perm("otp_totp.delete_totpdevice")
    assert not staff.has_perm("otp_totp.delete_totpdevice")

    admin_client = type(client)()
    admin_client.force_login(admin)
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        admin_device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
        admin_client.post(VERIFY, {"code": _code(admin_device)})
        changelist = admin_client.get("/admin/otp_totp/totpdevice/")
        assert changelist.status_code == 200
        assert device.key not in changelist.content.decode()  # the admin shows no secret
        response = admin_client.post(
            f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"}, follow=True
        )
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=staff).exists()

    # The staff member's session no longer counts as verified: they set up a new device.
    assert client.get(HOME)["Location"] == VERIFY
    assert client.get(VERIFY)["Location"] == ENROL


@required
def test_the_menu_and_counts_wait_for_the_second_step(client, staff):
    menu = 'id="main-nav"'
    response = _sign_in(client, staff)  # sent to set up a device
    assert "accounts/otp_enrol.html" in _templates(response)
    assert menu not in response.content.decode()

    _enrol(client, staff)
    assert menu in client.get(HOME).content.decode()
    client.post("/accounts/logout/")
    response = _sign_in(client, staff)  # sent to enter a code
    assert "accounts/otp_verify.html" in _templates(response)
    assert menu not in response.content.decode()


@pytest.mark.parametrize("target", ["²", "-1", "\x00/x", "https://example.com/", "//example.com/"])
def test_a_next_that_is_not_a_path_of_this_site_leads_home(client, staff, target):
    client.force_login(staff)
    response = client.get(VERIFY, {"next": target})  # no device, not required: the step is passed
    assert response.status_code == 302
    assert response["Location"] == HOME
