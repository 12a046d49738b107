"""While the database cannot be reached, every page answers a Chinese 503 that says to wait (and
/healthz says 503); once it answers again, the next request is served as usual."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError
from django.test import Client

from renda.core.errors import database_unreachable

pytestmark = pytest.mark.django_db


def _database_down(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def down(monkeypatch, staff):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    monkeypatch.setattr(SessionStore, "load", _database_down)  # the first query of every signed-in page
    return client


def test_a_page_answers_503_in_chinese_and_asks_to_retry(down):
    response = down.get("/proposals/", {"q": "桥"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "系统暂时无法使用" in page
    assert 'href="/proposals/?q=%E6%A1%A5">重试</a>' in page  # the same page again


def test_it_recovers_by_itself_once_the_database_answers(down, monkeypatch):
    assert down.get("/accounts/home/").status_code == 503
    monkeypatch.undo()
    assert Client().get("/accounts/login/").status_code == 200


def test_a_bug_is_still_a_500_not_a_503(client, monkeypatch, staff):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    monkeypatch.setattr(SessionStore, "load", lambda self: 1 / 0)
    assert client.get("/accounts/home/").status_code == 500


def test_only_unreachable_databases_count():
    assert database_unreachable(OperationalError("server closed the connection unexpectedly"))
    try:
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError as exc:
            raise RuntimeError("wrapped") from exc
    except RuntimeError as wrapped:
        assert database_unreachable(wrapped)
    assert not database_unreachable(ValueError("a bug"))
    assert not database_unreachable(None)
