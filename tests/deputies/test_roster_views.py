"""The roster pages: who may open them, search by initials, filters, forms, export, and query counts."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from deputies.forms import CHOOSE_A_LEVEL, INACTIVE_NEEDS_DATE
from deputies.models import Deputy, Level, Mandate
from deputies.services import roster_import
from deputies.validators import BAD_PHONE, FUTURE_BIRTH_DATE
from renda.core.registry import registry
from tests.deputies.conftest import ROSTER_HEADERS
from tests.deputies.factories import DeputyFactory, TrainingFactory
from tests.factories import TermFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("deputies:list")


@pytest.fixture
def roster(term, townships):
    """Four deputies of different names, levels, townships and statuses."""
    old_term = TermFactory(number=15)
    zhang = DeputyFactory(name="张三", township=townships["吉昌镇"], levels=["county"], levels__term=term)
    zhao = DeputyFactory(name="刘四", township=townships["屯里镇"], levels=["township"], levels__term=term)
    wang = DeputyFactory(
        name="王五",
        township=townships["车城乡"],
        levels=["municipal", "county"],
        levels__term=term,
        status=Deputy.Status.RESIGNED,
        status_date=date(2025, 6, 1),
    )
    li = DeputyFactory(name="李六", township=townships["吉昌镇"], levels=["county"], levels__term=old_term)
    return {"张三": zhang, "刘四": zhao, "王五": wang, "李六": li}


def _names(response):
    return [d.name for d in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zs", ["张三"]),
        ("ZS", ["张三"]),
        ("张", ["张三"]),
        ("w", ["王五"]),
        ("", ["李六", "王五", "张三", "刘四"]),
    ],
)
def test_search_by_name_or_pinyin_initials(login, staff, roster, query, expected):
    response = login(staff).get(LIST_URL, {"q": query})
    assert sorted(_names(response)) == sorted(expected)


def test_filters_by_level_township_status_and_term(login, staff, roster, term, townships):
    client = login(staff)
    assert sorted(_names(client.get(LIST_URL, {"level": "county"}))) == ["张三", "李六", "王五"]
    assert sorted(_names(client.get(LIST_URL, {"level": "county", "term": term.pk}))) == ["张三", "王五"]
    assert _names(client.get(LIST_URL, {"level": "municipal"})) == ["王五"]
    assert sorted(_names(client.get(LIST_URL, {"township": townships["吉昌镇"].pk}))) == ["张三", "李六"]
    assert _names(client.get(LIST_URL, {"status": "resigned"})) == ["王五"]
    assert sorted(_names(client.get(LIST_URL, {"term": term.pk, "status": "active"}))) == ["刘四", "张三"]


def test_the_list_paginates_by_25(login, staff, term, townships):
    DeputyFactory.create_batch(30, township=townships["吉昌镇"])
    client = login(staff)
    assert len(client.get(LIST_URL).context["page_obj"]) == 25
    assert len(client.get(LIST_URL, {"page": 2}).context["page_obj"]) == 5


@pytest.mark.parametrize("size", [3, 30])
def test_the_roster_list_takes_the_same_number_of_queries_whatever_its_size(
    login, staff, term, townships, django_assert_max_num_queries, size
):
    for i in range(size):
        DeputyFactory(
            township=list(townships.values())[i % 3], levels=["county", "township"], levels__term=term
        )
    client = login(staff)
    client.get(LIST_URL)  # warm the session and the permission cache
    with django_assert_max_num_queries(11):
        response = client.get(LIST_URL, {"level": "county"})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(size, 25)


# --- access ------------------------------------------------------------------------------------


def _urls(deputy, training):
    return {
        "list": (reverse("deputies:list"), "deputies.view_all_deputies"),
        "detail": (reverse("deputies:detail", args=[deputy.pk]), "deputies.view_all_deputies"),
        "create": (reverse("deputies:create"), "deputies.manage_deputies"),
        "update": (reverse("deputies:update", args=[deputy.pk]), "deputies.manage_deputies"),
        "export": (reverse("deputies:export"), "deputies.import_deputies"),
        "accounts": (reverse("deputies:accounts"), "deputies.create_deputy_accounts"),
        "trainings": (reverse("deputies:training_list"), "deputies.view_all_deputies"),
        "training": (reverse("deputies:training_detail", args=[training.pk]), "deputies.view_all_deputies"),
        "training_create": (reverse("deputies:training_create"), "deputies.manage_deputies"),
        "training_update": (
            reverse("deputies:training_update", args=[training.pk]),
            "deputies.manage_deputies",
        ),
        "attendance": (
            reverse("deputies:training_attendance", args=[training.pk]),
            "deputies.manage_deputies",
        ),
        "coverage": (reverse("deputies:training_coverage"), "deputies.view_all_deputies"),
    }


@pytest.mark.parametrize(
    "page",
    [
        "list",
        "detail",
        "create",
        "update",
        "export",
        "accounts",
        "trainings",
        "training",
        "training_create",
        "training_update",
        "attendance",
        "coverage",
    ],
)
def test_who_may_open_each_page(client, users, term, townships, page):
    deputy = DeputyFactory(levels=["county"], levels__term=term)
    url, permission = _urls(deputy, TrainingFactory(term=term))[page]

    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))

    for who, user in users.items():
        client.force_login(user)
        expected = 200 if user.has_perm(permission) else 403
        assert client.get(url).status_code == expected, (who, page)
    assert not users["unit_user"].has_perm(permission)
    assert not users["deputy"].has_perm(permission)
    assert users["staff"].has_perm(permission)


def test_a_missing_deputy_is_404(login, staff, term):
    assert login(staff).get(reverse("deputies:detail", args=[999999])).status_code == 404


def test_the_nav_entry_shows_for_staff_and_directors_only(users):
    entry = next(e for e in registry.nav if e.key == "deputies")
    assert entry.url_name == "deputies:list"
    assert entry.permission == "deputies.view_all_deputies"
    shown = {who for who, user in users.items() if entry in registry.nav_for(user)}
    assert shown == {"admin", "staff", "director"}
    mine = next(e for e in registry.nav if e.key == "my_duty_record")
    assert {who for who, user in users.items() if mine in registry.nav_for(user)} == {"deputy", "deputy2"}


# --- forms -------------------------------------------------------------------------------------


def _form_data(townships, **changes):
    data = {
        "name": "周　平",
        "gender": "male",
        "ethnicity": "汉族",
        "birth_date": "1975-03-01",
        "party": "cpc",
        "levels": ["county", "township"],
        "constituency": "第一选区",
        "township": townships["吉昌镇"].pk,
        "occupation": "吉昌镇党委书记",
        "phone": "0357-7922345",
        "status": "active",
        "status_date": "",
        "status_reason": "",
    }
    data.update(changes)
    return data


def test_staff_add_a_deputy_with_the_levels_held_in_the_current_term(login, staff, term, townships):
    response = login(staff).post(reverse("deputies:create"), _form_data(townships))
    deputy = Deputy.objects.get()
    assert response.status_code == 302
    assert response.url == deputy.get_absolute_url()
    assert deputy.name == "周平"
    assert deputy.name_initials == "zp"
    assert sorted(deputy.mandates.values_list("level", flat=True)) == ["county", "township"]
    assert set(deputy.mandates.values_list("term", flat=True)) == {term.pk}


def test_editing_the_levels_changes_only_the_current_term(login, staff, term, townships):
    old_term = TermFactory(number=15)
    deputy = DeputyFactory(levels=["county", "township"], levels__term=term, township=townships["吉昌镇"])
    Mandate.objects.create(deputy=deputy, level=Level.TOWNSHIP, term=old_term)
    client = login(staff)
    form = client.get(reverse("deputies:update", args=[deputy.pk])).context["form"]
    assert sorted(form.initial["levels"]) == ["county", "township"]

    response = client.post(
        reverse("deputies:update", args=[deputy.pk]),
        _form_data(townships, name=deputy.name, levels=["municipal"]),
    )
    assert response.status_code == 302
    assert sorted(deputy.mandates.values_list("level", "term__number")) == [
        ("municipal", 16),
        ("township", 15),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"birth_date": (timezone.localdate() + timedelta(days=1)).isoformat()},
            "birth_date",
            lambda: FUTURE_BIRTH_DATE,
        ),
        ({"phone": "12345"}, "phone", lambda: BAD_PHONE % {"value": "12345"}),
        ({"phone": "2912345678"}, "phone", lambda: BAD_PHONE % {"value": "2912345678"}),
        ({"status": "resigned"}, "status_date", lambda: INACTIVE_NEEDS_DATE),
        ({"status": "terminated"}, "status_date", lambda: INACTIVE_NEEDS_DATE),
        ({"levels": []}, "levels", lambda: CHOOSE_A_LEVEL),
    ],
    ids=["future-birth", "short-phone", "bad-mobile", "resigned-no-date", "terminated-no-date", "no-level"],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(
    login, staff, term, townships, changes, field, message
):
    with translation.override("zh-hans"):
        response = login(staff).post(reverse("deputies:create"), _form_data(townships, **changes))
        assert response.status_code == 200
        assert response.context["form"].errors[field] == [str(message())]
    assert not Deputy.objects.exists()
    assert not Mandate.objects.exists()


@pytest.mark.parametrize("phone", ["13912345678", "0357-7922345", "03577922345", "7922345", "035-79223456"])
def test_mainland_mobiles_and_landlines_are_accepted(login, staff, term, townships, phone):
    response = login(staff).post(reverse("deputies:create"), _form_data(townships, phone=phone))
    assert response.status_code == 302
    assert Deputy.objects.get().phone == phone


def test_an_inactive_deputy_with_a_date_is_saved(login, staff, term, townships):
    data = _form_data(townships, status="resigned", status_date="2026-03-01", status_reason="工作调动")
    assert login(staff).post(reverse("deputies:create"), data).status_code == 302
    assert Deputy.objects.get().status_date == date(2026, 3, 1)


# --- export ------------------------------------------------------------------------------------


def test_the_export_has_the_import_columns_and_re_imports(login, staff, roster, term, townships):
    response = login(staff).get(reverse("deputies:export"), {"status": "active"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    data = response.content
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[1]] == ROSTER_HEADERS
    exported = {row[0].value: [c.value for c in row] for row in ws.iter_rows(min_row=2)}
    assert set(exported) == {"张三", "刘四", "李六"}  # the filter applies to the export
    assert exported["张三"][1] == "男"
    assert exported["张三"][5] == "县人大代表"
    assert exported["张三"][7] == "吉昌镇"

    before = {
        d.name: (
            d.gender,
            d.ethnicity,
            d.birth_date,
            d.party,
            d.constituency,
            d.township_id,
            d.occupation,
            d.phone,
        )
        for d in Deputy.objects.filter(status="active")
    }
    levels_before = {d.name: d.level_codes for d in Deputy.objects.filter(status="active")}
    Deputy.objects.all().delete()
    _report, created = roster_import(data=data, today=timezone.localdate())
    assert len(created) == 3
    after = {
        d.name: (
            d.gender,
            d.ethnicity,
            d.birth_date,
            d.party,
            d.constituency,
            d.township_id,
            d.occupation,
            d.phone,
        )
        for d in Deputy.objects.all()
    }
    assert after == before
    assert {d.name: d.level_codes for d in Deputy.objects.all()} == levels_before


@pytest.mark.parametrize(
    "query",
    [
        {"township": "abc", "term": "xyz", "level": "nope", "status": "gone"},
        {"page": "999"},
        {"q": "x" * 200},
    ],
)
def test_nonsense_in_the_query_string_never_breaks_the_roster(login, staff, roster, query):
    assert login(staff).get(LIST_URL, query).status_code == 200


def test_nonsense_in_the_query_string_never_breaks_coverage_or_a_record(login, staff, roster):
    client = login(staff)
    coverage = client.get(reverse("deputies:training_coverage"), {"term": "abc", "township": "x"})
    assert coverage.status_code == 200
    record = client.get(reverse("deputies:record", args=[roster["张三"].pk]), {"year": "99999"})
    assert record.status_code == 200
    assert record.context["year"] is None
