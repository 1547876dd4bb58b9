"""The outbox hand-over: one email after commit, nothing for a rolled-back transaction."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from notifications.models import Notification
from notifications.services import notification_enqueue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

KIND = "application_submitted"
CONTEXT = {
    "tier_name_en": "EN-TIER-NAME",
    "tier_name_zh": "ZH-TIER-NAME",
    "url": "http://testserver/applications/",
}


class Rollback(Exception):
    pass


def test_it_sends_once_after_commit_and_not_before(applicant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            notification = notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)
            assert Notification.objects.filter(pk=notification.pk).exists()
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["applicant@example.org"]
    assert "EN-TIER-NAME" in message.subject
    assert "http://testserver/applications/" in message.body
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.sent_at is not None


def test_a_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    applicant, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        notification_enqueue(recipient=applicant, kind=KIND, context=CONTEXT)
        raise Rollback

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_the_row_copies_the_recipients_address_and_language(django_capture_on_commit_callbacks):
    user = UserFactory(email="zh@example.org", language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_enqueue(recipient=user, kind=KIND, context=CONTEXT)

    notification.refresh_from_db()
    assert notification.email == "zh@example.org"
    assert notification.language == "zh-hans"
    assert notification.context == CONTEXT


def test_it_renders_in_the_rows_language_and_restores_the_callers(
    django_capture_on_commit_callbacks,
):
    # The template picks tier_name_zh when the active language is zh-hans, so the ASCII marker
    # shows which language was active while rendering, compiled translations or not.
    user = UserFactory(email="zh@example.org", language="zh-hans")

    with django_capture_on_commit_callbacks(execute=True):
        notification_enqueue(recipient=user, kind=KIND, context=CONTEXT)

    [message] = mail.outbox
    assert "ZH-TIER-NAME" in message.subject
    assert "EN-TIER-NAME" not in message.subject
    assert "ZH-TIER-NAME" in message.body
    assert translation.get_language() == "en"


def test_the_subject_is_plain_text_not_html_escaped(applicant):
    from notifications.delivery import deliver

    context = dict(CONTEXT, tier_name_en="R&D 'Expert'")
    notification = notification_enqueue(recipient=applicant, kind=KIND, context=context)

    assert deliver(notification.pk) == "sent"
    assert mail.outbox[0].subject == "Your application for R&D 'Expert' was received"
