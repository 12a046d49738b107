"""The admin of supervision: every list opens, and the policy stays one row an administrator edits."""

import pytest
from django.urls import reverse

from supervision.models import Policy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["policy", "topic", "activity", "reviewopinion", "rectificationitem"])
def test_admin_lists_open(client, item, model):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    assert client.get(reverse(f"admin:supervision_{model}_changelist")).status_code == 200


def test_the_administrator_edits_the_one_policy_row(login, admin):
    client = login(admin)
    policy = Policy.current()  # created on first use, never added by hand
    assert client.get(reverse("admin:supervision_policy_add")).status_code == 403
    assert client.get(reverse("admin:supervision_policy_change", args=[policy.pk])).status_code == 200
    assert client.get(reverse("admin:supervision_policy_delete", args=[policy.pk])).status_code == 403
    response = client.post(
        reverse("admin:supervision_policy_change", args=[policy.pk]),
        {"report_months": 2, "rerectify_months": 1},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.report_months, policy.rerectify_months) == (2, 1)


def test_staff_cannot_change_the_policy(login, staff):
    assert login(staff).get(reverse("admin:supervision_policy_changelist")).status_code in (302, 403)
