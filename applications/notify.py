"""Emails to applicants, recorded in the notifications outbox inside the move's transaction.

``workflow`` calls this after each move its table marks with an email; this module knows
nothing of the workflow, so the import goes one way.
"""

from django.conf import settings
from django.urls import reverse

from notifications.kinds import Kind
from notifications.services import notification_enqueue


def application_moved(*, application, kind: Kind, action: str, event) -> None:
    """Queue the applicant's ``kind`` of email for this move (the workflow's table says which
    moves send one); nobody to tell once the account is deleted."""
    if application.applicant is None:
        return
    tier = application.tier
    notification_enqueue(
        recipient=application.applicant,
        kind=kind,
        context={
            "application_id": application.pk,
            "tier_name_en": tier.name_en,
            "tier_name_zh": tier.name_zh,
            "track": tier.track.slug,
            "action": str(action),
            "state": event.to_state,
            "comment": event.comment,
            "url": settings.SITE_URL + reverse("applications:dashboard"),
            "site_url": settings.SITE_URL,
        },
    )
