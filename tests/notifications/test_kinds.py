"""Every kind of email is named once, in notifications.kinds, and has its templates."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from notifications.kinds import Kind, check_email_templates, missing_email_templates
from notifications.models import Notification
from notifications.services import notification_enqueue
from tests.factories import UserFactory


def test_every_kind_has_a_subject_and_a_body_template():
    assert missing_email_templates() == []
    assert check_email_templates() == []


def test_a_kind_without_templates_is_named_by_the_check():
    missing = missing_email_templates(["application_submitted", "no_such_kind"])
    assert missing == ["emails/no_such_kind_subject.txt", "emails/no_such_kind_body.txt"]


def test_the_system_check_fails_the_start_up_when_a_template_is_missing(monkeypatch):
    monkeypatch.setattr(
        "notifications.kinds.missing_email_templates", lambda: ["emails/gone_body.txt"]
    )
    with pytest.raises(SystemCheckError, match=r"notifications\.E001"):
        call_command("check")


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_before_anything_is_written():
    person = UserFactory()
    with pytest.raises(ValueError, match=r"notifications\.kinds\.Kind"):
        notification_enqueue(recipient=person, kind="aplication_submitted", context={})
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_known_kind_is_stored_by_its_value():
    person = UserFactory()
    notification = notification_enqueue(
        recipient=person, kind=Kind.REVIEW_DIGEST, context={"url": "http://x/"}
    )
    notification.refresh_from_db()
    assert notification.kind == "review_digest"
