"""The handling lists cost the same number of queries for 3 rows as for 30 (pagination keeps 25)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from proposals.models import CoHandling, State
from tests.deputies.factories import DeputyFactory
from tests.proposals.factories import SuggestionFactory

pytestmark = pytest.mark.django_db

SIZES = [3, 30]
TITLES = ["关于加快通村公路建设的建议", "关于改善农村饮水安全的建议", "关于加强校园周边交通安全的建议"]


def _submitted(n, term):
    for i in range(n):
        deputy = DeputyFactory()
        SuggestionFactory(
            term=term,
            lead_deputy=deputy,
            title=f"{TITLES[i % 3]}{i}",
            cosigners=[DeputyFactory()],
            state=State.SUBMITTED if i % 2 else State.UNDER_REVIEW,
        )


def _assigned(n, term, unit, other_unit):
    for i in range(n):
        lead = unit if i % 3 else other_unit
        s = SuggestionFactory(
            term=term,
            assigned=True,
            lead_unit=lead,
            state=State.IN_PROGRESS,
            reply_due=date(2026, 3, 1) + timedelta(days=i * 5),
        )
        if lead is other_unit:
            CoHandling.objects.create(suggestion=s, unit=unit, due=date(2026, 4, 2))


@pytest.mark.parametrize("size", SIZES)
def test_review_queue_queries_are_constant(client, staff, term, size, django_assert_max_num_queries):
    _submitted(size, term)
    client.force_login(staff)
    client.get(reverse("proposals:review_queue"))  # warm the session and permission caches
    with django_assert_max_num_queries(11):
        response = client.get(reverse("proposals:review_queue"))
    assert len(response.context["page_obj"]) == min(size, 25)


@pytest.mark.parametrize("size", SIZES)
def test_batch_assignment_queries_are_constant(client, staff, term, size, django_assert_max_num_queries):
    _submitted(size, term)
    client.force_login(staff)
    client.get(reverse("proposals:batch_assign"))
    with django_assert_max_num_queries(11):
        response = client.get(reverse("proposals:batch_assign"))
    assert len(response.context["page_obj"]) == min(size, 25)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("show", ["open", "all", "cohandling"])
def test_unit_queue_queries_are_constant(
    client, unit_user, unit2, term, size, show, django_assert_max_num_queries
):
    _assigned(size, term, unit_user.unit, unit2)
    client.force_login(unit_user)
    client.get(reverse("proposals:unit_queue"))
    with django_assert_max_num_queries(11):
        response = client.get(reverse("proposals:unit_queue"), {"show": show})
    assert len(response.context["page_obj"]) > 0


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", ["extension", "transfer"])
def test_approvals_queries_are_constant(
    client, director, unit, term, size, kind, django_assert_max_num_queries
):
    for _ in range(size):
        if kind == "extension":
            SuggestionFactory(
                term=term,
                assigned=True,
                lead_unit=unit,
                state=State.IN_PROGRESS,
                extension_requested_at=date(2026, 4, 1),
                extension_reason="情况复杂。",
            )
        else:
            SuggestionFactory(
                term=term,
                assigned=True,
                lead_unit=unit,
                state=State.TRANSFER_REQUESTED,
                transfer_reason="非我局职责。",
            )
    client.force_login(director)
    client.get(reverse("proposals:approvals"), {"kind": kind})
    with django_assert_max_num_queries(11):
        response = client.get(reverse("proposals:approvals"), {"kind": kind})
    assert len(response.context["page_obj"]) == min(size, 25)
