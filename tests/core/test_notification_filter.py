"""The notification list shows all notifications or only the unread ones."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = reverse("core:notifications")


@pytest.fixture
def notes(unit_user):
    read = NotificationFactory(recipient=unit_user, title="已读通知", read_at=timezone.now())
    unread = NotificationFactory(recipient=unit_user, title="未读通知")
    NotificationFactory(title="别人的通知")
    return read, unread


def test_anonymous_is_sent_to_the_login_page(client):
    assert client.get(URL).status_code == 302


def test_all_by_default(login, unit_user, notes):
    response = login(unit_user).get(URL)
    assert response.context["show"] == "all"
    assert {n.title for n in response.context["page_obj"]} == {"已读通知", "未读通知"}


def test_only_unread(login, unit_user, notes):
    response = login(unit_user).get(URL, {"show": "unread"})
    assert response.context["show"] == "unread"
    assert [n.title for n in response.context["page_obj"]] == ["未读通知"]
    assert response.context["query"] == "show=unread"


def test_an_unknown_filter_means_all(login, unit_user, notes):
    assert login(unit_user).get(URL, {"show": "bogus"}).context["show"] == "all"


@pytest.mark.parametrize("n", [3, 30])
def test_constant_queries(login, unit_user, django_assert_max_num_queries, n):
    NotificationFactory.create_batch(n, recipient=unit_user)
    client = login(unit_user)
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"show": "unread"}).status_code == 200
