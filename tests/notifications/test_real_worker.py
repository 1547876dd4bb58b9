"""The outbox end to end with CI's real Redis broker and Celery worker (second pass only).

The worker writes email to files in CI_WORKER_MAIL_DIR; a unique marker in each message tells
this test's emails apart.
"""

import datetime
import os
import time
import uuid
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from notifications.selectors import HANDOVER_GRACE
from notifications.services import notification_enqueue
from notifications.tasks import resend_pending_notifications

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]


def messages_with(marker: str) -> int:
    """How many emails the worker wrote whose subject carries ``marker``."""
    folder = Path(os.environ["CI_WORKER_MAIL_DIR"])
    return sum(
        1
        for path in folder.glob("*")
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("Subject:") and marker in line
    )


def wait_until(predicate, seconds=30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def context(marker):
    return {"tier_name_en": marker, "tier_name_zh": marker, "url": "http://x/"}


def test_the_worker_sends_each_email_once_after_commit(applicant):
    marker = f"M-{uuid.uuid4().hex}"
    with transaction.atomic():
        notification = notification_enqueue(
            recipient=applicant, kind="application_submitted", context=context(marker)
        )

    assert wait_until(lambda: messages_with(marker) >= 1)
    assert wait_until(
        lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT
    )
    time.sleep(1)
    assert messages_with(marker) == 1


def test_a_dead_broker_then_a_live_one_sends_exactly_once(applicant, dead_broker):
    marker = f"M-{uuid.uuid4().hex}"
    with transaction.atomic():
        notification = notification_enqueue(
            recipient=applicant, kind="application_submitted", context=context(marker)
        )
    time.sleep(1)
    assert Notification.objects.get(pk=notification.pk).status == Notification.Status.PENDING
    assert messages_with(marker) == 0

    dead_broker()  # the broker is reachable again
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - HANDOVER_GRACE - datetime.timedelta(seconds=1)
    )
    resend_pending_notifications()

    assert wait_until(lambda: messages_with(marker) >= 1)
    assert wait_until(
        lambda: Notification.objects.get(pk=notification.pk).status == Notification.Status.SENT
    )
    resend_pending_notifications()  # nothing is due any more
    time.sleep(1)
    assert messages_with(marker) == 1
