"""Every handling service: state changes, deadlines on the real 2026 calendar, re-handling,
extensions, outcomes, conflicts, illegal moves and the notifications each change sends."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from proposals import services
from proposals.locking import CONFLICT, SuggestionChanged
from proposals.models import (
    Attachment,
    CoHandling,
    Consultation,
    Cosignature,
    NumberSequence,
    Reply,
    State,
    Suggestion,
)
from renda.core.models import Notification, Transition
from renda.core.versions import version_of
from renda.core.workflow import ILLEGAL_MOVE, IllegalMove
from tests.deputies.factories import DeputyFactory
from tests.factories import SessionFactory, UnitFactory, UserFactory
from tests.proposals.factories import SuggestionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadlines_in_step")]

ASSIGNED_ON = date(2026, 3, 2)  # a Monday


def keys(user):
    return set(Notification.objects.filter(recipient=user).values_list("key", flat=True))


def actions(suggestion):
    return list(
        Transition.objects.filter(object_id=suggestion.pk, content_type__model="suggestion").values_list(
            "action", flat=True
        )
    )


def field_errors(caught, field):
    return [str(m) for m in caught.value.message_dict[field]]


@pytest.fixture
def submitted(me, term):
    return SuggestionFactory(lead_deputy=me, term=term, title="关于加快通村公路建设的建议")


@pytest.fixture
def assigned(submitted, staff, unit_user):
    return services.suggestion_assign(
        suggestion=submitted, lead_unit=unit_user.unit, co_units=[], by=staff, today=ASSIGNED_ON
    )


@pytest.fixture
def cohandled(submitted, staff, unit_user, unit2_user):
    return services.suggestion_assign(
        suggestion=submitted,
        lead_unit=unit_user.unit,
        co_units=[unit2_user.unit],
        by=staff,
        today=ASSIGNED_ON,
    )


def _reply(suggestion, unit_user, outcome="B", today=date(2026, 5, 20)):
    return services.suggestion_reply(
        suggestion=suggestion, outcome=outcome, text="已列入2027年计划。", by=unit_user, today=today
    )


# Review ----------------------------------------------------------------------------------------------------


def test_review_takes_up_a_submitted_suggestion(submitted, staff):
    s = services.suggestion_review(suggestion=submitted, by=staff)
    assert s.state == State.UNDER_REVIEW
    assert actions(s) == ["review"]


def test_return_needs_a_note_and_tells_the_deputy(submitted, staff, deputy):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_return(suggestion=submitted, by=staff, note="  ")
    with translation.override("en"):
        assert field_errors(caught, "note") == [str(services.RETURN_NOTE_REQUIRED)]
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED

    s = services.suggestion_return(suggestion=submitted, by=staff, note="请补充具体路段。")
    assert s.state == State.RETURNED
    assert s.review_note == "请补充具体路段。"
    assert any(k.startswith(f"suggestion:{s.pk}:returned:") for k in keys(deputy))


def test_reject_needs_a_reason_and_tells_the_deputy(submitted, staff, deputy):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_reject(suggestion=submitted, by=staff, note="")
    with translation.override("en"):
        assert field_errors(caught, "note") == [str(services.REJECT_NOTE_REQUIRED)]
    s = services.suggestion_reject(suggestion=submitted, by=staff, note="属于个人诉求不予立案。")
    assert s.state == State.REJECTED
    assert any(k.startswith(f"suggestion:{s.pk}:rejected:") for k in keys(deputy))


def test_merging_keeps_every_deputys_name_on_the_target(me, other, term, staff, deputy):
    target = SuggestionFactory(lead_deputy=other, term=term)
    third = DeputyFactory(name="王建军")
    invited = DeputyFactory(name="李红梅")
    duplicate = SuggestionFactory(lead_deputy=me, term=term, cosigners=[third])
    Cosignature.objects.create(suggestion=duplicate, deputy=invited)  # never confirmed: not kept
    Cosignature.objects.create(suggestion=target, deputy=me, state=Cosignature.State.DECLINED)

    s = services.suggestion_merge(suggestion=duplicate, into=target, by=staff)

    assert s.state == State.MERGED
    assert s.merged_into == target
    confirmed = set(
        Cosignature.objects.filter(suggestion=target, state=Cosignature.State.CONFIRMED).values_list(
            "deputy", flat=True
        )
    )
    assert confirmed == {me.pk, third.pk}
    assert not Cosignature.objects.filter(suggestion=target, deputy=other).exists()
    assert not Cosignature.objects.filter(suggestion=target, deputy=invited).exists()
    assert f"suggestion:{duplicate.pk}:merged:{target.pk}" in keys(deputy)
    assert "absorb" in actions(target)


def test_merging_refuses_itself_and_a_closed_target(submitted, staff, term):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_merge(suggestion=submitted, into=submitted, by=staff)
    with translation.override("en"):
        assert field_errors(caught, "into") == [str(services.MERGE_INTO_ITSELF)]
    closed = SuggestionFactory(term=term, state=State.CLOSED)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_merge(suggestion=submitted, into=closed, by=staff)
    with translation.override("en"):
        assert field_errors(caught, "into") == [str(services.MERGE_TARGET_CLOSED)]
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


# Assignment and deadlines -------------------------------------------------------------------------------


def test_assignment_on_1_july_2026_is_due_after_national_day(submitted, staff, unit_user, unit2_user):
    s = services.suggestion_assign(
        suggestion=submitted,
        lead_unit=unit_user.unit,
        co_units=[unit2_user.unit],
        by=staff,
        today=date(2026, 7, 1),
    )
    assert s.state == State.ASSIGNED
    assert s.assigned_at == date(2026, 7, 1)
    assert s.reply_due == date(2026, 10, 8)  # 1 October falls in the National Day holiday
    assert s.transfer_due == date(2026, 7, 8)  # five working days
    co = CoHandling.objects.get(suggestion=s)
    assert co.unit == unit2_user.unit
    assert co.due == date(2026, 8, 3)  # 1 August 2026 is a Saturday
    assert (s.sequence, s.number) == ("y:16:2026", 1)
    assert s.number_label == "第十六届2026年闭会期间第001号"
    assert keys(unit_user) == {f"suggestion:{s.pk}:assigned:2026-07-01"}
    assert keys(unit2_user) == {f"suggestion:{s.pk}:assigned:2026-07-01"}


def test_a_session_suggestion_is_numbered_in_its_session(me, term, staff, unit):
    session = SessionFactory(term=term, number=3, name="第三次会议")
    first = SuggestionFactory(lead_deputy=me, term=term, session=session)
    second = SuggestionFactory(lead_deputy=me, term=term, session=session)
    between = SuggestionFactory(lead_deputy=me, term=term)
    for s in (first, second, between):
        services.suggestion_assign(suggestion=s, lead_unit=unit, by=staff, today=ASSIGNED_ON)
    for s in (first, second, between):
        s.refresh_from_db()
    assert [first.number, second.number, between.number] == [1, 2, 1]
    assert second.number_label == "第十六届第三次会议第002号"
    assert NumberSequence.objects.get(key=f"s:{session.pk}").last == 2


def test_assignment_refuses_the_lead_unit_among_co_units_and_saves_nothing(submitted, staff, unit):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_assign(suggestion=submitted, lead_unit=unit, co_units=[unit], by=staff)
    with translation.override("en"):
        assert field_errors(caught, "co_units") == [str(services.LEAD_UNIT_ALSO_CO)]
    submitted.refresh_from_db()
    assert (submitted.state, submitted.number, submitted.lead_unit) == (State.SUBMITTED, None, None)
    assert not NumberSequence.objects.exists()


def test_assignment_needs_a_lead_unit(submitted, staff):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_assign(suggestion=submitted, lead_unit=None, by=staff)
    with translation.override("en"):
        assert field_errors(caught, "lead_unit") == [str(services.LEAD_UNIT_REQUIRED)]


def test_batch_assignment_numbers_in_submission_order_and_notifies_once(me, term, staff, unit_user):
    items = [SuggestionFactory(lead_deputy=me, term=term) for _ in range(3)]
    done = services.suggestions_assign(
        suggestions=list(reversed(items)), lead_unit=unit_user.unit, by=staff, today=ASSIGNED_ON
    )
    assert [s.pk for s in done] == [s.pk for s in items]
    assert [s.number for s in done] == [1, 2, 3]
    assert all(s.state == State.ASSIGNED for s in done)
    assert Notification.objects.filter(recipient=unit_user).count() == 1


def test_batch_assignment_is_all_or_nothing(me, term, staff, unit):
    good = SuggestionFactory(lead_deputy=me, term=term)
    draft = SuggestionFactory(lead_deputy=me, term=term, state=State.DRAFT, title="草稿中的建议")
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestions_assign(suggestions=[good, draft], lead_unit=unit, by=staff, today=ASSIGNED_ON)
    assert "草稿中的建议" in caught.value.messages[0]
    good.refresh_from_db()
    assert (good.state, good.number) == (State.SUBMITTED, None)
    assert not NumberSequence.objects.filter(last__gt=0).exists()
    assert not Notification.objects.exists()


def test_batch_assignment_needs_something_ticked(staff, unit):
    with pytest.raises(ValidationError) as caught:
        services.suggestions_assign(suggestions=[], lead_unit=unit, by=staff)
    assert "suggestions" in caught.value.message_dict


# The unit --------------------------------------------------------------------------------------------------


def test_only_the_lead_unit_accepts(assigned, unit_user, unit2_user):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_accept(suggestion=assigned, by=unit2_user)
    with translation.override("en"):
        assert caught.value.messages == [str(services.NOT_LEAD_UNIT)]
    s = services.suggestion_accept(suggestion=assigned, by=unit_user)
    assert s.state == State.IN_PROGRESS


def test_a_return_request_within_five_working_days_reaches_directors_and_staff(
    assigned, unit_user, director, staff
):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_request_transfer(suggestion=assigned, reason="", by=unit_user, today=ASSIGNED_ON)
    with translation.override("en"):
        assert field_errors(caught, "reason") == [str(services.TRANSFER_REASON_REQUIRED)]
    s = services.suggestion_request_transfer(
        suggestion=assigned, reason="该路段属交通运输局管辖。", by=unit_user, today=date(2026, 3, 9)
    )
    assert s.state == State.TRANSFER_REQUESTED
    key = f"suggestion:{s.pk}:transfer_requested:2026-03-09"
    assert key in keys(director)
    assert key in keys(staff)


def test_a_return_request_after_the_working_days_is_refused(assigned, unit_user):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_request_transfer(
            suggestion=assigned, reason="不属我局职责。", by=unit_user, today=date(2026, 3, 10)
        )
    with translation.override("en"):
        assert field_errors(caught, "reason") == [str(services.TRANSFER_TOO_LATE) % {"date": "March 9, 2026"}]
    assigned.refresh_from_db()
    assert assigned.state == State.ASSIGNED


def test_an_approved_return_reassigns_with_new_deadlines_and_keeps_the_number(
    assigned, unit_user, unit2_user, director
):
    services.suggestion_request_transfer(
        suggestion=assigned, reason="非我局职责。", by=unit_user, today=ASSIGNED_ON
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_decide_transfer(suggestion=assigned, approve=True, by=director)
    with translation.override("en"):
        assert field_errors(caught, "lead_unit") == [str(services.NEW_UNIT_REQUIRED)]
    s = services.suggestion_decide_transfer(
        suggestion=assigned, approve=True, lead_unit=unit2_user.unit, by=director, today=date(2026, 7, 1)
    )
    assert s.state == State.ASSIGNED
    assert s.lead_unit == unit2_user.unit
    assert (s.number, s.reply_due) == (1, date(2026, 10, 8))
    assert f"suggestion:{s.pk}:transfer_decided:2026-07-01" in keys(unit_user)
    assert f"suggestion:{s.pk}:assigned:2026-07-01" in keys(unit2_user)


def test_a_refused_return_keeps_it_with_the_unit(assigned, unit_user, staff):
    services.suggestion_request_transfer(
        suggestion=assigned, reason="非我局职责。", by=unit_user, today=ASSIGNED_ON
    )
    s = services.suggestion_decide_transfer(suggestion=assigned, approve=False, by=staff, today=ASSIGNED_ON)
    assert s.state == State.IN_PROGRESS
    assert s.lead_unit == unit_user.unit
    assert f"suggestion:{s.pk}:transfer_decided:{ASSIGNED_ON}" in keys(unit_user)


def test_consultation_is_recorded_and_not_dated_in_the_future(assigned, unit_user):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.consultation_record(
            suggestion=assigned,
            way="phone",
            date=date(2026, 3, 20),
            notes="",
            by=unit_user,
            today=date(2026, 3, 10),
        )
    with translation.override("en"):
        assert field_errors(caught, "date") == [str(services.DATE_IN_FUTURE)]
    services.consultation_record(
        suggestion=assigned,
        way="in_person",
        date=date(2026, 3, 10),
        notes="到村实地查看",
        by=unit_user,
        today=date(2026, 3, 10),
    )
    c = Consultation.objects.get(suggestion=assigned)
    assert (c.way, c.unit, c.recorded_by) == ("in_person", unit_user.unit, unit_user)


def test_the_co_handling_unit_sends_its_opinion_once(cohandled, unit_user, unit2_user):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.cohandling_send(suggestion=cohandled, unit=unit2_user.unit, opinion=" ", by=unit2_user)
    with translation.override("en"):
        assert field_errors(caught, "opinion") == [str(services.OPINION_REQUIRED)]
    with pytest.raises(ValidationError):
        services.cohandling_send(suggestion=cohandled, unit=unit2_user.unit, opinion="同意。", by=unit_user)
    services.cohandling_send(
        suggestion=cohandled,
        unit=unit2_user.unit,
        opinion="建议列入养护计划。",
        by=unit2_user,
        today=date(2026, 3, 20),
    )
    co = CoHandling.objects.get(suggestion=cohandled)
    assert (co.opinion, co.sent_at, co.sent_by) == ("建议列入养护计划。", date(2026, 3, 20), unit2_user)
    assert f"suggestion:{cohandled.pk}:cohandling:{unit2_user.unit.pk}" in keys(unit_user)
    with pytest.raises(ValidationError):
        services.cohandling_send(suggestion=cohandled, unit=unit2_user.unit, opinion="再次", by=unit2_user)


# Extensions ----------------------------------------------------------------------------------------------


def test_an_extension_needs_a_reason(assigned, unit_user):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_request_extension(suggestion=assigned, reason="", by=unit_user)
    with translation.override("en"):
        assert field_errors(caught, "reason") == [str(services.EXTENSION_REASON_REQUIRED)]
    assigned.refresh_from_db()
    assert assigned.extension_requested_at is None


def test_an_approved_extension_gives_six_months_from_assignment(assigned, unit_user, director, staff):
    services.suggestion_request_extension(
        suggestion=assigned, reason="涉及多部门协调需要更多时间。", by=unit_user, today=date(2026, 5, 1)
    )
    assert f"suggestion:{assigned.pk}:extension_requested:2026-05-01" in keys(director)
    with pytest.raises(ValidationError):
        services.suggestion_request_extension(suggestion=assigned, reason="再次申请", by=unit_user)
    s = services.suggestion_decide_extension(
        suggestion=assigned, approve=True, by=director, today=date(2026, 5, 6)
    )
    assert s.state == State.EXTENDED
    assert s.is_extended
    assert s.reply_due == date(2026, 9, 2)
    assert f"suggestion:{s.pk}:extension_decided:2026-05-06" in keys(unit_user)


def test_a_refused_extension_keeps_the_deadline(assigned, unit_user, director):
    services.suggestion_request_extension(suggestion=assigned, reason="情况复杂。", by=unit_user)
    s = services.suggestion_decide_extension(suggestion=assigned, approve=False, by=director)
    assert s.state == State.ASSIGNED
    assert (s.is_extended, s.extension_requested_at, s.reply_due) == (False, None, date(2026, 6, 2))
    assert "refuse_extension" in actions(s)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_decide_extension(suggestion=s, approve=True, by=director)
    with translation.override("en"):
        assert caught.value.messages == [str(services.NO_EXTENSION_PENDING)]


# Replies and ratings ---------------------------------------------------------------------------------------


def test_a_reply_needs_a_category_and_text(assigned, unit_user):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_reply(suggestion=assigned, outcome="", text="", by=unit_user)
    with translation.override("en"):
        assert field_errors(caught, "outcome") == [str(services.OUTCOME_REQUIRED)]
        assert field_errors(caught, "text") == [str(services.REPLY_TEXT_REQUIRED)]
    assert not Reply.objects.exists()


def test_a_reply_asks_the_lead_deputy_to_rate_it(assigned, unit_user, deputy):
    letter = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 reply letter", content_type="application/pdf")
    s = services.suggestion_reply(
        suggestion=assigned,
        outcome="B",
        text="已列入计划。",
        by=unit_user,
        letter=letter,
        today=date(2026, 5, 20),
    )
    assert s.state == State.REPLIED
    assert (s.outcome, s.replied_at) == ("B", date(2026, 5, 20))
    reply = Reply.objects.get(suggestion=s)
    assert (reply.round, reply.unit, reply.by) == (1, unit_user.unit, unit_user)
    assert Attachment.objects.get(reply=reply).kind == Attachment.Kind.REPLY
    assert f"suggestion:{s.pk}:replied:1" in keys(deputy)


def test_a_reply_letter_that_is_not_what_it_says_is_refused(assigned, unit_user):
    fake = SimpleUploadedFile("答复函.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        services.suggestion_reply(
            suggestion=assigned, outcome="A", text="已解决。", by=unit_user, letter=fake
        )
    assert "letter" in caught.value.message_dict
    assert not Reply.objects.exists()
    assigned.refresh_from_db()
    assert assigned.state == State.ASSIGNED


def test_only_the_lead_deputy_rates(assigned, unit_user, deputy2, other):
    _reply(assigned, unit_user)
    Cosignature.objects.create(suggestion=assigned, deputy=other, state=Cosignature.State.CONFIRMED)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_rate(suggestion=assigned, satisfaction="satisfied", comment="", by=deputy2)
    with translation.override("en"):
        assert field_errors(caught, "satisfaction") == [str(services.NOT_LEAD_DEPUTY)]
    assigned.refresh_from_db()
    assert (assigned.state, assigned.satisfaction) == (State.REPLIED, "")
    assert Reply.objects.get(suggestion=assigned).satisfaction == ""


@pytest.mark.parametrize("outcome", ["B", "C"])
def test_a_satisfied_b_or_c_reply_stays_open_until_implemented(assigned, unit_user, deputy, outcome):
    _reply(assigned, unit_user, outcome=outcome)
    s = services.suggestion_rate(suggestion=assigned, satisfaction="satisfied", comment="满意", by=deputy)
    assert s.state == State.IMPLEMENTING
    assert actions(s)[-2:] == ["rate", "implement"]
    assert f"suggestion:{s.pk}:rated:1" in keys(unit_user)


@pytest.mark.parametrize(("outcome", "rating"), [("A", "satisfied"), ("D", "basically")])
def test_a_rated_a_or_d_reply_can_be_closed(assigned, unit_user, deputy, staff, outcome, rating):
    _reply(assigned, unit_user, outcome=outcome)
    s = services.suggestion_rate(suggestion=assigned, satisfaction=rating, comment="", by=deputy)
    assert s.state == State.EVALUATED
    s = services.suggestion_close(suggestion=s, by=staff, today=date(2026, 6, 1))
    assert (s.state, s.closed_at) == (State.CLOSED, date(2026, 6, 1))


def test_unsatisfied_needs_a_comment(assigned, unit_user, deputy):
    _reply(assigned, unit_user)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_rate(suggestion=assigned, satisfaction="unsatisfied", comment="", by=deputy)
    with translation.override("en"):
        assert field_errors(caught, "comment") == [str(services.UNSATISFIED_NEEDS_COMMENT)]


def test_unsatisfied_sends_it_back_for_a_second_round(assigned, unit_user, deputy):
    _reply(assigned, unit_user)
    s = services.suggestion_rate(
        suggestion=assigned,
        satisfaction="unsatisfied",
        comment="未明确时间表。",
        by=deputy,
        today=date(2026, 9, 1),
    )
    assert s.state == State.REHANDLING
    assert s.rehandling_rounds == 1
    assert s.reply_due == date(2026, 10, 8)  # one month, past the National Day holiday
    assert f"suggestion:{s.pk}:rated:1" in keys(unit_user)
    first = Reply.objects.get(suggestion=s, round=1)
    assert (first.satisfaction, first.rating_comment) == ("unsatisfied", "未明确时间表。")

    s = _reply(s, unit_user, outcome="B", today=date(2026, 9, 25))
    assert s.state == State.REPLIED
    assert Reply.objects.get(suggestion=s, round=2).replied_at == date(2026, 9, 25)
    assert f"suggestion:{s.pk}:replied:2" in keys(deputy)
    s = services.suggestion_rate(suggestion=s, satisfaction="satisfied", comment="", by=deputy)
    assert s.state == State.IMPLEMENTING
    assert (s.satisfaction, s.rehandling_rounds) == ("satisfied", 1)


def test_progress_until_implemented_then_closed(assigned, unit_user, deputy, staff):
    _reply(assigned, unit_user)
    s = services.suggestion_rate(suggestion=assigned, satisfaction="basically", comment="", by=deputy)
    services.progress_record(
        suggestion=s,
        date=date(2026, 7, 1),
        text="已完成路基勘测。",
        is_done=False,
        by=unit_user,
        today=date(2026, 7, 2),
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.suggestion_close(suggestion=s, by=staff)
    with translation.override("en"):
        assert caught.value.messages == [str(services.NOT_IMPLEMENTED_YET)]
    photo = SimpleUploadedFile("完工.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png")
    services.progress_record(
        suggestion=s,
        date=date(2026, 10, 9),
        text="道路已修缮完工。",
        is_done=True,
        by=unit_user,
        evidence=photo,
        today=date(2026, 10, 9),
    )
    assert any(k.startswith(f"suggestion:{s.pk}:implemented:") for k in keys(deputy))
    assert Attachment.objects.filter(suggestion=s, kind=Attachment.Kind.EVIDENCE).count() == 1
    s = services.suggestion_close(suggestion=s, by=staff)
    assert s.state == State.CLOSED


def test_a_progress_update_leaves_the_version_so_a_page_opened_before_still_adds_its_own(
    assigned, unit_user, deputy
):
    _reply(assigned, unit_user)
    s = services.suggestion_rate(suggestion=assigned, satisfaction="basically", comment="", by=deputy)
    shown = version_of(s)
    for text in ("已完成路基勘测。", "已完成路面铺设。"):  # two unit users, both pages shown at `shown`
        services.progress_record(
            suggestion=s,
            date=date(2026, 7, 1),
            text=text,
            is_done=False,
            by=unit_user,
            today=date(2026, 7, 2),
            version=shown,
        )
    # A progress update adds a row and overwrites nothing; only the time stamp of the row moves.
    assert version_of(Suggestion.objects.get(pk=s.pk)) == shown
    assert s.progress_updates.count() == 2


def test_progress_needs_text_and_the_implementing_state(assigned, unit_user):
    with pytest.raises(IllegalMove):
        services.progress_record(
            suggestion=assigned, date=date(2026, 3, 5), text="x", is_done=False, by=unit_user
        )
    assert not assigned.progress_updates.exists()


def test_key_suggestion_and_leader(assigned, director):
    leader = UserFactory(username="t-leader", display_name="常委会副主任", role="director")
    s = services.suggestion_mark_key(suggestion=assigned, is_key=True, leader=leader, by=director)
    assert (s.is_key, s.supervising_leader) == (True, leader)
    assert f"suggestion:{s.pk}:leader:{leader.pk}" in keys(leader)
    assert "mark_key" in actions(s)


# Conflicts and illegal moves -------------------------------------------------------------------------


def test_a_stale_page_is_told_the_suggestion_changed(submitted, staff, unit):
    shown = version_of(Suggestion.objects.get(pk=submitted.pk))
    services.suggestion_review(suggestion=submitted, by=staff, version=shown)  # the first staff member
    with translation.override("en"), pytest.raises(SuggestionChanged) as caught:
        services.suggestion_assign(suggestion=submitted, lead_unit=unit, by=staff, version=shown)
    with translation.override("en"):
        assert caught.value.message == str(CONFLICT)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.number) == (State.UNDER_REVIEW, None)


def test_an_illegal_move_has_the_workflow_message(submitted, unit_user):
    with translation.override("en"), pytest.raises(IllegalMove) as caught:
        services.suggestion_reply(suggestion=submitted, outcome="A", text="已解决。", by=unit_user)
    with translation.override("en"):
        assert caught.value.message == ILLEGAL_MOVE % {"state": "Submitted", "action": "replied"}
    assert not Reply.objects.exists()


def test_an_illegal_event_has_the_workflow_message(submitted, unit_user):
    with translation.override("en"), pytest.raises(IllegalMove) as caught:
        services.consultation_record(
            suggestion=submitted, way="phone", date=date(2026, 3, 2), notes="", by=unit_user
        )
    with translation.override("en"):
        assert caught.value.message == ILLEGAL_MOVE % {
            "state": "Submitted",
            "action": "recorded as consulted",
        }


def test_users_with_perm_finds_directors_only(director, staff, unit_user):
    assert set(services.users_with_perm("proposals.approve_extension")) == {director}
    assert set(services.users_with_perm("proposals.approve_extension", "proposals.review_suggestion")) == {
        director,
        staff,
    }
    assert UnitFactory()  # an unrelated unit changes nothing
