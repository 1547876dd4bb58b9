"""The outbox: record a notification with the change it tells of, hand it to Celery after commit.

Modules import downwards only: services → tasks → delivery, selectors → delivery.
"""

from functools import partial

from django.conf import settings
from django.db import transaction

from .kinds import Kind
from .models import Notification
from .tasks import hand_over


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
