"""Keeps ``applications.HeldTier`` in step with certifications: what a person holds.

The applications app sits below this one and must not read certifications; it reads its own
``HeldTier`` table, which this module writes. Each service that changes a certification's
validity (``certification_issue``, ``certification_revoke``, ``certification_reissue``) calls
``held_tiers_refresh`` for the holder in its own transaction; the receivers below cover a save
made anywhere else (the admin, a fixture). Bulk loads that bypass signals call
``held_tiers_rebuild``, as they call ``wall_rebuild``.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from applications.models import HeldTier

from .models import Certification


def _rows(certifications) -> list[HeldTier]:
    return [
        HeldTier(
            person_id=certification.person_id,
            tier_id=certification.tier_id,
            certification_id=certification.pk,
            valid_until=certification.expires_on,
        )
        for certification in certifications
    ]


def _counted():
    # Revoked (or explicitly expired) certifications are not held; one past its expiry date
    # keeps its row, which readers filter out by date.
    return Certification.objects.filter(
        status=Certification.Status.VALID, person__isnull=False
    ).only("pk", "person_id", "tier_id", "expires_on")


@transaction.atomic
def held_tiers_refresh(person_id) -> None:
    """Recompute what one person holds from their certifications."""
    if person_id is None:
        return
    HeldTier.objects.filter(person_id=person_id).delete()
    HeldTier.objects.bulk_create(_rows(_counted().filter(person_id=person_id)))


@transaction.atomic
def held_tiers_refresh_many(person_ids) -> None:
    """``held_tiers_refresh`` for several people at once (a bulk import): three queries."""
    person_ids = [pk for pk in set(person_ids) if pk is not None]
    HeldTier.objects.filter(person_id__in=person_ids).delete()
    HeldTier.objects.bulk_create(_rows(_counted().filter(person_id__in=person_ids)))


@transaction.atomic
def held_tiers_rebuild(batch_size: int = 2000) -> int:
    """Recompute what everybody holds (after bulk loads that bypass the services). Returns how
    many rows there are."""
    HeldTier.objects.all().delete()
    return len(HeldTier.objects.bulk_create(_rows(_counted().iterator()), batch_size=batch_size))


@receiver(post_save, sender=Certification, dispatch_uid="held-tiers-certification")
@receiver(post_delete, sender=Certification, dispatch_uid="held-tiers-certification-delete")
def _certification_changed(sender, instance, **kwargs):
    held_tiers_refresh(instance.person_id)
