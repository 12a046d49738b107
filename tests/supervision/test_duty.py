"""The supervision section of a deputy's duty record: the activities they joined, by year."""

from datetime import date

import pytest
from django.template.loader import render_to_string

from renda.core.registry import registry
from supervision.duty import activities_section
from tests.supervision.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_the_section_is_registered():
    keys = [key for _order, key, _provider in registry.duty_sections]
    assert "supervision.activities" in keys


def test_the_section_lists_the_activities_joined(me, topic, activity):
    older = ActivityFactory(
        topic=topic, kind="inspection", date=date(2025, 7, 16), place="壶口瀑布景区", deputies=[me]
    )
    ActivityFactory(topic=topic, kind="survey", date=date(2026, 3, 18))  # not joined
    section = activities_section(me)
    assert section.key == "supervision.activities"
    assert section.count == 2
    assert [row[0] for row in section.rows] == [activity.date, older.date]
    assert section.rows[1][1:] == [older.get_kind_display(), topic.title, "壶口瀑布景区"]
    html = render_to_string(section.template, section.context)
    assert activity.get_absolute_url() in html
    assert activities_section(me, year=2025).rows == [
        [older.date, older.get_kind_display(), topic.title, "壶口瀑布景区"]
    ]


def test_a_deputy_with_no_activities_gets_an_empty_section(me):
    section = activities_section(me)
    assert (section.count, section.rows) == (0, [])
    assert render_to_string(section.template, section.context)
