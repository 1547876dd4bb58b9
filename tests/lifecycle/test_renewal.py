"""Renewal: an application of kind renewal for a held tier, judged on the evidence dated within
the window just ending, through the same queue; approval issues a certification that starts
the day the old one ends, and the wall keeps the date the chain began."""

import datetime

import pytest
from django.test import TestCase

from applications.errors import ApplicationRefused
from applications.models import Application, HeldTier
from applications.models.application import EvidenceWindow
from applications.selectors import held_tier_slugs
from criteria.models import Tier
from honor_wall.models import Certification, WallBadge
from honor_wall.renewal import (
    may_renew,
    renewal_evidence,
    renewal_refusal,
    renewal_start,
    renewal_window,
)
from honor_wall.selectors import wall_people
from honor_wall.services import certification_revoke
from honor_wall.validity import add_months
from mindspore_growth.errors import NotAllowed
from reviews.services import review_claim, review_decide
from tests.factories import (
    UserFactory,
    certify,
    excellent_evidence,
    make_evidence,
    make_profile,
    today,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def holder(days_left=30, *, awarded_days_ago=700, slug="excellent-developer", consent=True):
    """A person on the wall whose certification ends ``days_left`` days from today."""
    person = UserFactory()
    make_profile(person, wall_consent=consent)
    certification = certify(
        person,
        slug,
        awarded_on=today() - awarded_days_ago * DAY,
        expires_on=today() + days_left * DAY,
    )
    return person, certification


def renew(certification, **kwargs):
    person = certification.person
    return renewal_start(
        certification=certification,
        actor=person,
        evidence=kwargs.pop("evidence", None) or excellent_evidence(person),
        **kwargs,
    )


def approve(application, reviewer):
    with TestCase.captureOnCommitCallbacks(execute=True):
        review_claim(application=application, reviewer=reviewer)
        review_decide(application=application, reviewer=reviewer, decision="approve")
    return Certification.objects.get(application=application)


# --- The window ---------------------------------------------------------------------------------
def test_the_window_is_the_whole_validity_period_by_default():
    _person, certification = holder(days_left=30, awarded_days_ago=700)

    assert renewal_window(certification) == EvidenceWindow(today() - 700 * DAY, today() + 30 * DAY)


def test_staff_can_narrow_the_window_per_tier():
    Tier.objects.filter(slug="excellent-developer").update(renewal_window_months=12)
    _person, certification = holder(days_left=30)
    certification.refresh_from_db()

    end = today() + 30 * DAY
    assert renewal_window(certification) == EvidenceWindow(add_months(end, -12), end)


def test_only_evidence_dated_in_the_window_counts():
    Tier.objects.filter(slug="excellent-developer").update(renewal_window_months=12)
    person, certification = holder(days_left=30)
    certification.refresh_from_db()
    old = [
        make_evidence(person, "doc_contribution", days_ago=500),
        make_evidence(person, "tech_article", days_ago=500),
    ]

    with pytest.raises(ApplicationRefused):
        renew(certification, evidence=old)
    assert renewal_evidence(certification) == []

    recent = excellent_evidence(person)  # ten days ago
    assert renewal_evidence(certification) == sorted(item.pk for item in recent)
    application = renew(certification, evidence=old + recent)
    assert application.rules_met is True


# --- When it can be renewed ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("days_left", "renewable"),
    [
        (61, False),  # opens 60 days before the end, with the first reminder
        (60, True),
        (7, True),
        (0, True),  # the last valid day
        (-1, True),  # expired: grace period
        (-90, True),  # the grace period's last day (90 days for the seed tiers)
        (-91, False),  # after it: a new application
    ],
)
def test_renewal_opens_60_days_ahead_and_closes_after_the_grace_period(days_left, renewable):
    person, certification = holder(days_left=days_left)

    assert may_renew(certification, person) is renewable


def test_the_grace_period_is_per_tier():
    Tier.objects.filter(slug="excellent-developer").update(renewal_grace_days=10)
    person, certification = holder(days_left=-11)
    certification.refresh_from_db()

    assert "Apply for the certification anew" in renewal_refusal(certification, person)
    with pytest.raises(ApplicationRefused):
        renew(certification)


def test_after_the_grace_period_a_new_application_is_possible():
    from applications.services import application_submit

    person, certification = holder(days_left=-91)

    application = application_submit(
        applicant=person, tier=certification.tier, evidence=excellent_evidence(person)
    )
    assert application.kind == Application.Kind.NEW


def test_only_the_holder_renews():
    _person, certification = holder()

    with pytest.raises(NotAllowed):
        renewal_start(certification=certification, actor=UserFactory(), evidence=[])


def test_a_revoked_certification_cannot_be_renewed(staff):
    person, certification = holder()
    certification_revoke(certification=certification, actor=staff, reason="Copied work.")

    assert not may_renew(certification, person)


