"""Emails to applicants, recorded in the notifications outbox inside the move's transaction."""

from django.conf import settings
from django.urls import reverse

from notifications.kinds import Kind
from notifications.services import notification_enqueue

from .workflow import DECISIONS, Action

EMAIL_KIND = {
    Action.SUBMIT: Kind.APPLICATION_SUBMITTED,
    Action.RESUBMIT: Kind.APPLICATION_SUBMITTED,
    **{action: Kind.APPLICATION_DECIDED for action in DECISIONS},
}


def application_moved(*, application, action, event) -> None:
    """Queue the applicant's email for this move, if the move sends one."""
    kind = EMAIL_KIND.get(action)
    if kind is None or application.applicant is None:
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
