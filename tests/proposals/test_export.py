"""The ledger's .xlsx export: the committee's columns, exactly the filtered rows, and only what the
user may see (a unit's export holds only its rows, a deputy's only theirs)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from proposals import ledger
from proposals.models import Category, Consultation, Cosignature, Satisfaction, State
from tests.deputies.factories import DeputyFactory
from tests.factories import UnitFactory, UserFactory
from tests.proposals.factories import ConsultationFactory, SuggestionFactory
from tests.proposals.ledger_helpers import assigned, cohandled, cosign, ledger_rows

pytestmark = pytest.mark.django_db

EXPORT = reverse("proposals:export")

HEADERS = [
    "编号",
    "届次",
    "会议/闭会期间",
    "标题",
    "分类",
    "领衔代表",
    "附议代表",
    "代表团",
    "主办单位",
    "协办单位",
    "交办日期",
    "要求答复日期",
    "答复日期",
    "答复类别",
    "面商",
    "满意度",
    "重新办理次数",
    "重点督办",
    "状态",
]


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(data), read_only=True)
    rows = [tuple(row) for row in wb.active.iter_rows(values_only=True)]
    wb.close()
    return rows


def _export(client, user, **params) -> list[tuple]:
    client.force_login(user)
    return _sheet(client.get(EXPORT, params))


def _titles(rows) -> set[str]:
    return {row[3] for row in rows[1:]}


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_user_without_a_role_is_refused(client, roles):
    client.force_login(UserFactory())
    assert client.get(EXPORT).status_code == 403


def test_the_headers_are_the_committees_columns_in_every_language(client, staff):
    assert ledger.EXPORT_HEADERS == HEADERS
    with translation.override("en"):
        rows = _export(client, staff)
    assert rows[0] == tuple(HEADERS)


def test_a_row_holds_every_column(client, staff, unit, unit2, me, other):
    s = assigned(
        unit,
        title="关于在屯里镇建设苹果冷库的建议",
        category=Category.AGRICULTURE,
        lead_deputy=me,
        replied_at=date(2026, 5, 20),
        outcome="B",
        satisfaction=Satisfaction.BASICALLY,
        rehandling_rounds=1,
        is_key=True,
        state=State.IMPLEMENTING,
    )
    cosign(s, other)
    cosign(s, DeputyFactory(name="未确认代表"), state=Cosignature.State.INVITED)
    cohandled(s, unit2)
    ConsultationFactory(suggestion=s, way=Consultation.Way.PHONE, date=date(2026, 3, 20))
    rows = _export(client, staff)
    assert len(rows) == 2
    with translation.override("zh-hans"):
        phone, category = str(Consultation.Way.PHONE.label), str(Category.AGRICULTURE.label)
        basically, implementing = str(Satisfaction.BASICALLY.label), str(State.IMPLEMENTING.label)
    row = rows[1]
    assert row[0] == s.number_label
    assert row[:10] == (
        f"第十六届2026年闭会期间第{s.number:03d}号",
        "第十六届",
        "2026年闭会期间",
        "关于在屯里镇建设苹果冷库的建议",
        category,
        "冯志刚",
        "薛丽娟",
        "吉昌镇",
        "县农业农村局",
        "县交通运输局",
    )
    assert [value.date() for value in row[10:13]] == [date(2026, 3, 2), date(2026, 6, 2), date(2026, 5, 20)]
    assert row[13:] == ("B 正在解决或列入规划", f"{phone} 2026-03-20", basically, 1, "是", implementing)


def test_a_session_suggestion_names_its_session_and_an_unanswered_one_leaves_cells_empty(client, staff, term):
    from tests.factories import SessionFactory

    session = SessionFactory(term=term, number=6, name="第六次会议")
    SuggestionFactory(title="会议期间的建议", session=session)
    numbered = SuggestionFactory(title="已编号的建议", session=session, sequence=f"s:{session.pk}", number=12)
    rows = {row[3]: row for row in _export(client, staff)[1:]}
    assert rows["会议期间的建议"][:3] == (None, "第十六届", "第六次会议")
    with translation.override("zh-hans"):
        submitted = str(State.SUBMITTED.label)
    assert rows["会议期间的建议"][10:] == (None, None, None, None, None, None, 0, None, submitted)
    assert rows["已编号的建议"][0] == numbered.number_label == "第十六届第六次会议第012号"


def test_the_export_holds_exactly_the_filtered_rows(client, staff, unit, unit2):
    assigned(unit, title="甲", state=State.IN_PROGRESS)
    assigned(unit, title="乙")
    assigned(unit2, title="丙", state=State.IN_PROGRESS)
    SuggestionFactory(title="草稿", state=State.DRAFT, submitted_at=None)
    rows = _export(client, staff, unit=unit.pk, state="in_progress")
    assert [row[3] for row in rows[1:]] == ["甲"]
    assert _titles(_export(client, staff)) == {"甲", "乙", "丙"}


def test_a_units_export_holds_only_its_rows(client, unit_user, unit, unit2):
    assigned(unit, title="本单位主办")
    cohandled(assigned(unit2, title="本单位协办"), unit)
    assigned(unit2, title="别的单位")
    SuggestionFactory(title="尚未交办")
    assert _titles(_export(client, unit_user)) == {"本单位主办", "本单位协办"}
    # Filters narrow it further but never widen it.
    assert _titles(_export(client, unit_user, unit=unit2.pk)) == {"本单位协办"}


def test_a_deputys_export_holds_only_theirs(client, deputy, me, other):
    SuggestionFactory(title="领衔的", lead_deputy=me)
    cosign(SuggestionFactory(title="附议的", lead_deputy=other), me)
    cosign(SuggestionFactory(title="婉拒的", lead_deputy=other), me, state=Cosignature.State.DECLINED)
    SuggestionFactory(title="别人的", lead_deputy=other)
    SuggestionFactory(title="我的草稿", lead_deputy=me, state=State.DRAFT, submitted_at=None)
    assert _titles(_export(client, deputy)) == {"领衔的", "附议的"}


def test_a_director_may_export(client, director):
    SuggestionFactory(title="任何")
    assert _titles(_export(client, director)) == {"任何"}


def test_rows_read_in_chunks_keep_their_own_co_signers(client, staff, monkeypatch):
    monkeypatch.setattr(ledger, "EXPORT_CHUNK", 2)
    unit = UnitFactory()
    expected = {}
    for i in range(5):
        s = assigned(unit, title=f"建议{i}")
        names = [DeputyFactory(name=f"附议{i}-{j}").name for j in range(i % 3)]
        for name in names:
            cosign(s, type(s.lead_deputy).objects.get(name=name))
        expected[s.title] = "、".join(names) or None
    rows = _export(client, staff)
    assert {row[3]: row[6] for row in rows[1:]} == expected


@pytest.mark.parametrize("size", [3, 30])
def test_the_export_costs_the_same_queries_for_3_and_30_rows(
    client, staff, size, django_assert_max_num_queries
):
    rows = ledger_rows(size)
    ConsultationFactory(suggestion=rows[0])
    client.force_login(staff)
    client.get(EXPORT)
    with django_assert_max_num_queries(14):
        response = client.get(EXPORT)
    assert len(_sheet(response)) == size + 1


def test_write_ledger_xlsx_streams_to_a_file(tmp_path, staff):
    ledger_rows(3)
    path = tmp_path / "ledger.xlsx"
    assert ledger.write_ledger_xlsx(ledger.ledger_for(staff), str(path)) == 3
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == [ledger.EXPORT_SHEET]
    assert len(list(wb.active.iter_rows(values_only=True))) == 4
    wb.close()
