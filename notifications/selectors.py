"""Reads of the outbox."""

import datetime

from django.db.models import Q
from django.utils import timezone

from .delivery import STALE_CLAIM
from .models import Notification

# Rows younger than this are still on their way through the normal hand-over.
HANDOVER_GRACE = datetime.timedelta(seconds=30)


def due_notifications(now=None):
    """Rows to (re)send now: never handed over, due for a retry, or claimed by a dead worker."""
    now = now or timezone.now()
    return Notification.objects.filter(
        Q(status=Notification.Status.PENDING, created_at__lte=now - HANDOVER_GRACE)
        | Q(status=Notification.Status.RETRY, next_attempt_at__isnull=True)
        | Q(status=Notification.Status.RETRY, next_attempt_at__lte=now)
        | Q(status=Notification.Status.SENDING, claimed_at__lte=now - STALE_CLAIM)
    ).order_by("pk")
