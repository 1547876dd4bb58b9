"""The outbox: record a notification with the change it tells of, hand it to Celery after commit."""

import datetime
import logging
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .kinds import Kind
from .models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A claim older than this belongs to a worker that died mid-send: the same span after which the
# broker gives the unacknowledged task to another worker (settings.TASK_LOST_AFTER_SECONDS).
STALE_CLAIM = datetime.timedelta(seconds=settings.TASK_LOST_AFTER_SECONDS)
# Rows younger than this are still on their way through the normal hand-over.
HANDOVER_GRACE = datetime.timedelta(seconds=30)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: 1, 2, 4 … minutes, at most an hour."""
    return datetime.timedelta(minutes=min(60, 2 ** max(0, attempts - 1)))


def notification_enqueue(*, recipient, kind: Kind, context: dict) -> Notification:
    """Record an email for ``recipient`` in the current transaction; queue it once it commits.

    A broker that cannot be reached never fails the caller: the row stays pending and the
    periodic resend picks it up. An unknown kind is a programming error, refused here rather
    than failing in the worker.
    """
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}: add it to notifications.kinds.Kind")
    notification = Notification.objects.create(
        recipient=recipient,
        email=recipient.email,
        language=getattr(recipient, "language", "") or settings.LANGUAGE_CODE,
        kind=kind,
        context=context,
    )
    transaction.on_commit(partial(hand_over, notification.pk), robust=True)
    return notification


def hand_over(notification_id: int) -> bool:
    """Give the notification to Celery; ``False`` (and a log line) when the broker is down."""
    from .tasks import send_notification

    try:
        send_notification.delay(notification_id)
    except Exception:  # the broker's errors vary by transport; none may reach the user
        logger.warning(
            "Notification %s stays in the outbox: it could not be queued",
            notification_id,
            exc_info=True,
        )
        return False
    return True


def due_notifications(now=None):
    """Rows to (re)send now: never handed over, due for a retry, or claimed by a dead worker."""
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(status=Notification.Status.PENDING, created_at__lte=now - HANDOVER_GRACE)
        | Q(status=Notification.Status.RETRY, next_attempt_at__isnull=True)
        | Q(status=Notification.Status.RETRY, next_attempt_at__lte=now)
        | Q(status=Notification.Status.SENDING, claimed_at__lte=now - STALE_CLAIM)
    ).order_by("pk")


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
