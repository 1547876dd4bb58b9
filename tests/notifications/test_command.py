"""``send_notifications``: the fallback that sends due rows from this process, without Celery."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from notifications import tasks
from notifications.models import Notification
from notifications.selectors import HANDOVER_GRACE
from notifications.services import notification_enqueue

pytestmark = pytest.mark.django_db

KIND = "application_submitted"
CONTEXT = {"tier_name_en": "Excellent", "tier_name_zh": "Excellent", "url": "http://x/"}


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise OSError("mail server down")


@pytest.fixture
def no_celery(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the command must not go through Celery")

    monkeypatch.setattr(tasks.send_notification, "apply_async", refuse)


def _run():
    out = StringIO()
    call_command("send_notifications", stdout=out)
    return out.getvalue().strip()


def _age(notification):
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - HANDOVER_GRACE - datetime.timedelta(seconds=1)
    )


def test_it_sends_due_rows_and_prints_a_summary(applicant, other_applicant, no_celery):
    for user in (applicant, other_applicant):
        _age(notification_enqueue(recipient=user, kind=KIND, context=CONTEXT))

    assert _run() == "sent: 2"

    assert sorted(message.to[0] for message in mail.outbox) == [
        "applicant@example.org",
        "stranger@example.org",
    ]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_it_counts_failures_in_the_summary(applicant, settings, no_celery):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    _age(notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT))

    assert _run() == "retry: 1"


def test_with_nothing_due_it_says_so(applicant, no_celery):
    notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)  # too young

    assert _run() == "nothing to send"
    assert mail.outbox == []
