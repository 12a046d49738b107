"""The ledger (台账): who may open it, every filter, the counts by state, constant queries, print view."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from proposals.filters import LedgerFilter
from proposals.ledger import ledger_for, state_counts
from proposals.models import Category, Cosignature, State
from tests.deputies.factories import DeputyFactory
from tests.factories import SessionFactory, TownshipFactory, UnitFactory, UserFactory
from tests.proposals.factories import ConsultationFactory, SuggestionFactory
from tests.proposals.ledger_helpers import assigned, cohandled, cosign, ledger_rows


def _zh(message):
    with translation.override("zh-hans"):
        return translation.gettext(message)


pytestmark = pytest.mark.django_db

LEDGER = reverse("proposals:ledger")
PRINT = reverse("proposals:ledger_print")


def _titles(response) -> set[str]:
    return {s.title for s in response.context["page_obj"]}


def _filtered(user, **params) -> set[str]:
    f = LedgerFilter(params, queryset=ledger_for(user), today=date(2026, 11, 30))
    return {s.title for s in f.qs}


# --- access ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LEDGER, PRINT])
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["staff", "director", "admin"])
def test_staff_directors_and_admins_see_the_ledger(client, users, role):
    client.force_login(users[role])
    assert client.get(LEDGER).status_code == 200
    assert client.get(PRINT).status_code == 200


def test_a_deputy_is_sent_to_their_own_suggestions(client, deputy):
    client.force_login(deputy)
    response = client.get(LEDGER)
    assert response.status_code == 302
    assert response.url == reverse("proposals:mine")


def test_a_unit_user_is_sent_to_the_unit_queue(client, unit_user):
    client.force_login(unit_user)
    response = client.get(LEDGER)
    assert response.status_code == 302
    assert response.url == reverse("proposals:unit_queue")


def test_a_user_without_a_role_is_refused(client, roles):
    client.force_login(UserFactory())
    assert client.get(LEDGER).status_code == 403
    assert client.get(PRINT).status_code == 403


@pytest.mark.parametrize("role", ["deputy", "unit_user"])
def test_the_print_view_is_the_ledgers_deputies_and_units_are_refused(client, users, role):
    client.force_login(users[role])
    assert client.get(PRINT).status_code == 403


# --- what it lists ---------------------------------------------------------------------------------


def test_drafts_stay_off_the_ledger(client, staff):
    SuggestionFactory(title="草稿建议", state=State.DRAFT, submitted_at=None)
    SuggestionFactory(title="已提交建议")
    client.force_login(staff)
    assert _titles(client.get(LEDGER)) == {"已提交建议"}


@time_machine.travel(datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)
def test_rows_link_to_the_suggestion_and_flag_overdue_ones(client, staff, unit):
    late = assigned(unit, title="超期未复的建议", reply_due=date(2026, 6, 2), state=State.IN_PROGRESS)
    assigned(unit, title="未到期的建议", reply_due=date(2026, 12, 2), state=State.IN_PROGRESS)
    client.force_login(staff)
    response = client.get(LEDGER)
    assert late.get_absolute_url() in response.content.decode()
    assert {s.title: s.overdue for s in response.context["page_obj"]} == {
        "超期未复的建议": True,
        "未到期的建议": False,
    }
    assert _titles(client.get(LEDGER, {"overdue": "1"})) == {"超期未复的建议"}


def test_filter_by_state_takes_several(staff, unit):
    SuggestionFactory(title="已提交")
    assigned(unit, title="已交办")
    assigned(unit, title="办理中", state=State.IN_PROGRESS)
    assert _filtered(staff, state=["submitted", "in_progress"]) == {"已提交", "办理中"}


def test_filter_by_unit_finds_lead_and_co_handling(staff, unit, unit2):
    assigned(unit, title="主办")
    cohandled(assigned(unit2, title="协办"), unit)
    assigned(unit2, title="别的单位")
    assert _filtered(staff, unit=str(unit.pk)) == {"主办", "协办"}


def test_filter_by_category(staff):
    SuggestionFactory(title="教育", category=Category.EDUCATION)
    SuggestionFactory(title="交通", category=Category.INFRASTRUCTURE)
    assert _filtered(staff, category="education") == {"教育"}


def test_filter_by_deputy_finds_lead_and_confirmed_co_signers_by_name_or_initials(staff):
    feng = DeputyFactory(name="冯志刚")
    SuggestionFactory(title="领衔", lead_deputy=feng)
    cosign(SuggestionFactory(title="附议"), feng)
    cosign(SuggestionFactory(title="仅邀请"), feng, state=Cosignature.State.INVITED)
    SuggestionFactory(title="无关")
    assert _filtered(staff, deputy="志刚") == {"领衔", "附议"}
    assert _filtered(staff, deputy="FZG") == {"领衔", "附议"}


def test_filter_by_delegation(staff):
    hukou = TownshipFactory(name="壶口镇")
    SuggestionFactory(title="壶口", delegation=hukou)
    SuggestionFactory(title="吉昌")
    assert _filtered(staff, delegation=str(hukou.pk)) == {"壶口"}


def test_filter_by_session_or_by_a_years_recess(staff, term):
    third = SessionFactory(term=term, number=3, name="第三次会议")
    SuggestionFactory(title="三次会议", session=third, year=2023)
    SuggestionFactory(title="2026闭会", year=2026)
    SuggestionFactory(title="2025闭会", year=2025)
    assert _filtered(staff, session=f"s{third.pk}") == {"三次会议"}
    assert _filtered(staff, session="y2026") == {"2026闭会"}
    assert _filtered(staff, year="2025") == {"2025闭会"}


def test_a_session_value_that_is_not_offered_is_refused_without_filtering(staff):
    SuggestionFactory(title="任何")
    f = LedgerFilter({"session": "x1"}, queryset=ledger_for(staff))
    assert "session" in f.form.errors
    assert {s.title for s in f.qs} == {"任何"}


def test_filter_overdue_uses_the_computed_rule(staff, unit):
    assigned(unit, title="超期", reply_due=date(2026, 11, 20))
    assigned(unit, title="未到期", reply_due=date(2026, 12, 20))
    assigned(unit, title="已答复", reply_due=date(2026, 11, 20), state=State.REPLIED)
    assert _filtered(staff, overdue="1") == {"超期"}
    assert _filtered(staff, overdue="true") == {"超期"}  # the work queue's links say "true"
    assert len(_filtered(staff, overdue="")) == 3


def test_filter_key_suggestions(staff):
    SuggestionFactory(title="重点", is_key=True)
    SuggestionFactory(title="一般")
    assert _filtered(staff, key="1") == {"重点"}
    assert _filtered(staff, key="true") == {"重点"}


def test_filter_by_date_ranges(staff, unit):
    tz = timezone.get_current_timezone()
    SuggestionFactory(title="二月提交", submitted_at=datetime(2026, 2, 11, 23, 30, tzinfo=tz))
    SuggestionFactory(title="三月提交", submitted_at=datetime(2026, 3, 1, 0, 30, tzinfo=tz))
    assert _filtered(staff, submitted_from="2026-02-11", submitted_to="2026-02-11") == {"二月提交"}
    assigned(unit, title="三月交办", assigned_at=date(2026, 3, 2))
    assigned(unit, title="七月交办", assigned_at=date(2026, 7, 1), replied_at=date(2026, 9, 1))
    assert _filtered(staff, assigned_from="2026-06-01") == {"七月交办"}
    assert _filtered(staff, assigned_to="2026-03-02") == {"三月交办"}
    assert _filtered(staff, replied_from="2026-08-01", replied_to="2026-09-30") == {"七月交办"}


def test_a_bad_date_is_an_error_at_the_field_not_a_500(client, staff):
    SuggestionFactory(title="任何")
    client.force_login(staff)
    response = client.get(LEDGER, {"assigned_from": "2026-13-45"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["assigned_from"]
    assert _titles(response) == {"任何"}


def test_keyword_in_chinese_searches_title_and_content_and_numbers(staff, unit):
    SuggestionFactory(title="关于苹果冷库的建议", content="建设冷库。")
    SuggestionFactory(title="关于学校的建议", content="改善寄宿条件并建设冷库式食堂。")
    SuggestionFactory(title="关于道路的建议", content="硬化道路。")
    assert _filtered(staff, q="冷库") == {"关于苹果冷库的建议", "关于学校的建议"}
    numbered = assigned(unit, title="有编号的建议")
    assert _filtered(staff, q=str(numbered.number)) >= {"有编号的建议"}


# --- counts by state -------------------------------------------------------------------------------


def test_counts_by_state_are_of_the_filtered_set_without_the_state_filter(client, staff, unit, unit2):
    assigned(unit, title="甲")
    assigned(unit, title="乙", state=State.IN_PROGRESS)
    assigned(unit2, title="丙", state=State.IN_PROGRESS)
    client.force_login(staff)
    response = client.get(LEDGER, {"unit": unit.pk, "state": "assigned"})
    assert _titles(response) == {"甲"}
    chips = {c["value"]: (c["count"], c["active"]) for c in response.context["chips"]}
    assert chips == {"assigned": (1, True), "in_progress": (1, False)}
    assert response.context["all_states_count"] == 2


def test_state_counts_is_one_query(staff, unit, django_assert_num_queries):
    ledger_rows(4, unit=unit)
    SuggestionFactory()
    qs = ledger_for(staff)
    with django_assert_num_queries(1):
        counts = state_counts(qs)
    assert counts == {"assigned": 4, "submitted": 1}


# --- constant queries ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize(
    "params", [{}, {"state": ["assigned"], "deputy": "代表", "overdue": "1", "q": "公路"}]
)
def test_the_ledger_costs_the_same_queries_for_3_and_30_rows(
    client, staff, size, params, django_assert_max_num_queries
):
    rows = ledger_rows(size)
    for s in rows[:2]:
        ConsultationFactory(suggestion=s)
    client.force_login(staff)
    client.get(LEDGER)  # warm the session and permission caches
    # Session, user, permissions, policy, count, page, 2 prefetches, counts by state, choices, nav.
    with django_assert_max_num_queries(16):
        response = client.get(LEDGER, params)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_the_print_view_costs_the_same_queries_for_3_and_30_rows(
    client, staff, size, django_assert_max_num_queries
):
    ledger_rows(size)
    client.force_login(staff)
    client.get(PRINT)
    with django_assert_max_num_queries(13):
        response = client.get(PRINT)
    assert len(response.context["rows"]) == size


def test_the_ledger_paginates_by_25(client, staff):
    ledger_rows(27)
    client.force_login(staff)
    response = client.get(LEDGER)
    assert len(response.context["page_obj"]) == 25
    assert len(client.get(LEDGER, {"page": 2}).context["page_obj"]) == 2


# --- print view ------------------------------------------------------------------------------------


def test_the_print_view_lists_the_filtered_rows_with_the_filters_and_a_date(client, staff, unit):
    assigned(unit, title="农业农村局的建议")
    assigned(UnitFactory(name="县水利局"), title="水利局的建议")
    client.force_login(staff)
    with translation.override("en"):
        response = client.get(PRINT, {"unit": unit.pk, "key": ""})
    assert [s.title for s in response.context["rows"]] == ["农业农村局的建议"]
    assert [(str(label), value) for label, value in response.context["summary"]] == [
        (_zh("Unit (lead or co-handling)"), "县农业农村局")
    ]
    assert response.context["total"] == 1
    assert not response.context["limited"]
    assert timezone.localdate().strftime("%Y") in response.content.decode()


def test_the_print_view_says_when_it_prints_only_the_first_rows(client, staff, monkeypatch):
    from proposals.views import ledger as views

    monkeypatch.setattr(views, "PRINT_LIMIT", 2)
    ledger_rows(3)
    client.force_login(staff)
    response = client.get(PRINT)
    assert len(response.context["rows"]) == 2
    assert response.context["limited"]
    assert response.context["total"] == 3


# --- admin -----------------------------------------------------------------------------------------


def test_the_admin_shows_suggestions_read_mostly(client, roles, unit):
    s = assigned(unit, title="管理后台里的建议")
    cosign(s, DeputyFactory())
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse("admin:proposals_suggestion_changelist")).status_code == 200
    change = client.get(reverse("admin:proposals_suggestion_change", args=[s.pk]))
    assert change.status_code == 200
    assert "state" not in change.context["adminform"].form.fields  # moved by the services only
    assert set(change.context["adminform"].form.fields) == {"title", "content", "category"}
    assert client.get(reverse("admin:proposals_suggestion_add")).status_code == 403
    assert client.get(reverse("admin:proposals_suggestion_delete", args=[s.pk])).status_code == 403


def test_the_administrator_edits_the_one_policy_and_cannot_add_or_delete_it(client, admin):
    from proposals.models import Policy

    policy = Policy.current()
    client.force_login(admin)
    assert client.get(reverse("admin:proposals_policy_change", args=[policy.pk])).status_code == 200
    assert client.get(reverse("admin:proposals_policy_add")).status_code == 403
    assert client.get(reverse("admin:proposals_policy_delete", args=[policy.pk])).status_code == 403
