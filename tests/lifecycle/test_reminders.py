"""Reminders 60, 30 and 7 days before a certification ends: one email each, in the holder's
language, with a link to renew; the daily task is idempotent and catches up a missed day."""

import datetime

import pytest
from django.test import TestCase

from honor_wall.models import Certification, ExpiryReminder
from honor_wall.reminders import certifications_remind_expiring, reminder_stage
from notifications.delivery import render
from notifications.models import Notification
from tests.factories import UserFactory, certify, make_profile

pytestmark = pytest.mark.django_db

D = datetime.date


def holder_until(expires_on, *, language="en", slug="excellent-developer"):
    person = UserFactory(language=language)
    make_profile(person)
    return certify(
        person, slug, awarded_on=expires_on - datetime.timedelta(days=700), expires_on=expires_on
    )


def run(today):
    with TestCase.captureOnCommitCallbacks(execute=False):
        return certifications_remind_expiring(today=today)


def reminders():
    return list(
        Notification.objects.filter(kind="certification_expiring")
        .order_by("pk")
        .values_list("context__days_before", flat=True)
    )


@pytest.mark.parametrize(
    ("expires_on", "today", "stage"),
    [
        # 29 February 2028: 60 days back is 31 December, 30 days back 30 January.
        (D(2028, 2, 29), D(2027, 12, 30), None),
        (D(2028, 2, 29), D(2027, 12, 31), 60),
        (D(2028, 2, 29), D(2028, 1, 29), 60),
        (D(2028, 2, 29), D(2028, 1, 30), 30),
        (D(2028, 2, 29), D(2028, 2, 22), 7),
        (D(2028, 2, 29), D(2028, 2, 29), 7),  # the last valid day
        (D(2028, 2, 29), D(2028, 3, 1), None),  # over
        # A common year: 1 March 2027 is 28 days after 1 February.
        (D(2027, 3, 1), D(2026, 12, 31), 60),
        (D(2027, 3, 1), D(2027, 1, 30), 30),
        (D(2027, 3, 1), D(2027, 1, 29), 60),
        # Month ends: 31 March.
        (D(2026, 3, 31), D(2026, 3, 1), 30),
        (D(2026, 3, 31), D(2026, 2, 28), 60),
        (D(2026, 3, 31), D(2026, 3, 24), 7),
        (D(2026, 3, 31), D(2026, 3, 23), 30),
        # Across the year's end.
        (D(2027, 1, 5), D(2026, 12, 29), 7),
        (D(2027, 1, 5), D(2026, 11, 6), 60),
        (D(2027, 1, 5), D(2026, 11, 5), None),
    ],
)
def test_the_stage_due_counts_calendar_days(expires_on, today, stage):
    assert reminder_stage(expires_on, today) == stage


def test_each_reminder_goes_once_across_the_whole_schedule():
    holder_until(D(2028, 2, 29))

    sent = [run(D(2027, 12, 31) + datetime.timedelta(days=n)) for n in range(0, 70)]

    assert sum(sent) == 3
    assert reminders() == [60, 30, 7]
    assert sent[0] == 1  # 31 December 2027: 60 days ahead
    assert sent[(D(2028, 1, 30) - D(2027, 12, 31)).days] == 1
    assert sent[(D(2028, 2, 22) - D(2027, 12, 31)).days] == 1


def test_running_twice_the_same_day_sends_nothing_twice():
    holder_until(D(2026, 3, 31))

    assert run(D(2026, 3, 1)) == 1
    assert run(D(2026, 3, 1)) == 0

    assert reminders() == [30]
    assert ExpiryReminder.objects.count() == 1


def test_a_missed_day_is_caught_up_with_the_stage_then_due_only():
    holder_until(D(2026, 3, 31))

    # The task did not run for two months: 5 days left is the 7-day stage, not three emails.
    assert run(D(2026, 3, 26)) == 1

    assert reminders() == [7]


def test_a_certification_issued_close_to_its_end_gets_only_the_stages_ahead():
    holder_until(D(2026, 3, 31))

    run(D(2026, 3, 10))  # 21 days left
    run(D(2026, 3, 25))  # 6 days left

    assert reminders() == [30, 7]


def test_revoked_expired_endless_and_far_off_certifications_get_nothing():
    revoked = holder_until(D(2026, 3, 31))
    Certification.objects.filter(pk=revoked.pk).update(status=Certification.Status.REVOKED)
    holder_until(D(2026, 2, 28))  # already over on 1 March
    holder_until(D(2026, 6, 30))  # 121 days ahead
    endless = holder_until(D(2026, 3, 31))
    Certification.objects.filter(pk=endless.pk).update(expires_on=None)

    assert run(D(2026, 3, 1)) == 0


def test_a_deactivated_account_gets_no_reminder():
    certification = holder_until(D(2026, 3, 31))
    certification.person.is_active = False
    certification.person.save()

    assert run(D(2026, 3, 1)) == 0


def test_the_email_names_the_tier_and_date_and_links_to_renew(settings):
    settings.SITE_URL = "https://growth.example.org"
    certification = holder_until(D(2026, 3, 31))

    run(D(2026, 3, 1))

    notification = Notification.objects.get(kind="certification_expiring")
    assert notification.recipient == certification.person
    subject, body = render(notification)
    assert subject == "Your Excellent Developer certification ends in 30 days"
    assert "valid until 2026-03-31" in body
    renew = f"https://growth.example.org/me/certifications/{certification.public_id}/renew/"
    assert renew in body


def test_the_email_is_in_the_holders_language():
    holder_until(D(2026, 3, 31), language="zh-hans")

    run(D(2026, 3, 24))

    subject, body = render(Notification.objects.get(kind="certification_expiring"))
    assert "优秀开发者" in subject
    assert "7 天" in subject
    assert "续期" in body
    assert "您" in body


def test_the_daily_task_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["remind-expiring-certifications"]

    assert entry["task"] == "honor_wall.tasks.remind_expiring_certifications"
    assert entry["schedule"] == 24 * 60 * 60
