"""Many emails at once are written and handed to the worker in batches."""

import pytest
from django.core import mail

from notifications.models import Notification
from notifications.services import notification_enqueue_many
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_many_emails_are_written_in_batches_each_one_task(
    django_capture_on_commit_callbacks, django_assert_num_queries
):
    people = [UserFactory() for _ in range(5)]
    messages = [
        (
            person,
            {
                "title_en": "Hoodie",
                "title_zh": "卫衣",
                "kind": "gift",
                "deadline": "",
                "tracking_number": "",
                "url": "http://x/me/benefits/",
            },
        )
        for person in people
    ]

    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        django_assert_num_queries(3),
    ):
        recorded = notification_enqueue_many(
            kind="benefit_granted", messages=messages, batch_size=2
        )

    assert recorded == 5
    assert len(callbacks) == 3
    assert Notification.objects.filter(status=Notification.Status.PENDING).count() == 5
    for callback in callbacks:
        callback()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(p.email for p in people)
    assert not Notification.objects.filter(status=Notification.Status.PENDING).exists()
