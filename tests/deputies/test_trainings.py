"""Training programmes, their attendance, and which active deputies have had none this term."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from deputies.forms import TRAINING_ENDS_BEFORE_START
from deputies.models import Attendance, Deputy, Training
from deputies.selectors import deputies_without_training, training_coverage
from renda.core.registry import registry
from tests.deputies.factories import DeputyFactory, TrainingFactory
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(term, townships):
    return {
        "trained": DeputyFactory(name="张三", township=townships["吉昌镇"]),
        "untrained": DeputyFactory(name="李丽", township=townships["屯里镇"]),
        "last_term_only": DeputyFactory(name="王五", township=townships["车城乡"]),
        "resigned": DeputyFactory(
            name="赵敏",
            status=Deputy.Status.RESIGNED,
            status_date=date(2025, 1, 1),
            township=townships["吉昌镇"],
        ),
    }


@pytest.fixture
def trainings(term, people):
    old = TermFactory(number=15)
    return {
        "this_term": TrainingFactory(term=term, attendees=[people["trained"]]),
        "last_term": TrainingFactory(
            term=old,
            start_date=date(2019, 5, 1),
            end_date=date(2019, 5, 3),
            attendees=[people["last_term_only"]],
        ),
    }


def test_coverage_lists_active_deputies_without_training_in_the_term(term, people, trainings):
    assert set(deputies_without_training(term)) == {people["untrained"], people["last_term_only"]}
    assert training_coverage(term) == {"total": 3, "trained": 1, "untrained": 2, "percent": 33}


def test_the_coverage_page(login, director, term, people, trainings, townships):
    client = login(director)
    response = client.get(reverse("deputies:training_coverage"))
    assert response.status_code == 200
    assert {d.name for d in response.context["page_obj"]} == {"李丽", "王五"}
    assert response.context["coverage"]["untrained"] == 2
    by_township = client.get(reverse("deputies:training_coverage"), {"township": townships["屯里镇"].pk})
    assert [d.name for d in by_township.context["page_obj"]] == ["李丽"]
    old = client.get(reverse("deputies:training_coverage"), {"term": trainings["last_term"].term.pk})
    assert {d.name for d in old.context["page_obj"]} == {"张三", "李丽"}


def test_staff_add_a_training_then_record_attendance(login, staff, term, people):
    client = login(staff)
    response = client.post(
        reverse("deputies:training_create"),
        {
            "title": "新任代表初任培训",
            "kind": "initial",
            "where": "away",
            "place": "贵州",
            "start_date": "2026-06-01",
            "end_date": "2026-06-05",
            "organiser": "县人大常委会",
            "term": term.pk,
        },
    )
    training = Training.objects.get(title="新任代表初任培训")
    assert response.status_code == 302
    assert response.url == reverse("deputies:training_attendance", args=[training.pk])

    page = client.get(response.url)
    offered = {d.name for d in page.context["candidates"]}
    assert offered == {"张三", "李丽", "王五"}  # active deputies only
    shown = [people["trained"].pk, people["untrained"].pk, people["last_term_only"].pk]
    client.post(response.url, {"shown": shown, "attendees": [people["untrained"].pk]})
    assert list(training.attendees.all()) == [people["untrained"]]


def test_narrowing_by_township_leaves_the_other_attendees_as_they_were(login, staff, term, people, townships):
    training = TrainingFactory(term=term, attendees=[people["trained"], people["untrained"]])
    url = reverse("deputies:training_attendance", args=[training.pk])
    client = login(staff)
    page = client.get(url, {"township": townships["屯里镇"].pk})
    assert [d.name for d in page.context["candidates"]] == ["李丽"]
    assert page.context["candidates"][0].attended

    client.post(f"{url}?township={townships['屯里镇'].pk}", {"shown": [people["untrained"].pk]})
    assert set(training.attendees.all()) == {people["trained"]}


def test_the_attendance_search_finds_by_initials(login, staff, term, people):
    training = TrainingFactory(term=term)
    page = login(staff).get(reverse("deputies:training_attendance", args=[training.pk]), {"q": "ll"})
    assert [d.name for d in page.context["candidates"]] == ["李丽"]


def test_a_training_cannot_end_before_it_starts(login, staff, term):
    with translation.override("zh-hans"):
        response = login(staff).post(
            reverse("deputies:training_create"),
            {
                "title": "专题培训",
                "kind": "topical",
                "where": "local",
                "place": "吉县",
                "start_date": "2026-06-05",
                "end_date": "2026-06-01",
                "term": term.pk,
            },
        )
        assert response.context["form"].errors["end_date"] == [str(TRAINING_ENDS_BEFORE_START)]
    assert not Training.objects.exists()


def test_the_training_list_and_detail(login, director, term, trainings):
    client = login(director)
    response = client.get(reverse("deputies:training_list"))
    assert [t.attendee_count for t in response.context["page_obj"]] == [1, 1]
    assert len(client.get(reverse("deputies:training_list"), {"term": term.pk}).context["page_obj"]) == 1
    detail = client.get(trainings["this_term"].get_absolute_url())
    assert [d.name for d in detail.context["attendees"]] == ["张三"]


@pytest.mark.parametrize("size", [2, 20])
def test_the_training_list_has_a_constant_number_of_queries(
    login, staff, term, people, django_assert_max_num_queries, size
):
    for _ in range(size):
        TrainingFactory(term=term, attendees=[people["trained"], people["untrained"]])
    client = login(staff)
    client.get(reverse("deputies:training_list"))
    with django_assert_max_num_queries(10):
        client.get(reverse("deputies:training_list"))


def test_staff_see_a_queue_item_for_deputies_without_training_and_without_account(
    staff, director, people, trainings
):
    by_url = {i.url: i for i in registry.queue_for(staff)}
    assert by_url[reverse("deputies:training_coverage")].count == 2
    assert by_url[reverse("deputies:accounts")].count == 3
    assert not [i for i in registry.queue_for(director) if i.url == reverse("deputies:accounts")]
    assert Attendance.objects.count() == 2
