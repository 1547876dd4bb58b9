"""A small hand-built history whose every figure is worked out by hand in the tests.

Times are UTC (the settings' TIME_ZONE unless a test changes it). SLA: 7 days.

    A1 excellent  submit 2025-01-10 10:00, approve 2025-01-12 10:00 (r1)   -> certified 01-12
    A2 excellent  submit 2025-01-20 00:00, changes 2025-01-30 00:00 (r1, 10 days: late),
                  resubmit 2025-02-05 00:00, approve 2025-02-06 00:00 (r2) -> certified 02-06
    A3 reserve    submit 2025-02-01 12:00, reject  2025-02-02 12:00 (r2)
    A4 excellent  submit 2025-02-10 00:00, withdraw 2025-02-11 00:00
    A5 senior     submit 2025-03-01 00:00, still waiting
"""

import datetime

import pytest
from django.core.cache import cache

from applications.models import Application, ApplicationEvent
from applications.models.application import State
from criteria.models import Tier
from honor_wall.models import Certification
from reviews.models import Review
from tests.factories import UserFactory, reviewer_factory

UTC = datetime.UTC


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def tier(slug):
    return Tier.objects.get(slug=slug)


def event(application, action, when, actor=None, from_state="", to_state=""):
    row = ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
    )
    # Arranging history: the model stamps "now"; the test needs the past.
    ApplicationEvent.objects.filter(pk=row.pk).update(created_at=when)
    return row


def decide(application, decision, when, reviewer, round_started):
    review = Review.objects.create(
        application=application,
        reviewer=reviewer,
        round_submitted_at=round_started,
        decision=decision,
        comment="ok",
    )
    Review.objects.filter(pk=review.pk).update(created_at=when)
    event(application, decision, when, reviewer)


def application(applicant, slug, state, submitted):
    return Application.objects.create(
        applicant=applicant, tier=tier(slug), state=state, submitted_at=submitted
    )


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def r1(db):
    return reviewer_factory(email="r1@example.org")


@pytest.fixture
def r2(db):
    return reviewer_factory(email="r2@example.org")


@pytest.fixture
def history(db, r1, r2):
    """The history above; returns the applications by name."""
    people = [UserFactory(email=f"a{n}@example.org") for n in range(1, 6)]
    a1 = application(people[0], "excellent-developer", State.APPROVED, at("2025-01-10T10:00"))
    event(a1, "submit", at("2025-01-10T10:00"), people[0])
    decide(a1, "approve", at("2025-01-12T10:00"), r1, at("2025-01-10T10:00"))
    Certification.objects.create(
        person=people[0], tier=a1.tier, application=a1, awarded_on=datetime.date(2025, 1, 12)
    )

    a2 = application(people[1], "excellent-developer", State.APPROVED, at("2025-02-05T00:00"))
    event(a2, "submit", at("2025-01-20T00:00"), people[1])
    decide(a2, "request_changes", at("2025-01-30T00:00"), r1, at("2025-01-20T00:00"))
    event(a2, "resubmit", at("2025-02-05T00:00"), people[1])
    decide(a2, "approve", at("2025-02-06T00:00"), r2, at("2025-02-05T00:00"))
    Certification.objects.create(
        person=people[1], tier=a2.tier, application=a2, awarded_on=datetime.date(2025, 2, 6)
    )

    a3 = application(people[2], "evangelist-reserve", State.REJECTED, at("2025-02-01T12:00"))
    event(a3, "submit", at("2025-02-01T12:00"), people[2])
    decide(a3, "reject", at("2025-02-02T12:00"), r2, at("2025-02-01T12:00"))

    a4 = application(people[3], "excellent-developer", State.WITHDRAWN, at("2025-02-10T00:00"))
    event(a4, "submit", at("2025-02-10T00:00"), people[3])
    event(a4, "withdraw", at("2025-02-11T00:00"), people[3])

    a5 = application(people[4], "senior-developer", State.SUBMITTED, at("2025-03-01T00:00"))
    event(a5, "submit", at("2025-03-01T00:00"), people[4])
    return {"a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5, "people": people}
