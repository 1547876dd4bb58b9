"""Sending one notification: claim it, render it in its recipient's language, send, record.

A row is claimed with a compare-and-set update before sending, so it goes out once; a failure is
counted and retried with backoff.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .kinds import template_names
from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A claim older than this belongs to a worker that died mid-send: the same span after which the
# broker gives the unacknowledged task to another worker (settings.TASK_LOST_AFTER_SECONDS).
STALE_CLAIM = datetime.timedelta(seconds=settings.TASK_LOST_AFTER_SECONDS)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: 1, 2, 4 … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def notification_claim(notification_id: int) -> bool:
    """Compare-and-set: only one sender may own a row at a time."""
    now = timezone.now()
    # A retry waits for its backoff even when its id reached the queue twice.
    claimable = (
        Q(status=Notification.Status.PENDING)
        | Q(status=Notification.Status.RETRY, next_attempt_at__isnull=True)
        | Q(status=Notification.Status.RETRY, next_attempt_at__lte=now)
        | Q(status=Notification.Status.SENDING, claimed_at__lte=now - STALE_CLAIM)
    )
    return bool(
        Notification.objects.filter(claimable, pk=notification_id).update(
            status=Notification.Status.SENDING, claimed_at=now
        )
    )


def notification_sent(notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )


def notification_failed(notification: Notification, error: Exception) -> Notification.Status:
    """Count a failed attempt: retry later with backoff, or give up after ``MAX_ATTEMPTS``."""
    attempts = notification.attempts + 1
    status = Notification.Status.FAILED if attempts >= MAX_ATTEMPTS else Notification.Status.RETRY
    Notification.objects.filter(pk=notification.pk).update(
        status=status,
        attempts=attempts,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=timezone.now() + retry_delay(attempts),
    )
    return status


def render(notification: Notification) -> tuple[str, str]:
    """Subject and body from ``emails/<kind>_subject.txt`` and ``_body.txt``."""
    with translation.override(notification.language):
        context = dict(notification.context)
        subject_template, body_template = template_names(notification.kind)
        subject = render_to_string(subject_template, context)
        body = render_to_string(body_template, context)
    return " ".join(subject.split()), body


def deliver(notification_id: int) -> str:
    """Claim, render and send one notification. Returns what happened, for logs and tests."""
    if not notification_claim(notification_id):
        return "skipped"
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return "gone"
    try:
        subject, body = render(notification)
        EmailMessage(subject=subject, body=body, to=[notification.email]).send()
    except Exception as exc:  # a mail server or template failure: count it and retry later
        logger.warning("Notification %s failed: %s", notification_id, type(exc).__name__)
        return notification_failed(notification, exc)
    notification_sent(notification_id)
    return "sent"
