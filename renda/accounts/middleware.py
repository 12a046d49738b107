"""Sends a signed-in user to the step they still owe before anything else: the second sign-in step
(a TOTP code), then their own password if the office chose the first one."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.accounts.otp import has_confirmed_device, second_factor_required

MUST_CHANGE_PASSWORD = _("Please choose your own password before you continue.")

# Open to a signed-in user whatever they still owe.
ALWAYS_OPEN = (
    "/static/",
    "/i18n/",
    "/healthz",
    "/public/",  # the portal is the same for everyone, signed in or not
    "/robots.txt",
    "/favicon.ico",
)


def _second_step_pages() -> tuple[str, ...]:
    return (reverse("accounts:otp_enrol"), reverse("accounts:otp_verify"), reverse("accounts:logout"))


class SecondFactorMiddleware:
    """A user who has set up a device must enter a code from it after the password; with
    RENDA_OTP_REQUIRED on, a staff-side user without one must set one up first.

    After django_otp's OTPMiddleware (which tells `user.is_verified()`), before the forced password
    change: the second step proves who is signing in before anything else is done with the account.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        step = None
        if user is not None and user.is_authenticated and not user.is_verified():
            if has_confirmed_device(request):
                step = "accounts:otp_verify"
            elif second_factor_required(user):
                step = "accounts:otp_enrol"
        # The base template shows a signed-in user's menu and counts only once the second step is done.
        request.second_factor_pending = step is not None
        if step and not request.path.startswith((*_second_step_pages(), *ALWAYS_OPEN)):
            return self._send_to(step, request)
        return self.get_response(request)

    @staticmethod
    def _send_to(url_name, request):
        url = reverse(url_name)
        if request.method == "GET" and request.path != reverse("accounts:home"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("accounts:password_change"), *_second_step_pages(), *ALWAYS_OPEN)
            if not request.path.startswith(allowed):
                messages.warning(request, MUST_CHANGE_PASSWORD)
                return redirect("accounts:password_change")
        return self.get_response(request)
