"""Rendering and sending one notification, in its recipient's language."""

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .kinds import template_names
from .models import Notification
from .services import notification_claim, notification_failed, notification_sent

logger = logging.getLogger(__name__)


def render(notification: Notification) -> tuple[str, str]:
    """Subject and body from ``emails/<kind>_subject.txt`` and ``_body.txt``."""
    with translation.override(notification.language):
        context = dict(notification.context)
        subject_template, body_template = template_names(notification.kind)
        subject = render_to_string(subject_template, context)
        body = render_to_string(body_template, context)
    return " ".join(subject.split()), body


def deliver(notification_id: int) -> str:
    """Claim, render and send one notification. Returns what happened, for logs and tests."""
    if not notification_claim(notification_id):
        return "skipped"
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return "gone"
    try:
        subject, body = render(notification)
        EmailMessage(subject=subject, body=body, to=[notification.email]).send()
    except Exception as exc:  # a mail server or template failure: count it and retry later
        logger.warning("Notification %s failed: %s", notification_id, type(exc).__name__)
        return notification_failed(notification, exc)
    notification_sent(notification_id)
    return "sent"
