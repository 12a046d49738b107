"""Every record staff may need to audit keeps its history: who changed what, and when."""

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db

# Records of the system's own bookkeeping, not of anyone's work: logs, queues, caches, counters.
NOT_AUDITED = {
    "core.Transition",  # itself the log of every state change
    "core.Notification",
    "core.OutboxMessage",
    "core.DeliveryAttempt",
    "core.Reminder",
    "core.Deadline",  # recomputed from the records by rebuild_deadlines
    "core.Submission",  # a create form's one-time token
    "core.Session",
    "core.CalendarDay",
    "core.CalendarYear",
    "dashboard.Snapshot",
    "proposals.NumberSequence",
}
# otp_totp: the second-factor devices, whose secrets are not to be copied into a history table.
FRAMEWORK = {"admin", "auth", "contenttypes", "sessions", "axes", "simple_history", "otp_totp"}


def test_every_ledger_model_has_a_history():
    missing = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in FRAMEWORK or meta.auto_created or meta.object_name.startswith("Historical"):
            continue
        if meta.label in NOT_AUDITED or not meta.managed:
            continue
        if not hasattr(model, "history"):
            missing.append(meta.label)
    assert missing == []


def test_a_reply_edited_keeps_both_versions_and_who(unit_user):
    from tests.proposals.factories import ReplyFactory

    reply = ReplyFactory()
    reply.text = "已完成道路硬化 3.2 公里。"
    reply._history_user = unit_user
    reply.save()
    versions = list(reply.history.order_by("history_date"))
    assert [v.history_type for v in versions] == ["+", "~"]
    assert versions[-1].text == "已完成道路硬化 3.2 公里。" and versions[-1].history_user == unit_user
