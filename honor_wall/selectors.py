"""Reads of certifications and the public wall.

Everything public goes through ``wall_certifications``: a person appears only with consent and
only with a valid certification. Page, feed and API all use these selectors, never their own
queries, so nobody who withheld consent or lost their certification can leak through one of them.
"""

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery

from applications.models import Evidence, Profile

from .models import Certification


def valid_certifications() -> QuerySet[Certification]:
    """Certifications that count today: not revoked, not past their expiry."""
    from django.utils import timezone

    return Certification.objects.filter(status=Certification.Status.VALID).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
    )


def held_tier_slugs(user) -> set[str]:
    """The tiers ``user`` holds a valid certification for (the applications app asks this)."""
    return set(valid_certifications().filter(person=user).values_list("tier__slug", flat=True))


def wall_certifications() -> QuerySet[Certification]:
    """Valid certifications of active people who consented to the wall."""
    return valid_certifications().filter(person__is_active=True, person__profile__wall_consent=True)


def wall_people(*, track=None, tier=None, year=None, q=None) -> QuerySet[Profile]:
    """People on the wall, newest certification first, each with their wall certifications
    (``profile.user.wall_certifications``). Filters narrow by the certifications they hold."""
    certifications = wall_certifications()
    if track:
        certifications = certifications.filter(tier__track__slug=track)
    if tier:
        certifications = certifications.filter(tier__slug=tier)
    if year:
        certifications = certifications.filter(awarded_on__year=year)
    people = Profile.objects.filter(user__in=certifications.values("person"))
    if q:
        people = people.filter(
            Q(display_name__icontains=q) | Q(handle__icontains=q) | Q(organisation__icontains=q)
        )
    latest = certifications.filter(person=OuterRef("user")).order_by("-awarded_on", "-pk")
    return (
        people.select_related("user")
        .annotate(latest_award=Subquery(latest.values("awarded_on")[:1]))
        .prefetch_related(
            Prefetch(
                "user__certifications",
                queryset=wall_certifications()
                .select_related("tier", "tier__track")
                .order_by("tier__track__order", "tier__rank"),
                to_attr="wall_certifications",
            )
        )
        .order_by("-latest_award", "-pk")
    )


def wall_profile(handle: str) -> Profile | None:
    """One person's public profile, or ``None`` if they are not on the wall."""
    return wall_people().filter(handle=handle).first()


def public_evidence(profile: Profile) -> QuerySet[Evidence]:
    """The evidence a person chose to show (titles and links only are rendered)."""
    return (
        Evidence.objects.filter(owner_id=profile.user_id, public=True)
        .only("title", "url", "date", "kind")
        .order_by("-date")
    )


def certification_for_verification(public_id) -> Certification | None:
    """Any certification by its public id, whatever its status: verification says which."""
    return (
        Certification.objects.select_related("tier", "tier__track", "person__profile", "ruleset")
        .filter(public_id=public_id)
        .first()
    )


def recent_wall_certifications(limit=50) -> QuerySet[Certification]:
    """Newest wall certifications, for the Atom feed."""
    return (
        wall_certifications()
        .select_related("tier", "person__profile")
        .order_by("-awarded_on", "-pk")[:limit]
    )


def wall_years() -> list[int]:
    return sorted(
        {date.year for date in wall_certifications().dates("awarded_on", "year")}, reverse=True
    )
