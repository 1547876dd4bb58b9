"""A mail server failure is counted and retried with backoff; the caller's change stays."""

import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.delivery import MAX_ATTEMPTS, deliver, retry_delay
from notifications.models import Notification
from notifications.selectors import due_notifications
from notifications.services import notification_enqueue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "application_submitted"
CONTEXT = {"tier_name_en": "Excellent", "tier_name_zh": "Excellent", "url": "http://x/"}


class BrokenBackend(BaseEmailBackend):
    """A mail server that refuses every connection."""

    def send_messages(self, email_messages):
        raise OSError("mail server down")


@pytest.fixture
def broken_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"


def test_retry_delay_grows_and_is_capped_at_an_hour():
    assert retry_delay(1) < retry_delay(2) < retry_delay(3)
    assert retry_delay(1) == datetime.timedelta(minutes=1)
    assert retry_delay(7) == datetime.timedelta(minutes=60)
    assert retry_delay(30) == datetime.timedelta(minutes=60)


def test_a_mail_server_failure_marks_the_row_for_a_retry_with_backoff(
    applicant, broken_mail, django_capture_on_commit_callbacks
):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)
    after = timezone.now()

    notification.refresh_from_db()
    assert notification.status == Notification.Status.RETRY
    assert notification.attempts == 1
    assert notification.last_error == "OSError: mail server down"
    assert before + retry_delay(1) <= notification.next_attempt_at <= after + retry_delay(1)
    assert notification.sent_at is None
    assert mail.outbox == []
    # Not due before its backoff has passed; due after.
    assert not due_notifications().filter(pk=notification.pk).exists()
    later = notification.next_attempt_at + datetime.timedelta(seconds=1)
    assert due_notifications(now=later).filter(pk=notification.pk).exists()


def test_it_gives_up_after_max_attempts(applicant, broken_mail):
    notification = notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)

    outcomes = []
    for _ in range(MAX_ATTEMPTS):
        outcomes.append(deliver(notification.pk))
        # Let the backoff pass, as the periodic resend would.
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())

    assert outcomes == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed"]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert deliver(notification.pk) == "skipped"
    far_future = timezone.now() + datetime.timedelta(days=365)
    assert not due_notifications(now=far_future).filter(pk=notification.pk).exists()


def test_a_retry_is_not_sent_again_before_its_backoff(applicant, broken_mail):
    notification = notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)
    assert deliver(notification.pk) == "retry"

    # The same id reaching a worker again (queued twice) must wait for the backoff.
    assert deliver(notification.pk) == "skipped"
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_the_backoff_grows_with_each_failure(applicant, broken_mail):
    notification = notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)

    waits = []
    for _ in range(3):
        started = timezone.now()
        deliver(notification.pk)
        notification.refresh_from_db()
        waits.append(notification.next_attempt_at - started)
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=timezone.now())

    assert waits[0] < waits[1] < waits[2]
    assert waits[2] >= retry_delay(3)


def test_a_send_failure_never_rolls_back_the_callers_change(
    applicant, broken_mail, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        newcomer = UserFactory(email="newcomer@example.org")
        notification_enqueue(recipient=newcomer, kind=KIND, context=CONTEXT)

    assert User.objects.filter(email="newcomer@example.org").exists()
    notification = Notification.objects.get(recipient__email="newcomer@example.org")
    assert notification.status == Notification.Status.RETRY
    assert mail.outbox == []


def test_a_missing_template_counts_as_a_failed_attempt(applicant):
    # A row of a kind this version no longer has (written before an upgrade) cannot be rendered.
    notification = Notification.objects.create(
        recipient=applicant, email=applicant.email, language="en", kind="no_such_kind"
    )

    assert deliver(notification.pk) == "retry"

    notification.refresh_from_db()
    assert notification.attempts == 1
    assert notification.last_error.startswith("TemplateDoesNotExist")
    assert mail.outbox == []
