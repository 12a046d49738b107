"""The new-suggestion form posted twice, one after the other or at the same moment, makes one
suggestion; the second post leads to what the first made (renda.core.once)."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from proposals.models import Suggestion
from renda.core.models import Submission
from renda.core.once import ALREADY_SENT
from tests.proposals.test_filing_views import form_data

pytestmark = pytest.mark.django_db


def _page_token(client, url) -> str:
    return str(client.get(url).context["form"]["once"].value())


@pytest.mark.parametrize("action", ["save", "submit"])
def test_the_same_form_posted_twice_makes_one_suggestion(client, me, action):
    client.force_login(me.user)
    url = reverse("proposals:create")
    data = form_data(action=action, once=_page_token(client, url))
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert Suggestion.objects.filter(lead_deputy=me).count() == 1
    assert str(ALREADY_SENT) in [str(m) for m in again.context["messages"]]


def test_two_pages_opened_make_two_suggestions(client, me):
    client.force_login(me.user)
    url = reverse("proposals:create")
    for title in ("关于修缮村道的建议", "关于增设路灯的建议"):
        client.post(url, form_data(title=title, once=_page_token(client, url)))
    assert Suggestion.objects.filter(lead_deputy=me).count() == 2


def test_a_refused_post_can_be_sent_again_with_its_token(client, me):
    client.force_login(me.user)
    url = reverse("proposals:create")
    token = _page_token(client, url)
    assert client.post(url, form_data(title="", once=token)).status_code == 200  # refused at the field
    assert not Submission.objects.exists()  # the claim rolled back with it
    assert client.post(url, form_data(once=token)).status_code == 302
    assert Suggestion.objects.filter(lead_deputy=me).count() == 1


def test_staff_filing_for_a_deputy_twice_is_led_to_the_first(client, staff, me):
    client.force_login(staff)
    url = reverse("proposals:file_for_deputy")
    data = form_data(lead_deputy=me.pk, action="save", once=_page_token(client, url))
    client.post(url, data)
    again = client.post(url, data)
    made = Suggestion.objects.get(lead_deputy=me)
    assert again.status_code == 302 and again.url == made.get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_the_same_moment_make_one_suggestion(me):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL")
    url = reverse("proposals:create")
    data = form_data(action="submit", once=str(uuid.uuid4()))
    start, answers = threading.Barrier(2), []

    def post():
        client = Client()
        client.force_login(me.user)
        start.wait()
        answers.append(client.post(url, data).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [302, 302]
    assert Suggestion.objects.filter(lead_deputy=me).count() == 1
