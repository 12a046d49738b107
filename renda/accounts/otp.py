"""The second sign-in step (a TOTP code): who must pass it, their device, and what the session knows."""

from django.conf import settings
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts.roles import SECOND_FACTOR_ROLES

# Whether the signed-in user has a confirmed device, noted at sign-in so that a page costs no query
# to find out (and a user who never enrolled costs nothing while the requirement is off).
HAS_DEVICE_SESSION_KEY = "renda_otp_has_device"


def second_factor_required(user) -> bool:
    """Staff-side users must pass the second step when RENDA_OTP_REQUIRED is on."""
    return settings.RENDA_OTP_REQUIRED and any(role in SECOND_FACTOR_ROLES for role in user.roles)


def confirmed_device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def has_confirmed_device(request) -> bool:
    known = request.session.get(HAS_DEVICE_SESSION_KEY)
    if known is None:
        # A session from before the second step existed.
        known = remember_device(request, confirmed_device_of(request.user) is not None)
    return known


def remember_device(request, has_device: bool) -> bool:
    request.session[HAS_DEVICE_SESSION_KEY] = has_device
    return has_device


def mark_verified(request, device: TOTPDevice) -> None:
    """The session has passed the second step with this device."""
    otp_login(request, device)
    remember_device(request, True)


def note_device_at_login(sender, request, user, **kwargs):
    """user_logged_in receiver: note in the new session whether the user has a confirmed device."""
    if request is not None and hasattr(request, "session"):
        remember_device(request, confirmed_device_of(user) is not None)
