"""The whole journey of a suggestion in the browser: a deputy files it on a 390 px phone, staff
assign it, the unit consults the deputy and replies (category B), the deputy is unsatisfied, the unit
handles it again, the deputy is satisfied, progress is reported until it is implemented, staff close it.

Screenshots of every step go to var/screenshots/journey-*.png; the deputy's phone pages must never
scroll sideways.
"""

from datetime import date

import pytest

from deputies.models import Level
from proposals.models import Attachment, Consultation, Cosignature, Reply, State, Suggestion
from renda.accounts.roles import Role, sync_role_groups
from tests.deputies.factories import DeputyFactory
from tests.e2e.conftest import DESKTOP, PHONE, SCREENSHOTS, account, no_sideways_scrolling
from tests.factories import TermFactory, TownshipFactory, UnitFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

TITLE = "关于硬化屯里镇上田村通村道路的建议"
CONTENT = (
    "屯里镇上田村至下田村的通村道路长约3公里，仍为土路，雨后泥泞，村民出行和农产品外运十分困难。\n"
    "建议县交通运输局将该路段列入农村公路建设计划，尽快实施硬化。"
)


@pytest.fixture
def cast(transactional_db, settings, tmp_path):
    """A county deputy with an account, a co-signer, committee staff and the transport bureau's user
    (live_server tests flush the tables, so everything is made here); uploads go to a scratch folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    sync_role_groups()
    term = TermFactory(number=16, name="第十六届", is_current=True, start_date=date(2021, 10, 1))
    township = TownshipFactory(name="屯里镇")

    deputy_user = account("e2e-deputy", Role.DEPUTY, "冯志刚")
    deputy = DeputyFactory(
        name="冯志刚", user=deputy_user, township=township, levels=[Level.COUNTY], levels__term=term
    )
    cosigner = DeputyFactory(name="柴永明", township=township, levels=[Level.COUNTY], levels__term=term)
    unit = UnitFactory(name="县交通运输局")
    return {
        "deputy": deputy,
        "cosigner": cosigner,
        "staff": account("e2e-staff", Role.STAFF, "韩雪梅"),
        "unit": unit,
        "unit_user": account("e2e-unit", Role.UNIT, "赵晓东", unit=unit),
    }


def _signed_in(open_page, username, viewport):
    page = open_page(viewport, user=username)
    # Buttons with data-confirm ask first; the person in this journey always says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def _shoot(page, step):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"journey-{step}.png"), full_page=True)


def _act(page, action, fill=None):
    """Open an action's form on the detail page, fill it, send it and wait for the page to come back."""
    panel = page.locator(f"#action-{action}")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    if fill:
        fill(panel)
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    errors = page.locator(f"#action-{action} .invalid-feedback, #action-{action} .alert-danger")
    assert errors.count() == 0, errors.all_inner_texts()


def _state(suggestion):
    suggestion.refresh_from_db()
    return suggestion.state


