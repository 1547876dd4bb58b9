"""Reminders before a certification ends: 60, 30 and 7 days ahead, one email each.

The daily beat task (``honor_wall.tasks.remind_expiring_certifications``) calls
``certifications_remind_expiring``. Each certification is at the stage of the nearest reminder
it has reached (29 days left: the 30-day stage); it gets that stage's email unless an
``ExpiryReminder`` row says it already did. A day the task did not run is caught up the next day
with the stage then due, never with a stale earlier one, and running twice sends nothing twice.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Kind
from notifications.services import notification_enqueue

from .models import Certification, ExpiryReminder

REMINDER_DAYS = (60, 30, 7)


def reminder_stage(expires_on: datetime.date, today: datetime.date) -> int | None:
    """The reminder due for a certification ending on ``expires_on`` (its last valid day), or
    ``None`` when it is too far off or already over."""
    days_left = (expires_on - today).days
    if days_left < 0:
        return None
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return min(due) if due else None


def expiring_certifications(today: datetime.date):
    """Valid certifications of active people ending within the first reminder's reach."""
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    return (
        Certification.objects.filter(
            status=Certification.Status.VALID,
            person__isnull=False,
            person__is_active=True,
            expires_on__gte=today,
            expires_on__lte=horizon,
        )
        # Renewed already: nothing is about to end.
        .exclude(renewal__status=Certification.Status.VALID)
        .select_related("tier", "person")
        .order_by("expires_on", "pk")
    )


def certifications_remind_expiring(*, today: datetime.date | None = None) -> int:
    """Queue the reminder due today for each certification close to its end (idempotent).
    Returns how many emails were queued."""
    today = today or timezone.localdate()
    candidates = list(expiring_certifications(today))
    already = set(
        ExpiryReminder.objects.filter(certification__in=candidates).values_list(
            "certification_id", "days_before"
        )
    )
    sent = 0
    for certification in candidates:
        stage = reminder_stage(certification.expires_on, today)
        if stage is not None and (certification.pk, stage) not in already:
            sent += _remind(certification, stage, today)
    return sent


def _remind(certification: Certification, stage: int, today: datetime.date) -> int:
    try:
        with transaction.atomic():
            _reminder, created = ExpiryReminder.objects.get_or_create(
                certification=certification, days_before=stage, defaults={"sent_on": today}
            )
            if not created:
                return 0
            tier = certification.tier
            notification_enqueue(
                recipient=certification.person,
                kind=Kind.CERTIFICATION_EXPIRING,
                context={
                    "certification": str(certification.public_id),
                    "tier_name_en": tier.name_en,
                    "tier_name_zh": tier.name_zh,
                    "expires_on": certification.expires_on.isoformat(),
                    "days_before": stage,
                    # Renewal opens with the first reminder: the link goes straight to it.
                    "url": settings.SITE_URL
                    + reverse("honor_wall:renew", args=[certification.public_id]),
                    "site_url": settings.SITE_URL,
                },
            )
    except IntegrityError:  # another run wrote the same stage at the same moment
        return 0
    return 1
