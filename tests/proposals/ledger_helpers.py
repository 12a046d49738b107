"""Builders shared by the ledger, export and scorecard tests."""

from datetime import date

from proposals.models import CoHandling, Cosignature, State
from tests.deputies.factories import DeputyFactory
from tests.factories import UnitFactory
from tests.proposals.factories import SuggestionFactory


def assigned(unit, **fields):
    """An assigned, numbered suggestion led by `unit`."""
    return SuggestionFactory(assigned=True, lead_unit=unit, **fields)


def cohandled(suggestion, unit, due=date(2026, 4, 2)):
    return CoHandling.objects.create(suggestion=suggestion, unit=unit, due=due)


def cosign(suggestion, deputy, state=Cosignature.State.CONFIRMED):
    return Cosignature.objects.create(suggestion=suggestion, deputy=deputy, state=state)


def ledger_rows(n, *, unit=None, deputy=None):
    """`n` assigned suggestions, each with two co-signers and a co-handling unit."""
    unit = unit or UnitFactory()
    co_unit = UnitFactory()
    rows = []
    for i in range(n):
        s = assigned(unit, title=f"关于第{i}号通村公路的建议", **({"lead_deputy": deputy} if deputy else {}))
        for _ in range(2):
            cosign(s, DeputyFactory())
        cohandled(s, co_unit)
        rows.append(s)
    return rows


def in_state(state, **fields):
    return SuggestionFactory(state=state, **fields)


DRAFT = State.DRAFT
