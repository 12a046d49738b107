"""What service-backed and browser tests need, and whether a missing need skips or fails the test.

A test marked `services` needs PostgreSQL and Redis, or only those named in the marker
(`@pytest.mark.services("redis")`); a test marked `e2e` needs Debian's Chromium and Playwright.
Where the need is missing the test is skipped on a developer's machine, and fails when the run
must be complete: RENDA_REQUIRE_SERVICES=1/true, or CI=true when RENDA_REQUIRE_SERVICES is unset.
A skipped test in CI would be a failure in disguise.
"""

import importlib.util
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
SERVICES = ("postgres", "redis")
TRUE_WORDS = {"1", "true", "yes", "on"}


def must_be_complete(env: Mapping[str, str]) -> bool:
    """Whether a missing service fails the test instead of skipping it."""
    explicit = env.get("RENDA_REQUIRE_SERVICES", "").strip().lower()
    if explicit:
        return explicit in TRUE_WORDS
    return env.get("CI", "").strip().lower() == "true"


def e2e_deselected(env: Mapping[str, str]) -> bool:
    return env.get("RENDA_E2E", "").strip().lower() in {"0", "false", "no", "off"}


@cache
def redis_problem(url: str) -> str | None:
    if not url:
        return "REDIS_URL is not set"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except Exception as exc:
        return f"Redis at REDIS_URL={url} does not answer: {exc}"
    return None


def postgres_problem(database_url: str, engine: str) -> str | None:
    if not database_url:
        return "DATABASE_URL is not set (the tests run on SQLite)"
    if "postgresql" not in engine:
        return f"DATABASE_URL does not point at PostgreSQL (engine {engine})"
    return None


def browser_problem(chromium: Path = CHROMIUM) -> str | None:
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        return f"{chromium} is missing (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright package is not installed"
    return None


def problems(*, services: tuple[str, ...], e2e: bool, env: Mapping[str, str], engine: str) -> list[str]:
    found = []
    for name in services:
        if name == "redis":
            found.append(redis_problem(env.get("REDIS_URL", "").strip()))
        elif name == "postgres":
            found.append(postgres_problem(env.get("DATABASE_URL", "").strip(), engine))
        else:
            raise ValueError(f"unknown service {name!r}; use one of {SERVICES}")
    if e2e:
        found.append(browser_problem())
    return [p for p in found if p]


def verdict(found: list[str], env: Mapping[str, str]) -> tuple[str, str] | None:
    """None when the test may run, else ("fail" | "skip", message)."""
    if not found:
        return None
    what = "; ".join(found)
    if must_be_complete(env):
        return (
            "fail",
            f"required service missing: {what}. This run must be complete "
            "(RENDA_REQUIRE_SERVICES or CI is set), so the test fails instead of being skipped.",
        )
    return "skip", f"needs {what} (set RENDA_REQUIRE_SERVICES=1 to make this a failure)"
