"""The main menu: a superuser is not shown the pages of a role they do not hold, and entries with a
visible parent join its drop-down."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from renda.accounts.roles import Role
from renda.core.registry import registry

pytestmark = pytest.mark.django_db


def keys(user):
    return {e.key for e in registry.nav_for(user)}


def test_a_superuser_sees_no_deputy_or_unit_pages_without_those_roles(admin, django_assert_max_num_queries):
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    with django_assert_max_num_queries(1):
        shown = keys(admin)
    assert {"dashboard", "meetings", "publicity"} <= shown
    assert not shown & {"my_duty_record", "proposals.unit", "proposals.mine", "meetings.tasks"}


def test_a_superuser_who_is_also_a_deputy_sees_the_deputy_pages(admin):
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    admin.groups.add(Group.objects.get(name=Role.DEPUTY))
    assert {"my_duty_record", "proposals.mine"} <= keys(admin)


def test_child_entries_sit_in_their_parents_drop_down(login, staff):
    response = login(staff).get(reverse("deputies:campaign_list"))
    menu = {item["entry"].key: item for item in response.context["nav_menu"]}
    assert "deputies.campaigns" not in menu
    children = [child["entry"].key for child in menu["deputies"]["children"]]
    assert "deputies.campaigns" in children
    # Only the most specific entry is active, and its parent shows as open.
    assert [c["active"] for c in menu["deputies"]["children"] if c["entry"].key == "deputies.campaigns"] == [
        True
    ]
    assert menu["deputies"]["active"] is False and menu["deputies"]["open"] is True
