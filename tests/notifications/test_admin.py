"""The outbox in the admin: staff can see it; anonymous visitors are sent to log in."""

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_enqueue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/notifications/notification/"
CONTEXT = {"tier_name_en": "Excellent", "tier_name_zh": "Excellent", "url": "http://x/"}


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_changelist_shows_the_outbox_to_a_superuser(client, superuser, applicant):
    notification_enqueue(recipient=applicant, kind="application_submitted", context=CONTEXT)
    client.force_login(superuser)

    response = client.get(URL)

    assert response.status_code == 200
    assert "applicant@example.org" in response.content.decode()


def test_the_changelist_redirects_anonymous_visitors_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_queue_again_sends_a_failed_row(client, superuser, applicant):
    notification = notification_enqueue(
        recipient=applicant, kind="application_submitted", context=CONTEXT
    )
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.FAILED, attempts=6
    )
    client.force_login(superuser)

    response = client.post(
        URL, {"action": "queue_again", "_selected_action": [notification.pk]}, follow=True
    )

    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
