"""Fixtures of the liaison tests: two stations in two townships, a deputy account placed at the first,
a held reception they attended, and an opinion raised there."""

import pytest

from deputies.models import Level
from tests.factories import TownshipFactory
from tests.liaison.factories import (
    AssignmentFactory,
    LiaisonDeputyFactory,
    OpinionFactory,
    PointFactory,
    ReceptionFactory,
    StationFactory,
)


@pytest.fixture
def township(db):
    return TownshipFactory(name="吉昌镇")


@pytest.fixture
def township2(db):
    return TownshipFactory(name="屯里镇")


@pytest.fixture
def station(township):
    return StationFactory(name="吉昌镇人大代表联络站", township=township)


@pytest.fixture
def station2(township2):
    return StationFactory(name="屯里镇人大代表联络站", township=township2, address="屯里镇人民政府院内")


@pytest.fixture
def point(station):
    return PointFactory(station=station, name="桑峨村人大代表联络点", village="桑峨村")


@pytest.fixture
def point2(station2):
    return PointFactory(station=station2, name="上田村人大代表联络点", village="上田村")


@pytest.fixture
def me(deputy, station, point):
    """The Deputy row of the `deputy` account, a county deputy placed at `station`, point `point`."""
    person = LiaisonDeputyFactory(name="张志强", user=deputy, levels=[Level.COUNTY])
    AssignmentFactory(deputy=person, station=station, point=point)
    return person


@pytest.fixture
def other_deputy(deputy2, station2):
    """The `deputy2` account's Deputy, placed at the other station."""
    person = LiaisonDeputyFactory(name="刘丽娟", user=deputy2, levels=[Level.TOWNSHIP])
    AssignmentFactory(deputy=person, station=station2)
    return person


@pytest.fixture
def reception(station, me):
    """A reception held at my station, which I attended."""
    return ReceptionFactory(station=station, present=[me], on_duty=[me])


@pytest.fixture
def reception2(station2, other_deputy):
    """A reception held at the other station, attended by the other deputy only."""
    return ReceptionFactory(station=station2, place="屯里镇人民政府院内", present=[other_deputy])


@pytest.fixture
def opinion(reception):
    return OpinionFactory(reception=reception)


@pytest.fixture
def opinion2(reception2):
    return OpinionFactory(reception=reception2, content="上田村饮水管道老化，希望更换。")
