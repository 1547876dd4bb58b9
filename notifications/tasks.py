from celery import shared_task

from .delivery import deliver
from .services import due_notifications, hand_over


@shared_task(ignore_result=True)
def send_notification(notification_id: int) -> str:
    """Send one outbox row (idempotent: a row already sent or being sent is skipped)."""
    return deliver(notification_id)


@shared_task(ignore_result=True)
def resend_pending_notifications() -> int:
    """Hand over what never reached the queue or is due for a retry (from the beat schedule)."""
    handed = 0
    for notification_id in due_notifications().values_list("pk", flat=True)[:500]:
        handed += hand_over(notification_id)
    return handed
