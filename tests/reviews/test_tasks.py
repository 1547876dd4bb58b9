"""The periodic tasks: releasing idle claims and the reviewers' daily digest."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from applications.models import Application
from applications.models.application import State
from notifications.delivery import deliver
from notifications.models import Notification
from reviews import tasks
from reviews.models import ConflictOfInterest, ReviewClaim
from reviews.services import review_claim
from tests.factories import submitted

pytestmark = pytest.mark.django_db


def idle_for(application, hours):
    when = timezone.now() - datetime.timedelta(hours=hours)
    ReviewClaim.objects.filter(application=application).update(claimed_at=when)


def digests():
    return Notification.objects.filter(kind="review_digest")


def digest_recipients():
    return sorted(digests().values_list("email", flat=True))


# --- release_idle_claims -----------------------------------------------------------------------
def test_an_idle_claim_is_released_by_the_system(reviewer, excellent):
    application = submitted(None, excellent)
    review_claim(application=application, reviewer=reviewer)
    idle_for(application, settings.REVIEW_CLAIM_TIMEOUT_HOURS + 1)

    released = tasks.release_idle_claims()

    assert released == 1
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert not ReviewClaim.objects.filter(application=application).exists()
    event = application.events.order_by("-pk").first()
    assert (event.action, event.actor, event.from_state, event.to_state) == (
        "release",
        None,
        State.IN_REVIEW,
        State.SUBMITTED,
    )
    assert event.note == "Claim released: idle too long."


def test_a_fresh_claim_is_left_alone(reviewer, second_reviewer, excellent):
    idle = submitted(None, excellent)
    fresh = submitted(None, excellent)
    review_claim(application=idle, reviewer=reviewer)
    review_claim(application=fresh, reviewer=second_reviewer)
    idle_for(idle, settings.REVIEW_CLAIM_TIMEOUT_HOURS + 1)
    idle_for(fresh, settings.REVIEW_CLAIM_TIMEOUT_HOURS - 1)
    fresh_events = fresh.events.count()

    released = tasks.release_idle_claims()

    assert released == 1
    fresh.refresh_from_db()
    assert fresh.state == State.IN_REVIEW
    assert ReviewClaim.objects.get(application=fresh).reviewer == second_reviewer
    assert fresh.events.count() == fresh_events
    assert Application.objects.get(pk=idle.pk).state == State.SUBMITTED


def test_nothing_to_release_when_no_claim_is_idle(reviewer, excellent):
    application = submitted(None, excellent)
    review_claim(application=application, reviewer=reviewer)

    assert tasks.release_idle_claims() == 0
    assert Application.objects.get(pk=application.pk).state == State.IN_REVIEW


# --- send_review_digests -----------------------------------------------------------------------
def test_each_reviewer_with_something_waiting_gets_one_digest(
    reviewer, second_reviewer, staff, excellent
):
    submitted(None, excellent)
    submitted(None, excellent)

    sent = tasks.send_review_digests()

    assert sent == 3
    assert digest_recipients() == sorted([reviewer.email, second_reviewer.email, staff.email])
    digest = digests().get(recipient=reviewer)
    assert digest.context["unclaimed"] == 2
    assert digest.context["overdue"] == 0


def test_no_digest_for_a_reviewer_whose_only_waiting_application_is_their_own(
    reviewer, second_reviewer, staff, excellent
):
    submitted(reviewer, excellent)

    tasks.send_review_digests()

    assert digest_recipients() == sorted([second_reviewer.email, staff.email])


def test_no_digest_for_a_reviewer_conflicted_with_the_only_applicant(
    reviewer, second_reviewer, staff, applicant, excellent
):
    submitted(applicant, excellent)
    ConflictOfInterest.objects.create(reviewer=second_reviewer, applicant=applicant)

    tasks.send_review_digests()

    assert digest_recipients() == sorted([reviewer.email, staff.email])


def test_no_digest_at_all_when_the_queue_is_empty(reviewer, second_reviewer, staff):
    assert tasks.send_review_digests() == 0
    assert not digests().exists()


def test_no_digest_when_everything_is_claimed_and_within_the_sla(
    reviewer, second_reviewer, staff, excellent
):
    review_claim(application=submitted(None, excellent), reviewer=second_reviewer)

    assert tasks.send_review_digests() == 0
    assert not digests().exists()


def test_an_overdue_claimed_application_still_makes_a_digest(reviewer, second_reviewer, excellent):
    application = submitted(None, excellent)
    review_claim(application=application, reviewer=second_reviewer)
    long_ago = timezone.now() - datetime.timedelta(days=settings.REVIEW_SLA_DAYS + 2)
    Application.objects.filter(pk=application.pk).update(submitted_at=long_ago)

    tasks.send_review_digests()

    digest = digests().get(recipient=reviewer)
    assert (digest.context["unclaimed"], digest.context["overdue"]) == (0, 1)
    assert [item["id"] for item in digest.context["oldest"]] == [application.pk]


def test_the_digest_email_renders_with_the_count(reviewer, excellent):
    overdue = submitted(None, excellent)
    submitted(None, excellent)
    long_ago = timezone.now() - datetime.timedelta(days=settings.REVIEW_SLA_DAYS + 2)
    Application.objects.filter(pk=overdue.pk).update(submitted_at=long_ago)
    tasks.send_review_digests()
    digest = digests().get(recipient=reviewer)
    mail.outbox.clear()

    assert deliver(digest.pk) == "sent"

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [reviewer.email]
    assert message.subject == "2 applications wait for a reviewer"
    assert "2 applications are waiting for a reviewer to claim them." in message.body
    assert f"1 has waited longer than {settings.REVIEW_SLA_DAYS} days:" in message.body
    assert f"- #{overdue.pk} Excellent Developer ({long_ago.date().isoformat()})" in message.body
    assert settings.SITE_URL + "/reviews/" in message.body
    digest.refresh_from_db()
    assert digest.status == Notification.Status.SENT