def test_a_certification_without_end_cannot_be_renewed():
    person, certification = holder()
    Certification.objects.filter(pk=certification.pk).update(expires_on=None)
    certification.refresh_from_db()

    assert "does not expire" in renewal_refusal(certification, person)


def test_one_renewal_at_a_time():
    person, certification = holder()
    renew(certification)

    assert "in progress" in renewal_refusal(certification, person)
    with pytest.raises(ApplicationRefused):
        renew(certification)


# --- The application ----------------------------------------------------------------------------
def test_a_renewal_is_an_application_of_kind_renewal_with_its_window():
    _person, certification = holder(days_left=30, awarded_days_ago=700)

    application = renew(certification)

    assert application.kind == Application.Kind.RENEWAL
    assert application.state == Application.State.SUBMITTED
    assert application.renews_certification_id == certification.pk
    assert application.evidence_window == renewal_window(certification)


def test_the_holder_keeps_the_tier_while_the_renewal_waits():
    person, certification = holder(days_left=30)
    renew(certification)

    assert held_tier_slugs(person) == {"excellent-developer"}


# --- Approval -----------------------------------------------------------------------------------
def test_approval_issues_a_certification_starting_the_day_the_old_one_ends(reviewer):
    person, old = holder(days_left=30, awarded_days_ago=700)

    new = approve(renew(old), reviewer)

    assert new.renews == old
    assert new.awarded_on == old.expires_on
    assert new.expires_on == add_months(old.expires_on, 24)
    assert new.first_awarded_on == old.awarded_on
    assert new.since == old.awarded_on
    old.refresh_from_db()
    assert old.current_status == Certification.Status.VALID  # until its own end
    held = HeldTier.objects.filter(person=person).values_list("certification_id", flat=True)
    assert set(held) == {old.pk, new.pk}


def test_an_expired_certification_renewed_in_its_grace_period_continues_the_chain(reviewer):
    person, old = holder(days_left=-20)
    # Evidence from the last ten days is after the period that ended: it does not count.
    with pytest.raises(ApplicationRefused):
        renew(old)
    in_period = [
        make_evidence(person, "doc_contribution", days_ago=30),
        make_evidence(person, "tech_article", days_ago=30),
    ]

    new = approve(renew(old, evidence=in_period), reviewer)

    assert new.awarded_on == old.expires_on
    assert new.current_status == Certification.Status.VALID


def test_the_wall_shows_the_chain_once_since_its_first_award(reviewer):
    person, old = holder(days_left=30, awarded_days_ago=700)

    new = approve(renew(old), reviewer)

    badges = WallBadge.objects.filter(entry__person=person)
    assert [(b.certification_id, b.since) for b in badges] == [(new.pk, old.awarded_on)]
    (entry,) = wall_people()
    assert [badge.certification_id for badge in entry.live_badges] == [new.pk]


def test_a_second_renewal_keeps_the_date_the_chain_began(reviewer):
    _person, first = holder(days_left=30, awarded_days_ago=700)
    second = approve(renew(first), reviewer)
    # Two years on: the renewed certification is ending in its turn.
    Certification.objects.filter(pk=second.pk).update(
        awarded_on=today() - 700 * DAY, expires_on=today() + 5 * DAY
    )
    second.refresh_from_db()

    third = approve(renew(second), reviewer)

    assert third.renews == second
    assert third.since == first.awarded_on


def test_a_renewal_cannot_be_renewed_twice(reviewer):
    person, old = holder()
    approve(renew(old), reviewer)
    old.refresh_from_db()

    assert "renewed already" in renewal_refusal(old, person)


def test_a_renewed_certification_gets_no_more_reminders(reviewer):
    from honor_wall.reminders import certifications_remind_expiring

    _person, old = holder(days_left=30)
    approve(renew(old), reviewer)

    with TestCase.captureOnCommitCallbacks(execute=False):
        assert certifications_remind_expiring() == 0


def test_the_two_approval_tier_renews_on_the_second_approval(reviewer, second_reviewer):
    person, old = holder(days_left=30, slug="senior-developer")
    merged = make_evidence(person, "pull_request", state="merged", scope="framework_core")
    evidence = [*excellent_evidence(person), merged]
    application = renew(old, evidence=evidence)

    with TestCase.captureOnCommitCallbacks(execute=True):
        review_claim(application=application, reviewer=reviewer)
        review_decide(application=application, reviewer=reviewer, decision="approve")
    assert not Certification.objects.filter(application=application).exists()
    new = approve(application, second_reviewer)

    assert new.renews == old
    assert new.awarded_on == old.expires_on


def test_rejecting_a_renewal_leaves_the_old_certification_to_end(reviewer):
    person, old = holder(days_left=30)
    application = renew(old)

    review_claim(application=application, reviewer=reviewer)
    review_decide(application=application, reviewer=reviewer, decision="reject", comment="No.")

    assert not Certification.objects.filter(renews=old).exists()
    assert held_tier_slugs(person) == {"excellent-developer"}
