"""Changes of state for benefits: granting, claiming, declining, fulfilling, cancelling, expiring.

Granting is idempotent (one grant per offer and person, enforced by the database). A claim
locks its offer row first, so concurrent claims are counted one after the other and a quota is
never exceeded.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from honor_wall.models import Certification
from honor_wall.selectors import valid_certifications
from mindspore_growth.errors import IllegalTransition, NotAllowed
from notifications.kinds import Kind
from notifications.services import notification_enqueue, notification_enqueue_many

from .errors import BenefitRefused
from .models import TAKEN, Grant, Offer, ShippingAddress, new_pass_code
from .rules import may_fulfil

REMIND_DAYS_BEFORE_DEADLINE = 7


def _context(grant: Grant) -> dict:
    offer = grant.offer
    return {
        "title_en": offer.title_en,
        "title_zh": offer.title_zh,
        "kind": offer.kind,
        "deadline": offer.claim_deadline.isoformat() if offer.claim_deadline else "",
        "tracking_number": grant.tracking_number,
        "url": settings.SITE_URL + reverse("benefits:mine"),
    }


def _notify(grant: Grant, kind: Kind) -> None:
    notification_enqueue(recipient=grant.person, kind=kind, context=_context(grant))


def offer_grantable(offer: Offer) -> bool:
    """Whether saving ``offer`` grants it: open and its claim deadline not passed."""
    return offer.is_open and not offer.deadline_passed


def _holders(tiers) -> dict[int, int]:
    """Person → their most recently awarded valid certification among ``tiers``."""
    holders: dict[int, int] = {}
    rows = (
        valid_certifications()
        .filter(tier__in=tiers, person__isnull=False)
        .order_by("awarded_on", "pk")
        .values_list("person_id", "pk")
    )
    for person_id, certification_id in rows:
        holders[person_id] = certification_id
    return holders


def offer_reach(*, tiers, offer: Offer | None = None) -> int:
    """How many people an offer for ``tiers`` would be granted to (and emailed) now: holders of
    a valid certification of one of them, less those ``offer`` was already granted to. The
    admin shows it before an offer is saved."""
    holders = set(_holders(tiers))
    if offer is not None and offer.pk is not None:
        holders -= set(offer.grants.values_list("person_id", flat=True))
    return len(holders)


@transaction.atomic
def offer_grant_to_holders(*, offer: Offer) -> int:
    """Grant ``offer`` to everyone who holds one of its tiers now; returns how many are new.

    Grants are inserted and their emails recorded in batches, each batch one task for the
    mail worker, so an offer for thousands of holders neither holds the request nor floods the
    queue with a task per person.
    """
    if not offer_grantable(offer):
        return 0
    holders = _holders(offer.tiers.all())
    already = set(offer.grants.values_list("person_id", flat=True))
    new = [
        Grant(offer=offer, person_id=person_id, certification_id=certification_id)
        for person_id, certification_id in holders.items()
        if person_id not in already
    ]
    Grant.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    new_people = [grant.person_id for grant in new]
    granted = (
        Grant.objects.filter(offer=offer, person_id__in=new_people)
        .select_related("offer", "person")
        .order_by("pk")
    )
    notification_enqueue_many(
        kind=Kind.BENEFIT_GRANTED,
        messages=[(grant.person, _context(grant)) for grant in granted],
    )
    return len(new)


@transaction.atomic
def certification_grant_offers(*, certification: Certification) -> list[Grant]:
    """Grant every open offer for the certification's tier to its holder (idempotent)."""
    if certification.person_id is None:
        return []
    granted = []
    for offer in Offer.objects.filter(tiers=certification.tier_id, is_open=True):
        if offer.deadline_passed:
            continue
        grant, created = Grant.objects.get_or_create(
            offer=offer,
            person_id=certification.person_id,
            defaults={"certification": certification},
        )
        if not created and grant.status == Grant.Status.CANCELLED:
            # Re-issued after a revocation: what the revocation cancelled is offered again.
            grant.status = Grant.Status.OFFERED
            grant.certification = certification
            grant.save(update_fields=["status", "certification"])
            granted.append(grant)
        if created:
            _notify(grant, Kind.BENEFIT_GRANTED)
            granted.append(grant)
    return granted


