"""The honor wall's certification signals are sent once the decision commits, each receiver on
its own: a receiver that fails is logged, and the reviewer's decision stands (#15)."""

import logging

import pytest
from django.db import transaction

from applications.models import Application
from applications.models.application import State
from benefits.models import Grant
from honor_wall.models import Certification
from honor_wall.services import certification_revoke
from honor_wall.signals import certification_issued, certification_revoked
from reviews.services import review_claim, review_decide
from tests.benefits.conftest import make_offer
from tests.factories import certify, submitted


def explode(sender, certification, **kwargs):
    raise RuntimeError(f"receiver broke on certification {certification.pk}")


@pytest.fixture
def broken_receivers():
    certification_issued.connect(explode, dispatch_uid="test-explode-issued")
    certification_revoked.connect(explode, dispatch_uid="test-explode-revoked")
    yield
    certification_issued.disconnect(dispatch_uid="test-explode-issued")
    certification_revoked.disconnect(dispatch_uid="test-explode-revoked")


def approve(application, reviewer):
    review_claim(application=application, reviewer=reviewer)
    return review_decide(application=application, reviewer=reviewer, decision="approve")


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_leaves_the_committed_approval_standing(
    seed_programme, applicant, reviewer, broken_receivers, caplog
):
    make_offer(title_en="Hoodie")
    application = submitted(applicant)

    with caplog.at_level(logging.ERROR, logger="honor_wall.signals"):
        approve(application, reviewer)  # commits for real; the receivers run after

    assert Application.objects.get(pk=application.pk).state == State.APPROVED
    certification = Certification.objects.get(application=application)
    assert certification.status == Certification.Status.VALID
    # The other receivers still ran: benefits granted the offer.
    assert Grant.objects.filter(person=applicant, offer__title_en="Hoodie").exists()
    failures = [r for r in caplog.records if r.name == "honor_wall.signals"]
    assert len(failures) == 1
    assert "explode" in failures[0].getMessage()
    assert failures[0].exc_info[0] is RuntimeError


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_leaves_the_committed_revocation_standing(
    seed_programme, applicant, staff, broken_receivers, caplog
):
    make_offer(title_en="Hoodie")
    certification = certify(applicant)

    with caplog.at_level(logging.ERROR, logger="honor_wall.signals"):
        certification_revoke(certification=certification, actor=staff, reason="Copied work.")

    certification.refresh_from_db()
    assert certification.status == Certification.Status.REVOKED
    assert Grant.objects.get(person=applicant).status == Grant.Status.CANCELLED
    failures = [r.getMessage() for r in caplog.records if r.name == "honor_wall.signals"]
    assert [m for m in failures if m.startswith("certification_revoked")] == [
        f"certification_revoked receiver 'explode' failed for certification {certification.pk}; "
        "the change stands"
    ]


@pytest.mark.django_db(transaction=True)
def test_an_approval_rolled_back_later_in_its_transaction_tells_nobody(
    seed_programme, applicant, reviewer
):
    received = []

    def record(sender, certification, **kwargs):
        received.append(certification.pk)

    certification_issued.connect(record, dispatch_uid="test-record")
    application = submitted(applicant)

    class Abort(Exception):
        pass

    try:
        with pytest.raises(Abort), transaction.atomic():
            approve(application, reviewer)
            raise Abort
    finally:
        certification_issued.disconnect(dispatch_uid="test-record")

    assert received == []
    assert not Certification.objects.exists()
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


@pytest.mark.django_db
def test_nothing_is_sent_before_the_decision_commits(
    applicant, reviewer, django_capture_on_commit_callbacks
):
    received = []

    def record(sender, certification, **kwargs):
        received.append(certification.pk)

    certification_issued.connect(record, dispatch_uid="test-record")
    try:
        application = submitted(applicant)
        with django_capture_on_commit_callbacks() as after_commit:
            approve(application, reviewer)
        assert received == []
        for callback in after_commit:
            callback()
    finally:
        certification_issued.disconnect(dispatch_uid="test-record")

    assert received == [Certification.objects.get(application=application).pk]
