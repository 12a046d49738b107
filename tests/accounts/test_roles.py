"""The role Groups and their permissions (renda/accounts/roles.py)."""

import pytest
from django.contrib.auth.models import Group, Permission

from renda.accounts.roles import ROLE_PERMISSIONS, Role, sync_role_groups

pytestmark = pytest.mark.django_db


def _perms(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_migrate_leaves_every_role_group_with_its_permissions():
    # post_migrate ran sync_role_groups on the test database; nothing here calls it.
    for role in Role:
        assert _perms(Group.objects.get(name=role.value)) == set(ROLE_PERMISSIONS[role]), role


def test_every_permission_a_role_names_exists():
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for role, perms in ROLE_PERMISSIONS.items():
        assert set(perms) <= existing, f"{role}: {sorted(set(perms) - existing)} do not exist"


def test_sync_restores_the_groups_after_they_are_changed():
    Group.objects.filter(name=Role.DEPUTY).delete()
    staff = Group.objects.get(name=Role.STAFF)
    staff.permissions.clear()
    staff.permissions.add(Permission.objects.get(codename="delete_unit"))

    sync_role_groups()
    sync_role_groups()  # and again: idempotent

    assert Group.objects.filter(name__in=Role.values).count() == len(Role)
    assert _perms(Group.objects.get(name=Role.STAFF)) == set(ROLE_PERMISSIONS[Role.STAFF])
    assert _perms(Group.objects.get(name=Role.DEPUTY)) == set(ROLE_PERMISSIONS[Role.DEPUTY])


def test_what_each_role_may_do(users):
    def may(who, perm):
        return users[who].has_perm(perm)

    assert may("staff", "accounts.view_work_queue")
    assert may("staff", "accounts.view_dashboards")
    assert may("staff", "accounts.manage_accounts")
    assert not may("staff", "core.change_unit")

    assert may("admin", "core.change_unit")
    assert may("admin", "accounts.manage_accounts")
    assert users["admin"].is_staff

    assert may("director", "accounts.view_dashboards")
    assert not may("director", "accounts.view_work_queue")
    assert not may("director", "accounts.manage_accounts")

    for who in ("deputy", "deputy2"):
        assert may(who, "accounts.act_as_deputy")
        assert not may(who, "accounts.view_dashboards")
        assert not may(who, "accounts.act_as_unit")
    for who in ("unit_user", "unit2_user"):
        assert may(who, "accounts.act_as_unit")
        assert not may(who, "accounts.view_dashboards")
        assert not may(who, "accounts.act_as_deputy")


def test_roles_come_in_precedence_order(roles):
    from tests.factories import UserFactory

    user = UserFactory(role=[Role.DEPUTY, Role.STAFF])
    assert user.roles == [Role.STAFF, Role.DEPUTY]
    assert user.primary_role == Role.STAFF
    assert user.has_role(Role.DEPUTY)
    assert not user.has_role(Role.UNIT)


@pytest.mark.django_db(transaction=True)
def test_the_role_groups_come_back_after_a_flush():
    # Transactional and live-server tests flush the database; post_migrate must rebuild the roles.
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)

    for role in Role:
        assert _perms(Group.objects.get(name=role.value)) == set(ROLE_PERMISSIONS[role]), role