@transaction.atomic
def person_forget(*, person) -> None:
    """Remove a person's benefit data on account deletion, keeping what quotas count."""
    ShippingAddress.objects.filter(grant__person=person).delete()
    Grant.objects.filter(person=person).exclude(TAKEN).delete()


@transaction.atomic
def certification_cancel_grants(*, certification: Certification) -> int:
    """A revoked certification takes its unclaimed grants with it."""
    return Grant.objects.filter(certification=certification, status=Grant.Status.OFFERED).update(
        status=Grant.Status.CANCELLED
    )


@transaction.atomic
def grant_claim(*, grant: Grant, person, address: dict | None = None) -> Grant:
    """Claim a grant: a gift with a shipping address, a pass (a pass code is issued), or a
    meetup invitation (accepted). Refused after the deadline and once the quota is taken."""
    if grant.person_id != person.pk:
        raise NotAllowed()
    offer = Offer.objects.select_for_update().get(pk=grant.offer_id)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != Grant.Status.OFFERED:
        raise IllegalTransition(_("This benefit was already answered."))
    if not offer.is_open or offer.deadline_passed:
        raise BenefitRefused(_("The deadline to claim this benefit has passed."))
    if grant.certification_id and not grant.certification.is_valid:
        raise BenefitRefused(_("The certification this benefit came with is no longer valid."))
    if offer.quota is not None and offer.grants.filter(TAKEN).count() >= offer.quota:
        raise BenefitRefused(_("Sorry, all of these have been claimed."))
    if offer.kind == Offer.Kind.GIFT:
        if not address:
            raise BenefitRefused(_("Give the address to ship the gift to."))
        ShippingAddress.objects.create(grant=grant, **address)
    elif offer.kind == Offer.Kind.EVENT_PASS:
        grant.pass_code = new_pass_code()
    grant.status = Grant.Status.CLAIMED
    grant.claimed_at = timezone.now()
    grant.save(update_fields=["status", "claimed_at", "pass_code"])
    return grant


@transaction.atomic
def grant_decline(*, grant: Grant, person) -> Grant:
    if grant.person_id != person.pk:
        raise NotAllowed()
    updated = Grant.objects.filter(pk=grant.pk, status=Grant.Status.OFFERED).update(
        status=Grant.Status.DECLINED
    )
    if not updated:
        raise IllegalTransition(_("This benefit was already answered."))
    grant.refresh_from_db()
    return grant


@transaction.atomic
def grant_fulfil(*, grant: Grant, actor, tracking_number: str = "") -> Grant:
    """Staff with the benefits permission mark a claimed grant fulfilled (a gift: shipped,
    with its tracking number); the person is told."""
    if not may_fulfil(actor):
        raise NotAllowed()
    tracking_number = (tracking_number or "").strip()
    if grant.offer.kind == Offer.Kind.GIFT and not tracking_number:
        raise IllegalTransition(_("Give the tracking number."))
    updated = Grant.objects.filter(pk=grant.pk, status=Grant.Status.CLAIMED).update(
        status=Grant.Status.FULFILLED, fulfilled_at=timezone.now(), tracking_number=tracking_number
    )
    if not updated:
        raise IllegalTransition(_("Only a claimed benefit can be fulfilled."))
    grant.refresh_from_db()
    if grant.offer.kind == Offer.Kind.GIFT:
        _notify(grant, Kind.BENEFIT_SHIPPED)
    return grant


def grants_expire_and_remind(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Expire unanswered grants past their deadline; remind those whose deadline is near.
    Returns (expired, reminded)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        expired = Grant.objects.filter(
            status=Grant.Status.OFFERED, offer__claim_deadline__lt=today
        ).update(status=Grant.Status.EXPIRED)
    soon = Grant.objects.filter(
        status=Grant.Status.OFFERED,
        reminded_at__isnull=True,
        offer__claim_deadline__gte=today,
        offer__claim_deadline__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE_DEADLINE),
    ).select_related("offer", "person")
    reminded = 0
    for grant in soon:
        with transaction.atomic():
            if Grant.objects.filter(pk=grant.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                _notify(grant, Kind.BENEFIT_REMINDER)
                reminded += 1
    return expired, reminded
