"""The rectification ledger's .xlsx export: the filtered rows, with the ledger's columns."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.supervision.factories import ItemFactory

pytestmark = pytest.mark.django_db


def test_the_export_has_the_filtered_rows(login, staff, sent, unit, unit2, today):
    late = ItemFactory(opinion=sent, unit=unit, deadline=today - timedelta(days=3), description="逾期事项")
    ItemFactory(opinion=sent, unit=unit2, deadline=today + timedelta(days=30), description="按期事项")
    response = login(staff).get(reverse("supervision:ledger_export") + "?overdue=1")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert len(rows[0]) == 11
    row = rows[1]
    assert row[2] == sent.title
    assert row[4] == unit.name
    assert row[5] == late.description
    assert row[6].date() == late.deadline
