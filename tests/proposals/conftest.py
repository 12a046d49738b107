"""Fixtures of the suggestion ledger: the demo-like cast of deputies linked to the deputy accounts."""

import pytest

from deputies.models import Level
from tests.deputies.factories import DeputyFactory
from tests.factories import TermFactory


@pytest.fixture
def term(db):
    return TermFactory(number=16, name="第十六届", is_current=True)


@pytest.fixture
def me(deputy, term):
    """The Deputy row of the `deputy` account."""
    return DeputyFactory(name="冯志刚", user=deputy, levels=[Level.COUNTY], levels__term=term)


@pytest.fixture
def other(deputy2, term):
    """The Deputy row of the `deputy2` account."""
    return DeputyFactory(name="薛丽娟", user=deputy2, levels=[Level.COUNTY], levels__term=term)
