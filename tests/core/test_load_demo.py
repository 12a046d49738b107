"""load_demo: Ji County's demo data, idempotent, and refused on what looks like production."""

import io

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from demo.accounts import DEMO_PASSWORD, DEMO_USERS
from renda.accounts.models import User
from renda.core.models import Session, Term, Township, Unit
from tests.helpers import assert_loading_again_changes_nothing

pytestmark = pytest.mark.django_db


def _project_models():
    """Every model of the project (history rows aside: each save adds one by design)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config.path.startswith(str(django_settings.BASE_DIR))
        and not model._meta.model_name.startswith("historical")
    ]


def test_load_demo_is_idempotent_and_makes_the_demo_accounts(settings, roles):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = assert_loading_again_changes_nothing(
        lambda again: call_command("load_demo", stdout=again), *_project_models()
    )

    assert "Demo data loaded." in out.getvalue()
    assert first["core.Township"] == 8
    assert Township.objects.active().count() == 7
    assert Term.objects.get(is_current=True).name == "第十六届"
    assert Session.objects.filter(term__is_current=True).count() >= 6
    assert Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).count() == 7

    for username, _name, role, unit_name in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert user.primary_role == role
        assert list(user.groups.values_list("name", flat=True)) == [role.value]
        assert (user.unit.name if user.unit else None) == unit_name
        assert not user.must_change_password
    assert User.objects.get(username="admin").is_superuser


def test_load_demo_refuses_with_debug_off(settings, roles):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", stdout=io.StringIO())
    assert not User.objects.exists()
    assert not Township.objects.exists()


def test_load_demo_with_force_loads_with_debug_off(settings, roles):
    settings.DEBUG = False
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert User.objects.filter(username="staff").exists()
