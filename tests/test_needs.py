"""The rule for service-backed and browser tests (tests/needs.py): run, skip, or fail in CI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import needs

BASE_DIR = Path(__file__).resolve().parent.parent
SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "complete"),
    [
        ({}, False),
        ({"CI": "true"}, True),
        ({"CI": "false"}, False),
        ({"CI": "1"}, False),
        ({"RENDA_REQUIRE_SERVICES": "1"}, True),
        ({"RENDA_REQUIRE_SERVICES": "true"}, True),
        ({"RENDA_REQUIRE_SERVICES": "TRUE"}, True),
        ({"RENDA_REQUIRE_SERVICES": "0", "CI": "true"}, False),
        ({"RENDA_REQUIRE_SERVICES": "false", "CI": "true"}, False),
        ({"RENDA_REQUIRE_SERVICES": "", "CI": "true"}, True),
    ],
)
def test_when_a_run_must_be_complete(env, complete):
    assert needs.must_be_complete(env) is complete


def test_missing_services_skip_on_a_developer_machine():
    found = needs.problems(services=("postgres", "redis"), e2e=False, env={}, engine=SQLITE)
    assert found == ["DATABASE_URL is not set (the tests run on SQLite)", "REDIS_URL is not set"]
    action, message = needs.verdict(found, {})
    assert action == "skip"
    assert "REDIS_URL is not set" in message
    assert "RENDA_REQUIRE_SERVICES=1" in message


def test_missing_services_fail_in_ci():
    found = needs.problems(services=("redis",), e2e=False, env={"CI": "true"}, engine=POSTGRES)
    action, message = needs.verdict(found, {"CI": "true"})
    assert action == "fail"
    assert message.startswith("required service missing: REDIS_URL is not set.")


def test_a_redis_that_does_not_answer_is_missing():
    found = needs.problems(
        services=("redis",), e2e=False, env={"REDIS_URL": "redis://127.0.0.1:1/0"}, engine=SQLITE
    )
    assert len(found) == 1
    assert found[0].startswith("Redis at REDIS_URL=redis://127.0.0.1:1/0 does not answer")


def test_a_database_url_that_is_not_postgres_is_missing():
    env = {"DATABASE_URL": "sqlite:////tmp/renda.sqlite3"}
    assert needs.problems(services=("postgres",), e2e=False, env=env, engine=SQLITE) == [
        f"DATABASE_URL does not point at PostgreSQL (engine {SQLITE})"
    ]
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1/renda"}
    assert needs.problems(services=("postgres",), e2e=False, env=env, engine=POSTGRES) == []


def test_an_unknown_service_name_is_a_mistake_in_the_test():
    with pytest.raises(ValueError, match="unknown service 'mysql'"):
        needs.problems(services=("mysql",), e2e=False, env={}, engine=SQLITE)


def test_a_missing_browser_is_missing(tmp_path):
    assert (
        needs.browser_problem(tmp_path / "chromium")
        == f"{tmp_path / 'chromium'} is missing (apt-get install chromium)"
    )
    not_executable = tmp_path / "chromium"
    not_executable.write_text("")
    assert needs.browser_problem(not_executable) is not None


def test_nothing_missing_means_run():
    assert needs.verdict([], {"CI": "true"}) is None


@pytest.mark.parametrize(("value", "deselected"), [("0", True), ("false", True), ("1", False), ("", False)])
def test_renda_e2e_0_deselects_browser_tests(value, deselected):
    assert needs.e2e_deselected({"RENDA_E2E": value}) is deselected


# The rule at work in a real pytest run.


def _pytest(*args, **env_changes):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_URL", "CI", "RENDA_REQUIRE_SERVICES"}
    }
    env.update({"DJANGO_DEBUG": "true", **env_changes})
    return subprocess.run(  # noqa: S603 - our own interpreter and test suite
        [sys.executable, "-m", "pytest", "-q", "-rs", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


REDIS_TEST = "tests/core/test_healthz.py::test_healthz_reports_a_live_redis_broker"


def test_in_ci_a_test_whose_service_is_missing_fails_and_renda_e2e_0_leaves_browser_tests_out():
    result = _pytest(REDIS_TEST, "tests/e2e", CI="true", RENDA_E2E="0")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "required service missing: REDIS_URL is not set" in result.stdout
    assert "1 error" in result.stdout, output
    assert "deselected" in result.stdout, output
    assert " skipped" not in result.stdout.splitlines()[-1]


def test_outside_ci_a_test_whose_service_is_missing_is_skipped():
    result = _pytest(REDIS_TEST)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 skipped" in result.stdout
    assert "needs REDIS_URL is not set" in result.stdout
