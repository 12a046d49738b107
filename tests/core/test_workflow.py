"""The generic checked move (renda/core/workflow.py), driven through a small table on the outbox status."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from renda.core.models import OutboxMessage, Transition
from renda.core.workflow import (
    ILLEGAL_MOVE,
    UNKNOWN_ACTION,
    IllegalMove,
    Move,
    allowed_actions,
    move,
    transitions_of,
)

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status

MOVES = {
    "send": Move(sources={Status.PENDING}, target=Status.SENT, label=_("send")),
    "give_up": Move(sources={Status.PENDING}, target=Status.FAILED, label=_("give up")),
    "retry": Move(sources={Status.FAILED}, target=Status.PENDING, label=_("retry")),
}


@pytest.fixture
def message(db):
    return OutboxMessage.objects.create(
        channel=OutboxMessage.Channel.EMAIL,
        payload={"to": "someone@example.com", "subject": "s", "body": "b"},
        dedupe_key="workflow-test",
    )


def _move(obj, action, *, by, note=""):
    return move(obj, MOVES, action, by=by, note=note, state_field="status")


def test_a_legal_move_changes_the_state_and_records_who_from_where_to_where(message, staff):
    transition = _move(message, "give_up", by=staff, note="收件人已调离")

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert transition.pk is not None
    assert transition.content_type == ContentType.objects.get_for_model(OutboxMessage)
    assert transition.object_id == message.pk
    assert transition.subject == message
    assert (transition.action, transition.from_state, transition.to_state) == ("give_up", "pending", "failed")
    assert transition.by == staff
    assert transition.note == "收件人已调离"


def test_moves_build_a_history_in_order(message, staff, admin):
    _move(message, "give_up", by=staff)
    _move(message, "retry", by=admin)
    _move(message, "send", by=staff)

    history = list(transitions_of(message))
    assert [(t.from_state, t.to_state, t.by) for t in history] == [
        ("pending", "failed", staff),
        ("failed", "pending", admin),
        ("pending", "sent", staff),
    ]
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_move_by_nobody_or_anonymous_records_no_user(message):
    from django.contrib.auth.models import AnonymousUser

    assert _move(message, "give_up", by=AnonymousUser()).by is None
    assert _move(message, "retry", by=None).by is None


def test_an_illegal_move_raises_a_translated_message_and_changes_nothing(message, staff):
    message.status = Status.SENT
    message.save()

    with translation.override("en"), pytest.raises(IllegalMove) as caught:
        _move(message, "give_up", by=staff)
    assert str(caught.value) == "This item is “Sent” and cannot be “give up”."
    assert caught.value.message == str(caught.value)

    with translation.override("zh-hans"):
        expected = ILLEGAL_MOVE % {"state": str(Status.SENT.label), "action": str(_("give up"))}
        with pytest.raises(IllegalMove) as caught:
            _move(message, "give_up", by=staff)
    assert str(caught.value) == expected

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert not Transition.objects.exists()


def test_an_unknown_action_is_refused(message, staff):
    with translation.override("en"), pytest.raises(IllegalMove) as caught:
        _move(message, "publish", by=staff)
    assert str(caught.value) == "“publish” is not something that can be done here."
    with translation.override("zh-hans"), pytest.raises(IllegalMove) as caught:
        _move(message, "publish", by=staff)
    with translation.override("zh-hans"):
        assert str(caught.value) == UNKNOWN_ACTION % {"action": "publish"}
    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert not Transition.objects.exists()


def test_a_move_saves_only_the_state_and_the_named_fields(message, staff):
    # A stale copy elsewhere must not be overwritten wholesale by a move.
    OutboxMessage.objects.filter(pk=message.pk).update(last_error="set elsewhere")
    message.attempts = 5
    _move(message, "give_up", by=staff)
    message.refresh_from_db()
    assert message.last_error == "set elsewhere"
    assert message.attempts == 0

    message.attempts = 7
    move(message, MOVES, "retry", by=staff, state_field="status", update_fields=["attempts"])
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 7)


def test_allowed_actions_follow_the_table(message):
    assert allowed_actions(message, MOVES, state_field="status") == ["send", "give_up"]
    message.status = Status.FAILED
    assert allowed_actions(message, MOVES, state_field="status") == ["retry"]
    message.status = Status.SENT
    assert allowed_actions(message, MOVES, state_field="status") == []
