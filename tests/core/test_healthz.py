"""/healthz: 200 while the database answers; the broker is reported, never required."""

import os

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_without_redis_reports_eager_tasks(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_healthz_is_never_cached_and_needs_no_login(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_healthz_reports_a_broker_that_is_down_but_stays_up(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "down"}


def test_healthz_answers_503_when_the_database_is_down(client, settings, monkeypatch):
    from renda.core import views

    settings.REDIS_URL = ""

    class BrokenCursor:
        def __enter__(self):
            raise OSError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(views.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "down", "broker": "eager"}


@pytest.mark.services("redis")
def test_healthz_reports_a_live_redis_broker(client, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
