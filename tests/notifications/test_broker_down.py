"""A broker that cannot be reached never fails the caller; the periodic resend catches up."""

import datetime
import logging

import pytest
from django.core import mail
from django.utils import timezone

from mindspore_growth.celery import app
from notifications.models import Notification
from notifications.selectors import HANDOVER_GRACE
from notifications.services import notification_enqueue
from notifications.tasks import resend_pending_notifications

pytestmark = pytest.mark.django_db

DEAD_BROKER = "redis://127.0.0.1:1/0"
CONTEXT = {"tier_name_en": "Excellent", "tier_name_zh": "Excellent", "url": "http://x/"}


def test_an_unreachable_broker_leaves_the_row_pending_and_the_resend_sends_it_once(
    applicant, dead_broker, django_capture_on_commit_callbacks, caplog
):
    with app.connection_for_write() as connection:
        assert (connection.transport_cls, connection.hostname, connection.port) == (
            "redis",
            "127.0.0.1",
            1,
        )

    with (
        caplog.at_level(logging.WARNING, logger="notifications.tasks"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        notification = notification_enqueue(
            recipient=applicant, kind="application_submitted", context=CONTEXT
        )

    assert len(callbacks) == 1
    assert "could not be queued" in caplog.text
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 0
    assert mail.outbox == []

    # Reachable again; the row is now older than the normal hand-over's grace.
    dead_broker()
    assert app.conf.task_always_eager is True
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - HANDOVER_GRACE - datetime.timedelta(seconds=1)
    )

    assert resend_pending_notifications() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["applicant@example.org"]

    assert resend_pending_notifications() == 0
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


def test_the_resend_leaves_young_pending_rows_to_the_normal_hand_over(applicant):
    # on_commit never fires inside the test transaction, so this row was never handed over.
    notification = notification_enqueue(
        recipient=applicant, kind="application_submitted", context=CONTEXT
    )

    assert resend_pending_notifications() == 0
    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
