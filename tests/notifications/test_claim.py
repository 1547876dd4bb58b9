"""The compare-and-set claim: a row goes out once, and a dead worker's claim is taken over."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from notifications.delivery import STALE_CLAIM, deliver, notification_claim
from notifications.models import Notification
from notifications.selectors import HANDOVER_GRACE, due_notifications
from notifications.services import notification_enqueue

pytestmark = pytest.mark.django_db

KIND = "application_submitted"
CONTEXT = {"tier_name_en": "Excellent", "tier_name_zh": "Excellent", "url": "http://x/"}


@pytest.fixture
def notification(applicant):
    # Outside a captured commit the on_commit hand-over never runs: the row just waits.
    return notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)


def _claimed_ago(notification, age):
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENDING, claimed_at=timezone.now() - age
    )


def test_a_claim_succeeds_once(notification):
    assert notification_claim(notification.pk) is True
    assert notification_claim(notification.pk) is False

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENDING
    assert notification.claimed_at is not None


def test_a_retry_row_that_is_due_can_be_claimed(notification):
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.RETRY, next_attempt_at=timezone.now()
    )

    assert notification_claim(notification.pk) is True


def test_delivering_a_sent_row_is_skipped_and_sends_nothing(notification):
    assert deliver(notification.pk) == "sent"
    assert len(mail.outbox) == 1

    assert deliver(notification.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_delivering_a_row_marked_sent_elsewhere_sends_nothing(notification):
    Notification.objects.filter(pk=notification.pk).update(status=Notification.Status.SENT)

    assert deliver(notification.pk) == "skipped"
    assert mail.outbox == []


def test_delivering_a_row_another_worker_holds_is_skipped(notification):
    _claimed_ago(notification, datetime.timedelta(minutes=1))

    assert deliver(notification.pk) == "skipped"
    assert mail.outbox == []


def test_a_stale_sending_row_is_due_again_and_goes_out(notification):
    _claimed_ago(notification, STALE_CLAIM + datetime.timedelta(seconds=1))

    assert list(due_notifications().values_list("pk", flat=True)) == [notification.pk]
    assert deliver(notification.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_fresh_sending_row_is_not_due(notification):
    _claimed_ago(notification, STALE_CLAIM - datetime.timedelta(minutes=1))

    assert not due_notifications().exists()


def test_a_pending_row_is_due_only_after_the_handover_grace(notification):
    assert not due_notifications().exists()

    later = timezone.now() + HANDOVER_GRACE + datetime.timedelta(seconds=1)
    assert list(due_notifications(now=later).values_list("pk", flat=True)) == [notification.pk]


def test_a_lost_task_and_a_stale_claim_are_the_same_span_longer_than_any_task():
    from django.conf import settings

    from mindspore_growth.celery import app

    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility == STALE_CLAIM.total_seconds() == settings.TASK_LOST_AFTER_SECONDS
    assert visibility > app.conf.task_time_limit
    # After the worker dies, the email goes out within this span, not after ten minutes.
    assert datetime.timedelta(minutes=5) >= STALE_CLAIM


def test_smtp_waits_at_most_twenty_seconds_by_default(settings):
    from django.core.mail import get_connection

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert get_connection().timeout == 20
