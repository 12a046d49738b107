"""Writes of the accounts app: creating accounts, setting passwords, and the second sign-in step."""

import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.accounts.models import User
from renda.accounts.roles import Role

WRONG_CODE = _("That code is not right. Enter the six-digit code your authenticator app shows now.")
TOO_MANY_CODES = _("Too many wrong codes in a row. Try again after %(time)s.")
ALREADY_ENROLLED = _("Two-step verification is already set up for this account.")
DEVICE_NAME = _("Authenticator app")

# Letters and digits that cannot be confused when read aloud or copied from paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a password


def generate_initial_password(length: int = 10) -> str:
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


@transaction.atomic
def user_create(
    *,
    username: str,
    roles: list[Role],
    display_name: str = "",
    unit=None,
    phone: str = "",
    email: str = "",
    password: str | None = None,
    created_by_staff: bool = True,
) -> tuple[User, str]:
    """Create an account with roles; returns the user and the initial password to hand over once.

    Accounts created by staff must choose their own password at the first sign-in.
    """
    password = password or generate_initial_password()
    user = User(
        username=username,
        display_name=display_name,
        unit=unit,
        phone=phone,
        email=email,
        must_change_password=created_by_staff,
        is_staff=Role.ADMIN in roles,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    return user, password


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """The user's own new password; clears the first-sign-in requirement."""
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    return user


@transaction.atomic
def user_reset_password(*, user: User) -> str:
    """A staff reset: a new initial password, to be changed at the next sign-in."""
    password = generate_initial_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    return password


@transaction.atomic
def totp_device_begin(*, user: User) -> TOTPDevice:
    """The device the user is setting up: their unconfirmed one, so that the secret they see stays the
    same until they confirm it, or a new one."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=gettext(DEVICE_NAME), confirmed=False)
        device.full_clean()
        device.save()
    return device


def totp_device_check(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Check a code against the device; raise a ValidationError with the message when it fails.

    django-otp throttles: each wrong code doubles the wait before the next one is checked (1, 2, 4 s
    and on, OTP_TOTP_THROTTLE_FACTOR), and a code once accepted is not accepted again.
    """
    with transaction.atomic():
        # Locked, so that two requests cannot both use one code or both slip past the throttle. The
        # failure is written inside the transaction and raised after it, or the rollback would undo it.
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, why = device.verify_is_allowed()
        accepted = allowed and device.verify_token(token)
    if not allowed:
        until = formats.time_format(timezone.localtime(why["locked_until"]), "H:i:s")
        raise ValidationError(TOO_MANY_CODES, code="throttled", params={"time": until})
    if not accepted:
        raise ValidationError(WRONG_CODE, code="wrong")
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm the device being set up with its first code; other unconfirmed devices of the user go."""
    if TOTPDevice.objects.devices_for_user(device.user, confirmed=True).exists():
        raise ValidationError(ALREADY_ENROLLED, code="enrolled")
    device = totp_device_check(device=device, token=token)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    return device
