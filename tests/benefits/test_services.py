"""Granting follows certification both ways, claims respect quotas and deadlines, revocation
cancels what was not claimed."""

import datetime

import pytest

from benefits import selectors, services
from benefits.errors import BenefitRefused
from benefits.models import Grant, Offer, ShippingAddress
from honor_wall.services import certification_revoke
from mindspore_growth.errors import IllegalTransition, NotAllowed
from notifications.models import Notification
from tests.factories import certify

from .conftest import ADDRESS, make_offer

pytestmark = pytest.mark.django_db


def test_certification_grants_every_open_offer_for_its_tier(applicant):
    gift = make_offer()
    make_offer(kind=Offer.Kind.MEETUP, tiers=("senior-developer",))
    make_offer(is_open=False)

    certify(applicant)

    assert list(Grant.objects.values_list("offer_id", flat=True)) == [gift.pk]
    assert Notification.objects.filter(recipient=applicant, kind="benefit_granted").count() == 1


def test_a_new_offer_is_granted_to_everyone_already_holding_the_tier(applicant, other_applicant):
    certify(applicant)
    certify(other_applicant, "evangelist-reserve")

    offer = make_offer()
    created = services.offer_grant_to_holders(offer=offer)

    assert created == 1
    assert list(offer.grants.values_list("person", flat=True)) == [applicant.pk]


def test_granting_is_idempotent_both_ways(applicant):
    offer = make_offer()
    certification = certify(applicant)

    services.offer_grant_to_holders(offer=offer)
    services.offer_grant_to_holders(offer=offer)
    services.certification_grant_offers(certification=certification)

    assert Grant.objects.count() == 1
    assert Notification.objects.filter(kind="benefit_granted").count() == 1


def test_a_past_deadline_offer_is_not_granted(applicant):
    make_offer(claim_deadline=datetime.date.today() - datetime.timedelta(days=1))

    certify(applicant)

    assert not Grant.objects.exists()


def test_claiming_a_gift_needs_an_address_and_keeps_it(applicant):
    make_offer()
    certify(applicant)
    grant = Grant.objects.get()

    with pytest.raises(BenefitRefused):
        services.grant_claim(grant=grant, person=applicant)
    services.grant_claim(grant=grant, person=applicant, address=ADDRESS)

    grant.refresh_from_db()
    assert grant.status == Grant.Status.CLAIMED
    assert ShippingAddress.objects.get(grant=grant).address == ADDRESS["address"]


def test_claiming_a_pass_issues_a_code(applicant):
    make_offer(kind=Offer.Kind.EVENT_PASS, event_name="HDC 2027")
    certify(applicant)

    grant = services.grant_claim(grant=Grant.objects.get(), person=applicant)

    assert grant.status == Grant.Status.CLAIMED
    assert len(grant.pass_code) == 10


def test_nobody_claims_anothers_grant(applicant, other_applicant):
    make_offer(kind=Offer.Kind.MEETUP)
    certify(applicant)

    with pytest.raises(NotAllowed):
        services.grant_claim(grant=Grant.objects.get(), person=other_applicant)


def test_the_quota_is_never_exceeded(applicant, other_applicant):
    make_offer(kind=Offer.Kind.EVENT_PASS, quota=1)
    certify(applicant)
    certify(other_applicant)
    first, second = Grant.objects.order_by("pk")

    services.grant_claim(grant=first, person=first.person)
    with pytest.raises(BenefitRefused, match="all of these"):
        services.grant_claim(grant=second, person=second.person)

    assert Grant.objects.filter(status=Grant.Status.CLAIMED).count() == 1


def test_a_claim_after_the_deadline_is_refused(applicant):
    offer = make_offer(kind=Offer.Kind.MEETUP)
    certify(applicant)
    Offer.objects.filter(pk=offer.pk).update(
        claim_deadline=datetime.date.today() - datetime.timedelta(days=1)
    )

    with pytest.raises(BenefitRefused, match="deadline"):
        services.grant_claim(grant=Grant.objects.get(), person=applicant)


def test_a_declined_grant_cannot_be_claimed(applicant):
    make_offer(kind=Offer.Kind.MEETUP)
    certify(applicant)
    grant = services.grant_decline(grant=Grant.objects.get(), person=applicant)

    with pytest.raises(IllegalTransition):
        services.grant_claim(grant=grant, person=applicant)


