"""The admin pages of deputies (with their levels inline) and trainings (with attendance inline)."""

import pytest
from django.urls import reverse

from tests.deputies.factories import DeputyFactory, TrainingFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_superuser_manages_deputies_and_trainings_in_the_admin(client, term, townships):
    deputy = DeputyFactory(name="张三", levels=["county", "township"], levels__term=term)
    training = TrainingFactory(term=term, attendees=[deputy])
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    for url in (
        reverse("admin:deputies_deputy_changelist"),
        reverse("admin:deputies_deputy_changelist") + "?q=zs",
        reverse("admin:deputies_deputy_change", args=[deputy.pk]),
        reverse("admin:deputies_deputy_add"),
        reverse("admin:deputies_training_changelist"),
        reverse("admin:deputies_training_change", args=[training.pk]),
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:deputies_deputy_change", args=[deputy.pk])).content.decode()
    assert 'name="mandates-INITIAL_FORMS" value="2"' in page
