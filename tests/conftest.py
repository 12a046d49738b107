"""Shared fixtures: the role Groups, one user per role, their units, a logged-in client; and the
rule that decides whether a service-backed or browser test runs, is skipped, or fails (tests/needs.py)."""

import os

import pytest
from django.conf import settings as django_settings

from renda.accounts.roles import Role, sync_role_groups
from renda.accounts.services import user_create
from tests.factories import TEST_PASSWORD, UnitFactory
from tests.needs import SERVICES, e2e_deselected, problems, verdict


def pytest_configure(config):
    # WhiteNoise warns on every new handler that STATIC_ROOT does not exist; tests never collectstatic.
    config.addinivalue_line("filterwarnings", "ignore:No directory at.*staticfiles:UserWarning")


def pytest_collection_modifyitems(config, items):
    if not e2e_deselected(os.environ):
        return
    kept, dropped = [], []
    for item in items:
        (dropped if item.get_closest_marker("e2e") else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before any fixture runs: skip or fail a test whose services or browser are missing."""
    services_marker = item.get_closest_marker("services")
    e2e = item.get_closest_marker("e2e") is not None
    services = tuple(services_marker.args or SERVICES) if services_marker else ()
    if not services and not e2e:
        return
    engine = django_settings.DATABASES["default"]["ENGINE"]
    outcome = verdict(problems(services=services, e2e=e2e, env=os.environ, engine=engine), os.environ)
    if outcome is None:
        return
    action, message = outcome
    if action == "fail":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The production hasher costs a third of a second per password; the tests hash hundreds.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def roles(db):
    """The role Groups with their permissions.

    post_migrate gives them their permissions when the test database is migrated, and again after
    a transactional test flushes the tables; syncing here keeps every test independent of that.
    """
    sync_role_groups()


@pytest.fixture
def unit(db):
    return UnitFactory(name="县农业农村局")


@pytest.fixture
def unit2(db):
    return UnitFactory(name="县交通运输局")


def _user(username: str, role: Role, display_name: str, unit=None):
    user, _password = user_create(
        username=username,
        roles=[role],
        display_name=display_name,
        unit=unit,
        email=f"{username}@example.com",
        password=TEST_PASSWORD,
        created_by_staff=False,
    )
    return user


@pytest.fixture
def admin(roles):
    return _user("t-admin", Role.ADMIN, "系统管理员")


@pytest.fixture
def staff(roles):
    return _user("t-staff", Role.STAFF, "王晓梅")


@pytest.fixture
def director(roles):
    return _user("t-director", Role.DIRECTOR, "李建国")


@pytest.fixture
def deputy(roles):
    return _user("t-deputy", Role.DEPUTY, "张志强")


@pytest.fixture
def deputy2(roles):
    return _user("t-deputy2", Role.DEPUTY, "刘丽娟")


@pytest.fixture
def unit_user(roles, unit):
    return _user("t-unit", Role.UNIT, "赵晓东", unit=unit)


@pytest.fixture
def unit2_user(roles, unit2):
    return _user("t-unit2", Role.UNIT, "陈文静", unit=unit2)


@pytest.fixture
def users(admin, staff, director, deputy, deputy2, unit_user, unit2_user):
    """Every role's user by fixture name."""
    return {
        "admin": admin,
        "staff": staff,
        "director": director,
        "deputy": deputy,
        "deputy2": deputy2,
        "unit_user": unit_user,
        "unit2_user": unit2_user,
    }


@pytest.fixture
def login(client):
    """login(user) -> the test client, signed in as that user (no password, no axes)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def deadlines_in_step(db):
    """After the test: the deadline index equals what `rebuild_deadlines` would write from the records,
    so every service of the journey wrote its deadlines with its change."""
    yield
    from renda.core.deadlines import rebuild_deadlines

    differences = [
        (
            d.kind.code,
            [r.object_id for r in d.missing],
            [(r.object_id, c) for r, _w, c in d.stale],
            [r.object_id for r in d.extra],
        )
        for d in rebuild_deadlines(check=True)
    ]
    assert differences == [], "the deadline index is out of step (kind, missing, stale, extra)"
