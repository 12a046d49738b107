"""Fixtures of the supervision tests: a topic with a work-report activity, a sent opinion to the county
government with items for the two test units, and the deputy account's Deputy row."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from supervision.models import ReviewOpinion
from tests.supervision.factories import (
    ActivityFactory,
    ItemFactory,
    OpinionFactory,
    StateBodyFactory,
    SupervisionDeputyFactory,
    TopicFactory,
)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def body(db):
    return StateBodyFactory()


@pytest.fixture
def me(deputy):
    """The Deputy row of the `deputy` account."""
    return SupervisionDeputyFactory(name="冯志刚", user=deputy)


@pytest.fixture
def topic(db):
    return TopicFactory(title="农村公路建设管理养护情况")


@pytest.fixture
def activity(topic, me):
    """A work-report activity the `deputy` account's deputy took part in."""
    return ActivityFactory(topic=topic, deputies=[me])


@pytest.fixture
def other_activity(topic):
    """An inspection no test deputy joined."""
    return ActivityFactory(topic=topic, kind="inspection", date=date(2026, 4, 1), place="文城乡")


@pytest.fixture
def draft(activity, body):
    return OpinionFactory(activity=activity, recipient=body)


@pytest.fixture
def sent(activity, body, today):
    """An opinion sent 30 days ago."""
    return OpinionFactory(
        activity=activity,
        recipient=body,
        state=ReviewOpinion.State.SENT,
        sent_on=today - timedelta(days=30),
        report_due=today + timedelta(days=60),
    )


@pytest.fixture
def item(sent, unit, today):
    """An item of `unit` due in 40 days."""
    return ItemFactory(opinion=sent, unit=unit, deadline=today + timedelta(days=40))


@pytest.fixture
def item2(sent, unit2, today):
    """An item of `unit2` on the same opinion."""
    return ItemFactory(opinion=sent, unit=unit2, deadline=today + timedelta(days=40))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Uploaded evidence goes to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
