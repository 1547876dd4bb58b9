import datetime

from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Kind
from notifications.services import notification_enqueue

from . import services
from .selectors import digest_for, reviewers


@shared_task(ignore_result=True)
def release_idle_claims() -> int:
    """Put claims nobody acted on within REVIEW_CLAIM_TIMEOUT_HOURS back in the queue (hourly)."""
    older_than = timezone.now() - datetime.timedelta(hours=settings.REVIEW_CLAIM_TIMEOUT_HOURS)
    return services.release_idle_claims(older_than=older_than)


@shared_task(ignore_result=True)
def send_review_digests() -> int:
    """Email each reviewer what waits unclaimed or overdue (daily); nothing when nothing waits."""
    sent = 0
    for reviewer in reviewers():
        digest = digest_for(reviewer)
        if digest["unclaimed"] or digest["overdue"]:
            notification_enqueue(
                recipient=reviewer,
                kind=Kind.REVIEW_DIGEST,
                context=digest
                | {
                    "url": settings.SITE_URL + reverse("reviews:queue"),
                    "sla_days": settings.REVIEW_SLA_DAYS,
                },
            )
            sent += 1
    return sent