def test_a_suggestion_from_a_phone_to_its_closing(live_server, open_page, cast):
    deputy = cast["deputy"]

    # 1. The deputy files the suggestion on the phone, with a co-signer and a PDF.
    phone = _signed_in(open_page, "e2e-deputy", PHONE)
    no_sideways_scrolling(phone)
    phone.goto(f"{live_server.url}/proposals/new/")
    no_sideways_scrolling(phone)
    phone.fill("input[name=title]", TITLE)
    phone.fill("textarea[name=content]", CONTENT)
    assert phone.locator("[data-counts=id_content]").inner_text() == str(len(CONTENT))
    phone.select_option("select[name=category]", "infrastructure")
    phone.fill("input.js-filter", "cym")  # pinyin initials of 柴永明
    phone.locator("#cosigner-list label:not(.d-none)").filter(has_text="柴永明").click()
    phone.set_input_files(
        "input[name=attachments]",
        files=[{"name": "上田村道路现状.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    no_sideways_scrolling(phone)
    _shoot(phone, "01-deputy-files-on-phone")
    with phone.expect_navigation():
        phone.click("button[name=action][value=submit]")
    assert phone.url == f"{live_server.url}/proposals/mine/"
    no_sideways_scrolling(phone)
    _shoot(phone, "02-deputy-my-suggestions")

    suggestion = Suggestion.objects.get(title=TITLE)
    assert (suggestion.state, suggestion.lead_deputy, suggestion.filed_by) == (
        State.SUBMITTED,
        deputy,
        deputy.user,
    )
    assert suggestion.content == CONTENT
    assert list(Cosignature.objects.filter(suggestion=suggestion).values_list("deputy__name", flat=True)) == [
        "柴永明"
    ]
    assert suggestion.attachments.get().content_type == "application/pdf"
    detail = f"{live_server.url}{suggestion.get_absolute_url()}"

    # 2. Staff take it up for review, then accept and assign it to the transport bureau.
    staff = _signed_in(open_page, "e2e-staff", DESKTOP)
    staff.goto(detail)
    _act(staff, "review")
    assert _state(suggestion) == State.UNDER_REVIEW
    _act(
        staff,
        "assign",
        lambda form: form.locator("select[name=assign-lead_unit]").select_option(label="县交通运输局"),
    )
    assert _state(suggestion) == State.ASSIGNED
    assert suggestion.lead_unit == cast["unit"]
    assert suggestion.number == 1
    _shoot(staff, "03-staff-assigns")

    # 3. The unit accepts it, consults the deputy in person and replies with category B.
    unit = _signed_in(open_page, "e2e-unit", DESKTOP)
    unit.goto(detail)
    _act(unit, "accept")
    assert _state(suggestion) == State.IN_PROGRESS

    def consult(form):
        form.locator("input[name=consult-way][value=in_person]").check()
        form.locator("textarea[name=consult-notes]").fill("到上田村实地查看，与冯志刚代表当面沟通。")

    _act(unit, "consult", consult)
    assert Consultation.objects.get(suggestion=suggestion).way == Consultation.Way.IN_PERSON

    def reply_b(text):
        def fill(form):
            form.locator("input[name=reply-outcome][value=B]").check()
            form.locator("textarea[name=reply-text]").fill(text)

        return fill

    _act(unit, "reply", reply_b("该路段已列入2027年农村公路建设计划，资金落实后实施硬化。"))
    assert _state(suggestion) == State.REPLIED
    assert suggestion.outcome == "B"
    _shoot(unit, "04-unit-consults-and-replies-b")

    # 4. The deputy opens it from "my suggestions" on the phone and is unsatisfied.
    phone.goto(f"{live_server.url}/proposals/mine/")
    no_sideways_scrolling(phone)
    with phone.expect_navigation():
        phone.click(f"a[href='{suggestion.get_absolute_url()}#action-rate']")
    no_sideways_scrolling(phone)

    def rate(satisfaction, comment=""):
        def fill(form):
            form.locator(f"input[name=rate-satisfaction][value={satisfaction}]").check()
            if comment:
                form.locator("textarea[name=rate-comment]").fill(comment)

        return fill

    _act(phone, "rate", rate("unsatisfied", "答复只说列入计划，没有开工时间，请明确时间表。"))
    assert _state(suggestion) == State.REHANDLING
    assert suggestion.rehandling_rounds == 1
    no_sideways_scrolling(phone)
    _shoot(phone, "05-deputy-unsatisfied-on-phone")

    # 5. The unit handles it again and replies with a timetable.
    unit.goto(detail)
    _act(unit, "reply", reply_b("已明确：2027年4月开工，10月底前完成3公里路面硬化。"))
    assert _state(suggestion) == State.REPLIED
    assert Reply.objects.filter(suggestion=suggestion).count() == 2
    _shoot(unit, "06-unit-replies-again")

    # 6. The deputy is satisfied: a B reply stays open until it is implemented.
    phone.goto(detail)
    no_sideways_scrolling(phone)
    _act(phone, "rate", rate("satisfied"))
    assert _state(suggestion) == State.IMPLEMENTING
    assert suggestion.satisfaction == "satisfied"
    no_sideways_scrolling(phone)
    _shoot(phone, "07-deputy-satisfied-on-phone")

    # 7. The unit reports progress, the last one with evidence, until the road is done.
    unit.goto(detail)

    def progress(text, done=False, evidence=False):
        def fill(form):
            form.locator("textarea[name=progress-text]").fill(text)
            if done:
                form.locator("input[name=progress-is_done]").check()
            if evidence:
                form.locator("input[name=progress-evidence]").set_input_files(
                    files=[{"name": "竣工验收单.pdf", "mimeType": "application/pdf", "buffer": PDF}]
                )

        return fill

    _act(unit, "progress", progress("路基工程已完成，正在铺设水泥路面。"))
    assert _state(suggestion) == State.IMPLEMENTING
    _act(unit, "progress", progress("3公里路面硬化全部完成，已通过验收。", done=True, evidence=True))
    assert suggestion.progress_updates.filter(is_done=True).count() == 1
    assert Attachment.objects.filter(suggestion=suggestion, kind=Attachment.Kind.EVIDENCE).count() == 1
    _shoot(unit, "08-unit-reports-implemented")

    # 8. Staff close it.
    staff.goto(detail)
    _act(staff, "close")
    assert _state(suggestion) == State.CLOSED
    assert suggestion.closed_at is not None
    _shoot(staff, "09-staff-closes")

    # The deputy sees the whole story on the phone.
    phone.goto(detail)
    no_sideways_scrolling(phone)
    _shoot(phone, "10-deputy-sees-it-closed-on-phone")

    for page in (phone, staff, unit):
        assert page.problems == [], page.problems
