"""The factories make valid rows that satisfy the models' own rules."""

import pytest

from renda.accounts.roles import Role
from tests.factories import (
    TEST_PASSWORD,
    NotificationFactory,
    SessionFactory,
    TermFactory,
    TownshipFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_reference_data_factories_pass_full_clean():
    for obj in (
        TownshipFactory(),
        UnitFactory(),
        UnitFactory(township_government=True),
        TermFactory(),
        SessionFactory(),
    ):
        obj.full_clean()


def test_a_township_government_names_its_township():
    unit = UnitFactory(township_government=True)
    assert unit.kind == "township"
    assert unit.name == f"{unit.township.name}人民政府"


@pytest.mark.parametrize("role", list(Role))
def test_user_factory_gives_the_role(roles, role):
    user = UserFactory(role=role)
    assert user.primary_role == role
    assert user.check_password(TEST_PASSWORD)
    assert (user.unit is not None) is (role == Role.UNIT)
    assert user.is_staff is (role == Role.ADMIN)


def test_user_factory_without_a_role_has_none(roles):
    user = UserFactory()
    assert user.roles == []
    assert not user.groups.exists()


def test_notification_factory(roles):
    note = NotificationFactory()
    assert note.recipient.notifications.unread().get() == note
