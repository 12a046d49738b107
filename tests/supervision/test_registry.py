"""Supervision's menu entries and work-queue counts in core's registry."""

from datetime import timedelta

import pytest
from django.utils import translation

from renda.core.registry import registry
from supervision import services
from tests.supervision.factories import ItemFactory

pytestmark = pytest.mark.django_db


def _nav(user):
    return [e.key for e in registry.nav_for(user)]


def test_menu_entries_by_role(staff, director, unit_user, deputy):
    assert "supervision" in _nav(staff)
    assert "supervision" in _nav(director)
    assert "supervision" not in _nav(unit_user)
    assert "supervision.unit_queue" in _nav(unit_user)
    assert "supervision.unit_queue" not in _nav(staff)
    assert not {"supervision", "supervision.unit_queue"} & set(_nav(deputy))


def _queue(user):
    # Labels are compared as their English source, whatever the catalog's language.
    with translation.override("en"):
        return {str(q.label): q.count for q in registry.queue_for(user)}


def test_staff_see_overdue_reports_and_items_to_verify(staff, unit_user, sent, item, today):
    sent.report_due = today - timedelta(days=1)
    sent.save()
    services.progress_record(item=item, date=today, percent=100, text="完成", by=unit_user)
    queue = _queue(staff)
    assert queue["Review opinions whose handling report is overdue"] == 1
    assert queue["Rectification items done, awaiting verification"] == 1


def test_directors_see_opinions_to_approve_and_extensions(director, unit_user, draft, item):
    services.item_extension_request(
        item=item, reason="冬季停工", until=item.deadline + timedelta(days=30), by=unit_user
    )
    queue = _queue(director)
    assert queue["Review opinions awaiting approval"] == 1
    assert queue["Extensions of rectification items to decide"] == 1


def test_units_see_their_items_due_soon_and_overdue(unit_user, unit2_user, sent, unit, today):
    ItemFactory(opinion=sent, unit=unit, deadline=today - timedelta(days=2))
    ItemFactory(opinion=sent, unit=unit, deadline=today + timedelta(days=3))
    ItemFactory(opinion=sent, unit=unit, deadline=today + timedelta(days=60))
    queue = _queue(unit_user)
    assert queue["My rectification items due soon"] == 1
    assert queue["My rectification items overdue"] == 1
    assert _queue(unit2_user)["My rectification items overdue"] == 0