def test_revoking_cancels_unclaimed_grants_only(
    applicant, staff, django_capture_on_commit_callbacks
):
    make_offer(title_en="Hoodie")
    make_offer(kind=Offer.Kind.EVENT_PASS, title_en="HC pass")
    certification = certify(applicant)
    claimed = Grant.objects.get(offer__title_en="HC pass")
    services.grant_claim(grant=claimed, person=applicant)

    with django_capture_on_commit_callbacks(execute=True):
        certification_revoke(certification=certification, actor=staff, reason="Plagiarised article")

    assert Grant.objects.get(offer__title_en="Hoodie").status == Grant.Status.CANCELLED
    assert Grant.objects.get(pk=claimed.pk).status == Grant.Status.CLAIMED


def test_shipping_needs_the_permission_and_tells_the_person(applicant, staff, fulfiller):
    make_offer()
    certify(applicant)
    grant = services.grant_claim(grant=Grant.objects.get(), person=applicant, address=ADDRESS)

    with pytest.raises(NotAllowed):
        services.grant_fulfil(grant=grant, actor=staff, tracking_number="SF123")
    with pytest.raises(IllegalTransition):
        services.grant_fulfil(grant=grant, actor=fulfiller, tracking_number=" ")
    services.grant_fulfil(grant=grant, actor=fulfiller, tracking_number="SF123")

    grant.refresh_from_db()
    assert (grant.status, grant.tracking_number) == (Grant.Status.FULFILLED, "SF123")
    assert Notification.objects.filter(kind="benefit_shipped", recipient=applicant).exists()


def test_deadline_reminders_once_and_expiry_after(applicant):
    today = datetime.date.today()
    offer = make_offer(claim_deadline=today + datetime.timedelta(days=3))
    certify(applicant)

    assert services.grants_expire_and_remind(today=today) == (0, 1)
    assert services.grants_expire_and_remind(today=today) == (0, 0)
    assert services.grants_expire_and_remind(
        today=offer.claim_deadline + datetime.timedelta(days=1)
    ) == (1, 0)
    assert Grant.objects.get().status == Grant.Status.EXPIRED


def test_counts_for_the_fulfilment_page(applicant, other_applicant):
    offer = make_offer(kind=Offer.Kind.EVENT_PASS, quota=5)
    certify(applicant)
    certify(other_applicant)
    services.grant_claim(grant=Grant.objects.get(person=applicant), person=applicant)

    assert selectors.offer_counts(offer) == {
        "claimed": 1,
        "fulfilled": 0,
        "offered": 1,
        "remaining": 4,
    }


def test_the_address_never_shows_in_its_repr(applicant):
    make_offer()
    certify(applicant)
    services.grant_claim(grant=Grant.objects.get(), person=applicant, address=ADDRESS)

    address = ShippingAddress.objects.get()
    assert ADDRESS["phone"] not in repr(address) and ADDRESS["address"] not in str(address)


def test_a_deleted_account_still_counts_against_the_quota(applicant, other_applicant):
    from applications.profile_services import account_delete

    offer = make_offer(kind=Offer.Kind.EVENT_PASS, quota=1)
    certify(applicant)
    certify(other_applicant)
    services.grant_claim(grant=Grant.objects.get(person=applicant), person=applicant)

    account_delete(user=applicant)

    kept = Grant.objects.get(offer=offer, person__isnull=True)
    assert kept.status == Grant.Status.CLAIMED
    with pytest.raises(BenefitRefused, match="all of these"):
        services.grant_claim(
            grant=Grant.objects.get(person=other_applicant), person=other_applicant
        )


def test_a_deleted_account_leaves_no_address(applicant):
    from applications.profile_services import account_delete

    make_offer()
    certify(applicant)
    services.grant_claim(grant=Grant.objects.get(), person=applicant, address=ADDRESS)

    account_delete(user=applicant)

    assert not ShippingAddress.objects.exists()


def test_a_grant_cannot_be_claimed_once_its_certification_expired(applicant):
    make_offer(kind=Offer.Kind.MEETUP)
    certification = certify(applicant)
    type(certification).objects.filter(pk=certification.pk).update(
        expires_on=datetime.date.today() - datetime.timedelta(days=1)
    )

    with pytest.raises(BenefitRefused, match="no longer valid"):
        services.grant_claim(grant=Grant.objects.get(), person=applicant)


def test_reissuing_offers_again_what_the_revocation_cancelled(
    applicant, staff, django_capture_on_commit_callbacks
):
    from honor_wall.services import certification_reissue

    make_offer(kind=Offer.Kind.MEETUP)
    certification = certify(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        certification_revoke(certification=certification, actor=staff, reason="Mistake")
    assert Grant.objects.get().status == Grant.Status.CANCELLED

    with django_capture_on_commit_callbacks(execute=True):
        certification_reissue(certification=certification, actor=staff)

    assert Grant.objects.get().status == Grant.Status.OFFERED
