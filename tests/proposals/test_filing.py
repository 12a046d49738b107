"""The filing services: drafts, submission, co-signatures, withdrawal, staff filing on a deputy's behalf."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from deputies.models import Deputy, Level
from proposals import filing
from proposals.filing_selectors import cosigned_by, invitations_for, led_by
from proposals.locking import CONFLICT, SuggestionChanged
from proposals.models import Cosignature, State, Suggestion
from proposals.selectors import suggestion_visible_to
from renda.core.models import Notification
from renda.core.versions import EditConflict, version_of
from renda.core.workflow import IllegalMove, transitions_of
from tests.deputies.factories import DeputyFactory
from tests.factories import SessionFactory, TownshipFactory
from tests.proposals.factories import SuggestionFactory
from tests.proposals.filing_helpers import county_deputy

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadlines_in_step")]

CONTENT = "我县部分通村公路年久失修，雨季出行困难，建议列入明年计划予以修缮。"


def draft(lead, *, by=None, cosigners=(), **kwargs):
    fields = {
        "title": "关于加快通村公路建设的建议",
        "content": CONTENT,
        "category": "infrastructure",
        "session": None,
    }
    fields.update(kwargs)
    return filing.suggestion_create(lead_deputy=lead, cosigners=list(cosigners), by=by or lead.user, **fields)


def errors_of(exc_info) -> dict:
    return {field: [str(m) for m in messages] for field, messages in exc_info.value.message_dict.items()}


# Drafts ---------------------------------------------------------------------------------------------


def test_a_draft_takes_term_year_delegation_and_filer_and_invites_nobody_yet(me, other, term, staff):
    with time_machine.travel(date(2026, 7, 1)):
        suggestion = draft(me, cosigners=[other])
    assert suggestion.state == State.DRAFT
    assert (suggestion.term, suggestion.year, suggestion.session) == (term, 2026, None)
    assert suggestion.delegation == me.township
    assert suggestion.filed_by == me.user
    assert list(Cosignature.objects.values_list("deputy", "state")) == [(other.pk, Cosignature.State.INVITED)]
    # Nobody is told about a draft: co-signers are asked once it is submitted.
    assert not Notification.objects.exists()


def test_a_draft_filed_at_a_session_takes_the_sessions_year(me, term):
    session = SessionFactory(
        term=term, number=5, name="第五次会议", start_date=date(2025, 2, 18), end_date=date(2025, 2, 20)
    )
    suggestion = draft(me, session=session)
    assert (suggestion.session, suggestion.year) == (session, 2025)


def test_the_session_held_today_is_the_default(term):
    from proposals.filing_selectors import session_on

    session = SessionFactory(
        term=term, number=6, name="第六次会议", start_date=date(2026, 2, 10), end_date=date(2026, 2, 12)
    )
    assert session_on(date(2026, 2, 11)) == session
    assert session_on(date(2026, 3, 1)) is None


def test_a_session_of_another_term_is_refused(me, term):
    old = SessionFactory(number=1, name="第一次会议")
    assert old.term != term
    with pytest.raises(ValidationError) as exc:
        draft(me, session=old)
    assert errors_of(exc) == {"session": [str(filing.SESSION_NOT_IN_TERM)]}
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "expected"),
    [
        ({"title": "  "}, "title", lambda: str(filing.TITLE_REQUIRED)),
        (
            {"title": "长" * 101},
            "title",
            lambda: filing.TITLE_TOO_LONG % {"limit_value": 100, "show_value": 101},
        ),
        ({"content": ""}, "content", lambda: str(filing.CONTENT_REQUIRED)),
        (
            {"content": "字" * 5001},
            "content",
            lambda: filing.CONTENT_TOO_LONG % {"limit_value": 5000, "show_value": 5001},
        ),
        ({"category": "nonsense"}, "category", lambda: str(filing.CATEGORY_REQUIRED)),
    ],
)
def test_bad_content_is_refused_at_its_field_and_nothing_is_saved(me, fields, field, expected):
    with pytest.raises(ValidationError) as exc:
        draft(me, **fields)
    assert errors_of(exc) == {field: [expected()]}
    assert not Suggestion.objects.exists()


def test_a_cosigner_who_is_not_an_active_county_deputy_is_refused(me, term):
    resigned = county_deputy(
        term, name="退职代表", status=Deputy.Status.RESIGNED, status_date=date(2026, 1, 5)
    )
    township_only = DeputyFactory(name="乡镇代表", levels=[Level.TOWNSHIP], levels__term=term)
    with pytest.raises(ValidationError) as exc:
        draft(me, cosigners=[resigned, township_only])
    assert errors_of(exc) == {
        "cosigners": [
            filing.COSIGNER_NOT_ELIGIBLE % {"name": "退职代表"},
            filing.COSIGNER_NOT_ELIGIBLE % {"name": "乡镇代表"},
        ]
    }
    assert not Suggestion.objects.exists()
    assert not Cosignature.objects.exists()


def test_the_lead_cannot_cosign_their_own_suggestion(me):
    with pytest.raises(ValidationError) as exc:
        draft(me, cosigners=[me])
    assert errors_of(exc) == {"cosigners": [str(filing.COSIGNER_IS_LEAD)]}
    assert not Suggestion.objects.exists()


def test_without_a_current_term_nothing_can_be_filed(me, term):
    term.is_current = False
    term.save()
    with pytest.raises(ValidationError) as exc:
        draft(me)
    assert exc.value.messages == [str(filing.NO_CURRENT_TERM)]
    assert not Suggestion.objects.exists()


def test_changing_the_cosigners_keeps_answers_drops_and_invites(me, other, term):
    third = county_deputy(term, name="第三位")
    suggestion = SuggestionFactory(
        lead_deputy=me, state=State.RETURNED, term=term, filed_by=me.user, cosigners=[other]
    )
    Cosignature.objects.create(suggestion=suggestion, deputy=third)
    fourth = county_deputy(term, name="第四位")
    filing.suggestion_update(suggestion=suggestion, by=me.user, cosigners=[other, fourth])
    assert dict(Cosignature.objects.values_list("deputy__name", "state")) == {
        other.name: Cosignature.State.CONFIRMED,
        "第四位": Cosignature.State.INVITED,
    }


def test_a_submitted_suggestion_cannot_be_changed(me, term):
    suggestion = SuggestionFactory(lead_deputy=me, term=term, state=State.SUBMITTED)
    with pytest.raises(IllegalMove) as exc:
        filing.suggestion_update(suggestion=suggestion, by=me.user, title="新标题")
    assert exc.value.message == filing.NOT_EDITABLE
    suggestion.refresh_from_db()
    assert suggestion.title != "新标题"


def test_another_deputy_cannot_change_my_draft(me, other):
    suggestion = draft(me)
    with pytest.raises(IllegalMove) as exc:
        filing.suggestion_update(suggestion=suggestion, by=other.user, title="被改了")
    assert exc.value.message == filing.NOT_THE_LEAD


def test_a_stale_page_is_told_the_suggestion_changed(me):
    suggestion = draft(me)
    seen = version_of(suggestion)
    filing.suggestion_update(suggestion=suggestion, by=me.user, title="先改的标题", version=seen)
    with pytest.raises(SuggestionChanged) as exc:
        filing.suggestion_update(suggestion=suggestion, by=me.user, title="后改的标题", version=seen)
    assert isinstance(exc.value, EditConflict)  # what renda.core.viewhelpers.saved_or_none handles
    assert exc.value.message == CONFLICT
    assert exc.value.current.title == "先改的标题"
    suggestion.refresh_from_db()
    assert suggestion.title == "先改的标题"


# Submission and co-signatures -----------------------------------------------------------------------


def test_submitting_tells_the_staff_and_invites_the_cosigners(me, other, term, staff, director):
    unlinked = county_deputy(term, name="无账号代表")
    suggestion = draft(me, cosigners=[other, unlinked])
    filing.suggestion_submit(suggestion=suggestion, by=me.user, version=version_of(suggestion))
    suggestion.refresh_from_db()
    assert suggestion.state == State.SUBMITTED
    assert suggestion.submitted_at is not None
    assert [(t.action, t.from_state, t.to_state, t.by) for t in transitions_of(suggestion)] == [
        ("submit", State.DRAFT, State.SUBMITTED, me.user)
    ]
    to_staff = Notification.objects.get(key=f"suggestion:{suggestion.pk}:submitted:1")
    assert to_staff.recipient == staff  # review_suggestion: staff, not the director meeting
    invitation = Notification.objects.get(key=f"suggestion:{suggestion.pk}:cosign:{other.pk}")
    assert invitation.recipient == other.user
    assert invitation.url == f"/proposals/{suggestion.pk}/cosign/"
    # A co-signer without an account is invited on paper; nobody else is told.
    assert Notification.objects.count() == 2


def test_only_confirmed_cosigners_count(me, other, term):
    third = county_deputy(term, name="第三位", user=None)
    suggestion = draft(me, cosigners=[other, third])
    filing.suggestion_submit(suggestion=suggestion, by=me.user)
    assert list(invitations_for(other)) == [Cosignature.objects.get(deputy=other)]
    assert list(cosigned_by(other)) == []

    filing.cosignature_answer(suggestion=suggestion, deputy=other, confirm=True, by=other.user)
    assert list(invitations_for(other)) == []
    assert list(cosigned_by(other)) == [suggestion]
    row = led_by(me).get()
    assert (row.confirmed_count, row.invited_count) == (1, 1)
    note = Notification.objects.get(key=f"suggestion:{suggestion.pk}:cosign_answer:{other.pk}")
    assert note.recipient == me.user


def test_a_declining_cosigner_no_longer_sees_the_suggestion(me, other):
    suggestion = draft(me, cosigners=[other])
    assert not suggestion_visible_to(other.user).filter(pk=suggestion.pk).exists()  # a draft
    filing.suggestion_submit(suggestion=suggestion, by=me.user)
    assert suggestion_visible_to(other.user).filter(pk=suggestion.pk).exists()
    filing.cosignature_answer(suggestion=suggestion, deputy=other, confirm=False, by=other.user)
    cosignature = Cosignature.objects.get()
    assert cosignature.state == Cosignature.State.DECLINED
    assert cosignature.answered_at is not None
    assert not suggestion_visible_to(other.user).filter(pk=suggestion.pk).exists()


def test_an_invitation_is_answered_once(me, other):
    suggestion = draft(me, cosigners=[other])
    filing.suggestion_submit(suggestion=suggestion, by=me.user)
    filing.cosignature_answer(suggestion=suggestion, deputy=other, confirm=True, by=other.user)
    with pytest.raises(IllegalMove) as exc:
        filing.cosignature_answer(suggestion=suggestion, deputy=other, confirm=False, by=other.user)
    assert exc.value.message == filing.ALREADY_ANSWERED
    assert Cosignature.objects.get().state == Cosignature.State.CONFIRMED


def test_only_an_invited_deputy_answers(me, other, term):
    stranger = county_deputy(term, name="路人代表")
    suggestion = draft(me, cosigners=[other])
    filing.suggestion_submit(suggestion=suggestion, by=me.user)
    with pytest.raises(IllegalMove) as exc:
        filing.cosignature_answer(suggestion=suggestion, deputy=stranger, confirm=True, by=me.user)
    assert exc.value.message == filing.NOT_INVITED
    with pytest.raises(IllegalMove):
        filing.cosignature_answer(suggestion=suggestion, deputy=other, confirm=True, by=me.user)
    assert Cosignature.objects.get().state == Cosignature.State.INVITED


def test_an_assigned_suggestion_takes_no_more_cosignatures(me, other, term):
    suggestion = SuggestionFactory(lead_deputy=me, term=term, assigned=True)
    Cosignature.objects.create(suggestion=suggestion, deputy=other)
    with pytest.raises(IllegalMove) as exc:
        filing.cosignature_answer(suggestion=suggestion, deputy=other, confirm=True, by=other.user)
    assert exc.value.message == filing.COSIGNING_CLOSED


def test_a_returned_suggestion_is_changed_and_submitted_again(me, staff):
    suggestion = draft(me)
    filing.suggestion_submit(suggestion=suggestion, by=me.user)
    Suggestion.objects.filter(pk=suggestion.pk).update(state=State.RETURNED, review_note="请补充具体路段。")
    suggestion.refresh_from_db()
    filing.suggestion_update(
        suggestion=suggestion, by=me.user, content=CONTENT + "具体为屯里镇上田村至下田村段。", submit=True
    )
    suggestion.refresh_from_db()
    assert suggestion.state == State.SUBMITTED
    assert "上田村" in suggestion.content
    # The staff hear of each submission.
    assert (
        Notification.objects.filter(
            recipient=staff, key__startswith=f"suggestion:{suggestion.pk}:submitted:"
        ).count()
        == 2
    )


def test_submitting_again_checks_that_cosigners_are_still_in_office(me, other):
    suggestion = draft(me, cosigners=[other])
    Deputy.objects.filter(pk=other.pk).update(status=Deputy.Status.RESIGNED, status_date=date(2026, 5, 1))
    with pytest.raises(ValidationError) as exc:
        filing.suggestion_submit(suggestion=suggestion, by=me.user)
    assert errors_of(exc) == {"cosigners": [filing.COSIGNER_NOT_ELIGIBLE % {"name": other.name}]}
    suggestion.refresh_from_db()
    assert suggestion.state == State.DRAFT


# Withdrawal -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.RETURNED])
def test_the_lead_withdraws_a_draft_a_submitted_or_a_returned_suggestion(me, term, staff, state):
    suggestion = SuggestionFactory(lead_deputy=me, term=term, state=state)
    filing.suggestion_withdraw(suggestion=suggestion, by=me.user)
    suggestion.refresh_from_db()
    assert suggestion.state == State.WITHDRAWN
    told = Notification.objects.filter(recipient=staff, key=f"suggestion:{suggestion.pk}:withdrawn").exists()
    assert told is (state != State.DRAFT)


def test_an_assigned_suggestion_cannot_be_withdrawn(me, term):
    suggestion = SuggestionFactory(lead_deputy=me, term=term, assigned=True)
    with pytest.raises(IllegalMove):
        filing.suggestion_withdraw(suggestion=suggestion, by=me.user)
    suggestion.refresh_from_db()
    assert suggestion.state == State.ASSIGNED


# Staff on a deputy's behalf -------------------------------------------------------------------------


def test_staff_file_a_paper_form_for_a_deputy_and_submit_it_at_once(me, other, staff):
    suggestion = draft(me, by=staff, cosigners=[other], submit=True)
    assert suggestion.filed_by == staff
    assert suggestion.lead_deputy == me
    assert suggestion.state == State.SUBMITTED
    told = Notification.objects.get(key=f"suggestion:{suggestion.pk}:filed_for:{me.pk}")
    assert told.recipient == me.user


def test_staff_leave_a_deputys_own_draft_alone_but_change_what_they_filed(me, staff):
    own = draft(me)
    with pytest.raises(IllegalMove) as exc:
        filing.suggestion_submit(suggestion=own, by=staff)
    assert exc.value.message == filing.NOT_THE_LEAD
    entered = draft(me, by=staff)
    filing.suggestion_update(suggestion=entered, by=staff, title="工作人员改过的标题", submit=True)
    entered.refresh_from_db()
    assert (entered.title, entered.state) == ("工作人员改过的标题", State.SUBMITTED)
    # The deputy may still withdraw what staff filed for them.
    filing.suggestion_withdraw(suggestion=entered, by=me.user)


def test_a_deputy_cannot_file_for_another_deputy(me, other):
    suggestion = draft(me)
    with pytest.raises(IllegalMove) as exc:
        filing.suggestion_update(suggestion=suggestion, by=me.user, lead_deputy=other)
    assert exc.value.message == filing.NOT_THE_LEAD


def test_staff_may_name_another_lead_and_the_delegation_follows(me, term, staff):
    township = TownshipFactory(name="壶口镇")
    moved = county_deputy(term, name="壶口代表", township=township)
    suggestion = draft(me, by=staff)
    filing.suggestion_update(suggestion=suggestion, by=staff, lead_deputy=moved)
    suggestion.refresh_from_db()
    assert (suggestion.lead_deputy, suggestion.delegation) == (moved, township)


def test_submitted_at_is_the_moment_of_submission(me):
    suggestion = draft(me)
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        filing.suggestion_submit(suggestion=suggestion, by=me.user)
    suggestion.refresh_from_db()
    assert suggestion.submitted_at == moment
