"""The machinery every workflow uses: a transition table, one checked move, and the transition record.

An app declares its table in its own workflow.py:

    MOVES = {"accept": Move(sources={State.UNDER_REVIEW}, target=State.ASSIGNED, label=_("accept"))}

and its services call `move(obj, MOVES, "accept", by=user)` inside their transaction, after
locking the row with select_for_update(). The move checks the table, sets the new state, saves,
and writes a Transition row; an illegal move raises IllegalMove with a translated message.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.models import Transition

ILLEGAL_MOVE = _("This item is “%(state)s” and cannot be “%(action)s”.")
UNKNOWN_ACTION = _("“%(action)s” is not something that can be done here.")


class IllegalMove(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Move:
    sources: frozenset
    target: str
    label: str

    def __init__(self, *, sources, target, label):
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "label", label)


def allowed_actions(obj, moves: dict[str, Move], *, state_field: str = "state") -> list[str]:
    state = getattr(obj, state_field)
    return [action for action, move_ in moves.items() if state in move_.sources]


def state_label(obj, state_field: str, value: str) -> str:
    field = obj._meta.get_field(state_field)
    return str(dict(field.flatchoices).get(value, value))


def require_legal(obj, moves: dict[str, Move], action: str, *, state_field: str = "state") -> None:
    """Refuse an illegal move with the workflow's own message, before anything else is checked."""
    if action not in moves:
        raise IllegalMove(UNKNOWN_ACTION % {"action": action})
    current = getattr(obj, state_field)
    if current not in moves[action].sources:
        raise IllegalMove(
            ILLEGAL_MOVE % {"state": state_label(obj, state_field, current), "action": moves[action].label}
        )


def record_transition(obj: models.Model, action: str, *, from_state: str, to_state: str, by, note: str = ""):
    """Write the Transition row of `obj`; an anonymous or missing `by` is recorded as nobody."""
    return Transition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        action=action,
        from_state=from_state,
        to_state=to_state,
        by=by if by is not None and by.is_authenticated else None,
        note=note,
    )


def record_event(obj: models.Model, action: str, *, by, note: str = "", state_field: str = "state"):
    """Record an event that does not change the state (created, published, an extension asked for)."""
    state = getattr(obj, state_field)
    return record_transition(obj, action, from_state=state, to_state=state, by=by, note=note)


def move(
    obj: models.Model,
    moves: dict[str, Move],
    action: str,
    *,
    by,
    note: str = "",
    state_field: str = "state",
    update_fields: list[str] | None = None,
) -> Transition:
    """Apply `action` to `obj` if the table allows it; save and record the transition."""
    require_legal(obj, moves, action, state_field=state_field)
    spec = moves[action]
    current = getattr(obj, state_field)
    setattr(obj, state_field, spec.target)
    fields = [state_field, *(update_fields or [])]
    if any(f.name == "updated_at" for f in obj._meta.concrete_fields):
        fields.append("updated_at")
    obj.save(update_fields=fields)
    return record_transition(obj, action, from_state=current, to_state=spec.target, by=by, note=note)


def transitions_of(obj: models.Model):
    return Transition.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("by")
