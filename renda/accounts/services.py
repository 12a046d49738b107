"""Writes of the accounts app: creating accounts and setting passwords."""

import secrets

from django.contrib.auth.models import Group
from django.db import transaction

from renda.accounts.models import User
from renda.accounts.roles import Role

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
