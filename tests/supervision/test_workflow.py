"""The transition tables: which moves are legal from which state, and the computed traffic light."""

from datetime import date

import pytest

from renda.core.workflow import allowed_actions
from supervision.models import RectificationItem, ReviewOpinion
from supervision.workflow import (
    ITEM_MOVES,
    OPINION_MOVES,
    traffic_light,
    unsatisfied_majority,
)

O = ReviewOpinion.State  # noqa: E741 - short names keep the tables below readable
I = RectificationItem.State  # noqa: E741


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (O.DRAFT, ["approve"]),
        (O.APPROVED, ["send"]),
        (O.SENT, ["report"]),
        (O.REPORTED, ["close", "vote_satisfied", "vote_unsatisfied"]),
        (O.RECTIFYING_AGAIN, ["report"]),
        (O.CLOSED, []),
    ],
)
def test_opinion_moves_from_each_state(state, actions):
    assert sorted(allowed_actions(ReviewOpinion(state=state), OPINION_MOVES)) == actions


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (I.NOT_STARTED, ["complete", "start"]),
        (I.IN_PROGRESS, ["complete"]),
        (I.DONE, ["send_back", "verify"]),
        (I.VERIFIED, []),
    ],
)
def test_item_moves_from_each_state(state, actions):
    assert sorted(allowed_actions(RectificationItem(state=state), ITEM_MOVES)) == actions


def test_every_move_targets_a_real_state():
    assert {m.target for m in OPINION_MOVES.values()} <= set(O.values)
    assert {m.target for m in ITEM_MOVES.values()} <= set(I.values)


@pytest.mark.parametrize(
    ("votes", "again"),
    [
        ((10, 5, 16), True),  # 16 of 31: more than half
        ((10, 5, 15), False),  # exactly half is not more than half
        ((20, 5, 1), False),
        ((0, 0, 1), True),
    ],
)
def test_more_than_half_unsatisfied(votes, again):
    satisfied, basically, unsatisfied = votes
    assert unsatisfied_majority(satisfied=satisfied, basically=basically, unsatisfied=unsatisfied) is again


@pytest.mark.parametrize(
    ("deadline", "state", "light"),
    [
        (date(2026, 11, 29), I.IN_PROGRESS, "red"),
        (date(2026, 11, 30), I.NOT_STARTED, "yellow"),
        (date(2026, 12, 15), I.IN_PROGRESS, "yellow"),
        (date(2026, 12, 16), I.IN_PROGRESS, "green"),
        (date(2026, 1, 1), I.DONE, ""),
        (date(2026, 1, 1), I.VERIFIED, ""),
    ],
)
def test_traffic_light_is_computed_from_the_deadline(deadline, state, light):
    item = RectificationItem(deadline=deadline, state=state)
    assert traffic_light(item, today=date(2026, 11, 30)) == light
