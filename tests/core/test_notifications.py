"""notify(): in-app notifications and outbox rows, once per event key, written in the caller's transaction."""

import pytest
from django.core import mail

from renda.core.models import Notification, OutboxMessage
from renda.core.services import notifications_mark_read, notify
from tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

WEBHOOK = "http://127.0.0.1:9/cgi-bin/webhook/send?key=test"


@pytest.fixture(autouse=True)
def _no_wecom(settings):
    settings.WECOM_WEBHOOK_URL = ""


def _notify(recipients, key="suggestion:12:assigned", **kwargs):
    kwargs.setdefault("title", "建议已交办")
    kwargs.setdefault("body", "请在三个月内答复。")
    kwargs.setdefault("url", "/proposals/12/")
    return notify(recipients=recipients, key=key, **kwargs)


def test_notify_writes_an_in_app_notification_and_an_email_per_recipient(unit_user, unit2_user):
    created = _notify([unit_user, unit2_user])

    assert {n.recipient for n in created} == {unit_user, unit2_user}
    for user in (unit_user, unit2_user):
        note = Notification.objects.get(recipient=user, key="suggestion:12:assigned")
        assert (note.title, note.body, note.url, note.read_at) == (
            "建议已交办",
            "请在三个月内答复。",
            "/proposals/12/",
            None,
        )
        email = OutboxMessage.objects.get(dedupe_key=f"suggestion:12:assigned:email:{user.pk}")
        assert email.channel == OutboxMessage.Channel.EMAIL
        assert email.recipient == user
        assert email.status == OutboxMessage.Status.PENDING
        assert email.attempts == 0
        assert email.payload == {
            "to": user.email,
            "subject": "建议已交办",
            "body": "请在三个月内答复。\n/proposals/12/",
        }
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WECOM).exists()


def test_notify_twice_with_the_same_key_creates_nothing_new(unit_user, deputy):
    _notify([unit_user, deputy])
    counts = (Notification.objects.count(), OutboxMessage.objects.count())
    assert counts == (2, 2)

    again = _notify([unit_user, deputy], title="另一个标题")

    assert again == []
    assert (Notification.objects.count(), OutboxMessage.objects.count()) == counts
    assert set(Notification.objects.values_list("title", flat=True)) == {"建议已交办"}


def test_a_new_recipient_of_a_known_event_is_still_told(unit_user, deputy):
    _notify([unit_user])
    created = _notify([unit_user, deputy])
    assert [n.recipient for n in created] == [deputy]
    assert OutboxMessage.objects.count() == 2


def test_another_key_is_another_event(unit_user):
    _notify([unit_user], key="suggestion:12:assigned")
    _notify([unit_user], key="suggestion:12:due-soon:2026-11-30")
    assert Notification.objects.filter(recipient=unit_user).count() == 2
    assert OutboxMessage.objects.count() == 2


def test_a_recipient_named_twice_is_told_once(unit_user):
    created = _notify([unit_user, unit_user])
    assert len(created) == 1
    assert OutboxMessage.objects.count() == 1


def test_no_email_for_a_user_without_an_address_or_when_not_asked(deputy, deputy2):
    deputy.email = ""
    deputy.save()

    _notify([deputy, deputy2], key="a", email=False)
    _notify([deputy], key="b")

    assert Notification.objects.count() == 3
    assert not OutboxMessage.objects.exists()


def test_no_wecom_row_when_the_webhook_is_not_configured(unit_user):
    _notify([unit_user], wecom=True)
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WECOM).exists()


def test_one_wecom_row_per_event_when_the_webhook_is_configured(settings, unit_user, unit2_user):
    settings.WECOM_WEBHOOK_URL = WEBHOOK

    _notify([unit_user, unit2_user], wecom=True)
    _notify([unit_user, unit2_user], wecom=True)

    wecom = OutboxMessage.objects.get(channel=OutboxMessage.Channel.WECOM)
    assert wecom.dedupe_key == "suggestion:12:assigned:wecom"
    assert wecom.recipient is None
    assert wecom.payload == {
        "msgtype": "text",
        "text": {"content": "建议已交办\n请在三个月内答复。\n/proposals/12/"},
    }
    assert OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL).count() == 2


def test_wecom_is_opt_in_per_event(settings, unit_user):
    settings.WECOM_WEBHOOK_URL = WEBHOOK
    _notify([unit_user])
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.WECOM).exists()


def test_a_rolled_back_change_leaves_no_notification(unit_user):
    from django.db import transaction

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        _notify([unit_user])
        raise Boom
    assert not Notification.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_delivery_is_queued_only_when_the_transaction_commits(
    unit_user, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify([unit_user])
    assert len(callbacks) == 1
    assert mail.outbox == []

    callbacks[0]()  # the commit: with tasks running eagerly, the e-mail goes out at once

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [unit_user.email]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT


def test_mark_read_marks_only_the_users_own_unread_notifications(deputy, deputy2):
    mine = NotificationFactory.create_batch(3, recipient=deputy)
    theirs = NotificationFactory(recipient=deputy2)

    assert notifications_mark_read(user=deputy, ids=[mine[0].pk, theirs.pk]) == 1
    assert Notification.objects.filter(recipient=deputy).unread().count() == 2
    assert notifications_mark_read(user=deputy) == 2
    assert notifications_mark_read(user=deputy) == 0
    assert Notification.objects.unread().get() == theirs
