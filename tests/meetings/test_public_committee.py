"""The public portal's decisions and appointments: published rows only, unpublished ones 404 like
missing ones, and the sitemap lists what is published."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import UnitFactory
from tests.meetings.test_registers_support import make_appointment, make_decision, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(staff):
    return make_meeting(by=staff, day=date(2026, 6, 25))


@pytest.fixture
def decisions(meeting):
    return {
        "published": make_decision(title="关于批准县级预算调整方案的决议", meeting=meeting),
        "unpublished": make_decision(title="关于未公开事项的决定", meeting=meeting, published=False),
    }


@pytest.fixture
def appointments(meeting):
    return {
        "published": make_appointment(person="郑国华", meeting=meeting, is_published=True),
        "unpublished": make_appointment(person="何文杰", post="副局长", meeting=meeting, is_published=False),
    }


def test_anyone_reads_the_published_decisions(client, decisions):
    response = client.get(reverse("public_committee:decision_list"))
    assert response.status_code == 200
    assert [d.title for d in response.context["page_obj"]] == ["关于批准县级预算调整方案的决议"]
    assert "关于未公开事项的决定" not in response.content.decode()


def test_a_published_decision_has_its_page(client, decisions):
    response = client.get(reverse("public_committee:decision_detail", args=[decisions["published"].pk]))
    assert response.status_code == 200
    assert decisions["published"].text in response.content.decode()


def test_an_unpublished_decision_answers_404_like_a_missing_one(client, login, staff, decisions):
    assert (
        client.get(
            reverse("public_committee:decision_detail", args=[decisions["unpublished"].pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("public_committee:decision_detail", args=[9999])).status_code == 404
    # Staff see exactly what the public sees.
    staff_client = login(staff)
    assert (
        staff_client.get(
            reverse("public_committee:decision_detail", args=[decisions["unpublished"].pk])
        ).status_code
        == 404
    )


def test_decisions_filter_by_year(client, staff, decisions):
    old = make_meeting(by=staff, day=date(2023, 4, 26))
    make_decision(title="关于二〇二三年的决定", meeting=old)
    response = client.get(reverse("public_committee:decision_list"), {"year": "2023"})
    assert [d.title for d in response.context["page_obj"]] == ["关于二〇二三年的决定"]
    # A year that is not offered is a form error, not a crash: every published row stays listed.
    response = client.get(reverse("public_committee:decision_list"), {"year": "abc"})
    assert response.status_code == 200


def test_anyone_reads_the_published_appointments(client, appointments):
    response = client.get(reverse("public_committee:appointment_list"))
    assert response.status_code == 200
    assert [a.person for a in response.context["page_obj"]] == ["郑国华"]
    assert "何文杰" not in response.content.decode()


def test_appointments_filter_by_unit(client, meeting, appointments):
    other = UnitFactory(name="县财政局")
    make_appointment(person="石磊", unit=other, meeting=meeting, is_published=True)
    response = client.get(reverse("public_committee:appointment_list"), {"unit": other.pk})
    assert [a.person for a in response.context["page_obj"]] == ["石磊"]


def test_the_pages_only_answer_reads(client, decisions):
    assert client.post(reverse("public_committee:decision_list")).status_code == 405


def test_the_sitemap_lists_published_decisions_only(client, decisions, appointments):
    body = client.get(reverse("sitemap")).content.decode()
    assert reverse("public_committee:decision_detail", args=[decisions["published"].pk]) in body
    assert reverse("public_committee:decision_detail", args=[decisions["unpublished"].pk]) not in body
    assert reverse("public_committee:appointment_list") in body


def test_the_portal_navigation_has_the_committee_sections(client, decisions):
    response = client.get(reverse("public_committee:decision_list"))
    urls = [item["url"] for item in response.context["public_nav"]]
    assert reverse("public_committee:decision_list") in urls
    assert reverse("public_committee:appointment_list") in urls
    active = [item["url"] for item in response.context["public_nav"] if item["active"]]
    assert active == [reverse("public_committee:decision_list")]
