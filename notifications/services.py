"""The outbox: record a notification with the change it tells of, hand it to Celery after commit.

Modules import downwards only: services → tasks → delivery, selectors → delivery.
"""

from functools import partial

from django.conf import settings
from django.db import transaction

from .kinds import Kind
from .models import Notification
from .tasks import hand_over, hand_over_batch

# Emails to many people at once (an offer granted to every holder) are written and handed to
# Celery this many at a time: one insert and one task per batch, not one per person.
BATCH_SIZE = 200


def _check_kind(kind) -> None:
    if kind not in Kind.values:
        raise ValueError(f"Unknown notification kind {kind!r}: add it to notifications.kinds.Kind")


def _row(recipient, kind, context) -> Notification:
    return Notification(
        recipient=recipient,
        email=recipient.email,
        language=getattr(recipient, "language", "") or settings.LANGUAGE_CODE,
        kind=kind,
        context=context,
    )


def notification_enqueue(*, recipient, kind: Kind, context: dict) -> Notification:
    """Record an email for ``recipient`` in the current transaction; queue it once it commits.

    A broker that cannot be reached never fails the caller: the row stays pending and the
    periodic resend picks it up. An unknown kind is a programming error, refused here rather
    than failing in the worker.
    """
    _check_kind(kind)
    notification = _row(recipient, kind, context)
    notification.save()
    transaction.on_commit(partial(hand_over, notification.pk), robust=True)
    return notification


def notification_enqueue_many(*, kind: Kind, messages, batch_size: int = BATCH_SIZE) -> int:
    """Record one email of ``kind`` per ``(recipient, context)`` in ``messages`` in the current
    transaction, in batches; after commit each batch is one task that sends its emails in turn.
    Returns how many were recorded."""
    _check_kind(kind)
    rows = [_row(recipient, kind, context) for recipient, context in messages]
    for start in range(0, len(rows), batch_size):
        batch = Notification.objects.bulk_create(rows[start : start + batch_size])
        transaction.on_commit(partial(hand_over_batch, [row.pk for row in batch]), robust=True)
    return len(rows)


def notification_enqueue_to_address(
    *, email: str, language: str, kind: Kind, context: dict
) -> Notification:
    """Record an email for someone without an account (an invitation) in the current
    transaction; queue it once it commits. ``language`` is the one chosen for them."""
    _check_kind(kind)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    notification = Notification.objects.create(
        recipient=None, email=email, language=language, kind=kind, context=context
    )
    transaction.on_commit(partial(hand_over, notification.pk), robust=True)
    return notification


def notifications_enqueue_to_addresses(
    *, kind: Kind, invitations: list[tuple[str, str, dict]], batch_size: int = BATCH_SIZE
) -> int:
    """``notification_enqueue_to_address`` for many at once (``(email, language, context)``
    each), in batches as ``notification_enqueue_many``: one insert and, after commit, one task
    per batch. Returns how many were recorded."""
    _check_kind(kind)
    languages = dict(settings.LANGUAGES)
    rows = [
        Notification(
            recipient=None,
            email=email,
            language=language if language in languages else settings.LANGUAGE_CODE,
            kind=kind,
            context=context,
        )
        for email, language, context in invitations
    ]
    for start in range(0, len(rows), batch_size):
        batch = Notification.objects.bulk_create(rows[start : start + batch_size])
        transaction.on_commit(partial(hand_over_batch, [row.pk for row in batch]), robust=True)
    return len(rows)
