"""Gapless numbering of accepted suggestions: one sequence per session, or per term and year between sessions.

A number is taken inside the assignment's transaction with the sequence row locked
(select_for_update), so two simultaneous acceptances get consecutive numbers, and a refused
assignment rolls the number back with everything else: no gaps, no duplicates.
"""

from django.db import IntegrityError, transaction

from proposals.models import NumberSequence, Suggestion


def sequence_key(suggestion: Suggestion) -> str:
    """ "s:<session pk>" for a session's suggestions, "y:<term number>:<year>" for those between sessions."""
    if suggestion.session_id:
        return f"s:{suggestion.session_id}"
    return f"y:{suggestion.term.number}:{suggestion.year}"


def _locked_sequence(key: str) -> NumberSequence:
    try:
        return NumberSequence.objects.select_for_update().get(key=key)
    except NumberSequence.DoesNotExist:
        pass
    try:
        # A savepoint: when another transaction created the row first, only this insert is undone.
        with transaction.atomic():
            NumberSequence.objects.create(key=key, last=0)
    except IntegrityError:
        pass
    return NumberSequence.objects.select_for_update().get(key=key)


def number_take(*, suggestion: Suggestion) -> Suggestion:
    """Give `suggestion` the next number of its sequence (in memory; the caller saves it).

    Must run inside the caller's transaction, which holds the sequence row until it commits.
    A suggestion that already has a number keeps it (re-assignment after a return by the unit).
    """
    if suggestion.number is not None:
        return suggestion
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_take must run inside the assignment's transaction")
    key = sequence_key(suggestion)
    sequence = _locked_sequence(key)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    suggestion.sequence = key
    suggestion.number = sequence.last
    return suggestion
