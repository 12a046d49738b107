"""The transition table of suggestions: which action leads from which states to which state."""

import pytest
from django.utils import translation

from proposals.models import FINAL, State
from proposals.workflow import MOVES
from renda.core.workflow import ILLEGAL_MOVE, IllegalMove, allowed_actions, move
from tests.proposals.factories import SuggestionFactory

S = State
EXPECTED = {
    "submit": ({S.DRAFT, S.RETURNED}, S.SUBMITTED),
    "withdraw": ({S.DRAFT, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN),
    "review": ({S.SUBMITTED}, S.UNDER_REVIEW),
    "return": ({S.SUBMITTED, S.UNDER_REVIEW}, S.RETURNED),
    "reject": ({S.SUBMITTED, S.UNDER_REVIEW}, S.REJECTED),
    "merge": ({S.SUBMITTED, S.UNDER_REVIEW}, S.MERGED),
    "assign": ({S.SUBMITTED, S.UNDER_REVIEW, S.TRANSFER_REQUESTED}, S.ASSIGNED),
    "accept": ({S.ASSIGNED}, S.IN_PROGRESS),
    "request_transfer": ({S.ASSIGNED}, S.TRANSFER_REQUESTED),
    "refuse_transfer": ({S.TRANSFER_REQUESTED}, S.IN_PROGRESS),
    "extend": ({S.ASSIGNED, S.IN_PROGRESS}, S.EXTENDED),
    "reply": ({S.ASSIGNED, S.IN_PROGRESS, S.EXTENDED, S.REHANDLING}, S.REPLIED),
    "rate": ({S.REPLIED}, S.EVALUATED),
    "rehandle": ({S.REPLIED}, S.REHANDLING),
    "implement": ({S.EVALUATED}, S.IMPLEMENTING),
    "close": ({S.EVALUATED, S.IMPLEMENTING}, S.CLOSED),
}


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_move_has_the_expected_sources_and_target(action):
    sources, target = EXPECTED[action]
    assert set(MOVES[action].sources) == sources
    assert MOVES[action].target == target


def test_the_table_has_no_other_moves():
    assert set(MOVES) == set(EXPECTED)


@pytest.mark.parametrize("state", list(State))
def test_allowed_actions_per_state(state):
    class Row:
        pass

    row = Row()
    row.state = state
    expected = {a for a, (sources, _t) in EXPECTED.items() if state in sources}
    assert set(allowed_actions(row, MOVES)) == expected


@pytest.mark.parametrize("state", FINAL)
def test_final_states_have_no_way_out(state):
    assert not any(state in move_.sources for move_ in MOVES.values())


def test_every_other_state_can_move_on():
    stuck = [s for s in State if s not in FINAL and not any(s in m.sources for m in MOVES.values())]
    assert stuck == []


def test_every_state_except_draft_is_reachable():
    targets = {m.target for m in MOVES.values()}
    assert set(State) - targets == {S.DRAFT}


@pytest.mark.django_db
def test_an_illegal_move_says_why_in_the_users_language(staff):
    suggestion = SuggestionFactory(state=S.CLOSED)
    with translation.override("en"), pytest.raises(IllegalMove) as caught:
        move(suggestion, MOVES, "reply", by=staff)
    with translation.override("en"):
        assert caught.value.message == ILLEGAL_MOVE % {"state": "Closed", "action": "replied"}
    suggestion.refresh_from_db()
    assert suggestion.state == S.CLOSED
