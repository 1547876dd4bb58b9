"""Celery's side of the outbox: handing rows over, sending them, and the periodic resend."""

import logging

from celery import shared_task

from .delivery import deliver
from .selectors import due_notifications

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def send_notification(notification_id: int) -> str:
    """Send one outbox row (idempotent: a row already sent or being sent is skipped)."""
    return deliver(notification_id)


def hand_over(notification_id: int) -> bool:
    """Give the notification to Celery; ``False`` (and a log line) when the broker is down."""
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


def hand_over_batch(notification_ids: list[int]) -> bool:
    """Give a batch to Celery as one task; ``False`` when the broker is down (the rows stay
    pending and the periodic resend hands them over one by one)."""
    try:
        send_notification_batch.delay(notification_ids)
    except Exception:  # the broker's errors vary by transport; none may reach the user
        logger.warning(
            "%s notifications stay in the outbox: they could not be queued",
            len(notification_ids),
            exc_info=True,
        )
        return False
    return True


@shared_task(ignore_result=True)
def send_notification_batch(notification_ids: list[int]) -> dict[str, int]:
    """Send a batch of outbox rows one after the other; what happened to each, counted."""
    outcomes: dict[str, int] = {}
    for notification_id in notification_ids:
        outcome = deliver(notification_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


@shared_task(ignore_result=True)
def resend_pending_notifications() -> int:
    """Hand over what never reached the queue or is due for a retry (from the beat schedule)."""
    handed = 0
    for notification_id in due_notifications().values_list("pk", flat=True)[:500]:
        handed += hand_over(notification_id)
    return handed
