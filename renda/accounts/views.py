"""Views of the accounts app: the password page, the second sign-in step and the home page of each role."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from renda.accounts.forms import OneTimeCodeForm, OwnPasswordChangeForm
from renda.accounts.otp import confirmed_device_of, mark_verified, remember_device, second_factor_required
from renda.accounts.roles import Role
from renda.accounts.services import totp_device_begin, totp_device_check, totp_device_confirm
from renda.core import params
from renda.core.calendar import calendar_warning
from renda.core.registry import registry
from renda.core.selectors import current_term, notifications_of

PASSWORD_CHANGED = _("Your password has been changed.")
SECOND_FACTOR_ON = _("Two-step verification is on. From now on, signing in asks for a code from your app.")

HOME_TEMPLATES = {
    Role.ADMIN: "accounts/home_staff.html",
    Role.STAFF: "accounts/home_staff.html",
    Role.DIRECTOR: "accounts/home_director.html",
    Role.DEPUTY: "accounts/home_deputy.html",
    Role.UNIT: "accounts/home_unit.html",
}


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = OwnPasswordChangeForm
    success_url = reverse_lazy("accounts:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, PASSWORD_CHANGED)
        return response


def _next_url(request) -> str:
    """Where to go after the second step: the page the user was sent from (a path of this site, as
    params.next_url reads it), never back to a code page."""
    home = reverse("accounts:home")
    target = params.next_url(request, request.POST, request.GET, default=home)
    otp_pages = (reverse("accounts:otp_enrol"), reverse("accounts:otp_verify"))
    return home if target.startswith(otp_pages) else target


def _with_next(url_name: str, request) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    return f"{reverse(url_name)}?{urlencode({'next': target})}" if target else reverse(url_name)


def _qr_svg(device) -> str:
    qr = segno.make(device.config_url, error="m")
    # Markup segno writes from the otpauth URL alone, encoded in the modules; no text of it is shown.
    # Inline, so the strict CSP needs no image source; white behind it, so it scans in dark mode too.
    return mark_safe(qr.svg_inline(scale=5, dark="#000", light="#fff", svgclass="d-block"))  # noqa: S308


@sensitive_post_parameters("code")
@never_cache
@login_required
def otp_enrol(request):
    """Set up two-step verification: the secret as a QR code and as text, confirmed by a first code."""
    user = request.user
    if confirmed_device_of(user) is not None:
        if not user.is_verified():
            # Enrolling again would be a way around the device already set up.
            return redirect(_with_next("accounts:otp_verify", request))
        return render(request, "accounts/otp_enrol.html", {"enrolled": True})
    device = totp_device_begin(user=user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(device=device, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            mark_verified(request, device)
            messages.success(request, SECOND_FACTOR_ON)
            return redirect(_next_url(request))
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": second_factor_required(user),
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "accounts/otp_enrol.html", context)


@sensitive_post_parameters("code")
@never_cache
@login_required
def otp_verify(request):
    """The second sign-in step: a code from the device the user set up."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    device = confirmed_device_of(user)
    if device is None:
        # An administrator reset the device since the user signed in, or there never was one.
        remember_device(request, False)
        if second_factor_required(user):
            return redirect(_with_next("accounts:otp_enrol", request))
        return redirect(_next_url(request))
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_check(device=device, token=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            mark_verified(request, device)
            return redirect(_next_url(request))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/otp_verify.html", context)


@login_required
def home(request):
    """Each role lands on its own page: what waits for them, and the way to their work."""
    user = request.user
    role = user.primary_role
    context = {
        "role": role,
        "queue": registry.queue_for(user),
        "recent_notifications": notifications_of(user)[:5],
        "term": current_term(),
    }
    if role in (Role.ADMIN, Role.STAFF):
        context["calendar_warning"] = calendar_warning(today=timezone.localdate())
    template = HOME_TEMPLATES.get(role, "accounts/home_none.html")
    return render(request, template, context)
