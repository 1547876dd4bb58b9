"""Reads of certifications."""

from django.db.models import Q
from django.utils import timezone

from .models import Certification


def valid_certifications():
    """Certifications that count today: not revoked, not past their expiry."""
    return Certification.objects.filter(status=Certification.Status.VALID).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
    )


def held_tier_slugs(user) -> set[str]:
    """The tiers ``user`` holds a valid certification for (the applications app asks this)."""
    return set(valid_certifications().filter(person=user).values_list("tier__slug", flat=True))
