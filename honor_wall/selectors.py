"""Reads of certifications and the public wall.

Everything public goes through ``wall_certifications``: a person appears only with consent and
only with a valid certification. Page, feed and API all use these selectors, never their own
queries, so nobody who withheld consent or lost their certification can leak through one of them.
"""

import hashlib
from functools import cached_property

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from applications.models import Evidence, Profile
from criteria.models import Tier

from .caching import wall_cache_key
from .models import Certification, CertificationImport, WallBadge, WallEntry
from .tally import tier_total, wall_total

COUNT_SECONDS = 24 * 60 * 60


def valid_certifications() -> QuerySet[Certification]:
    """Certifications that count today: not revoked, not past their expiry."""
    return Certification.objects.filter(status=Certification.Status.VALID).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
    )


def current_certifications() -> QuerySet[Certification]:
    """Valid certifications, each chain of renewals once: a certification whose renewal is
    issued (and not revoked) gives way to it, even before it ends."""
    return valid_certifications().exclude(renewal__status=Certification.Status.VALID)


def wall_certifications() -> QuerySet[Certification]:
    """Valid certifications of active people who consented to the wall (a renewed one gives
    way to its renewal)."""
    return current_certifications().filter(
        person__is_active=True, person__profile__wall_consent=True
    )


WALL_ORDER = {"newest": ("-latest_award", "-person_id"), "name": ("display_name", "person_id")}


def wall_people(*, track=None, tier=None, year=None, q=None, sort=None) -> QuerySet[WallEntry]:
    """People on the wall, newest certification first (``sort="name"``: by name), each with
    ``live_badges`` (their valid certifications). Filters narrow by the certifications they hold.

    Reads ``WallEntry``, which ``honor_wall.listing`` keeps in step with consent and
    certifications in the same transaction as each change; expiry needs no change at all, as
    entries and badges carry their end dates and are filtered by today's. The query keeps its
    filters (``wall_filters``) for ``wall_count``.
    """
    today = timezone.localdate()
    live = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    entries = WallEntry.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if track or tier or year:
        badges = WallBadge.objects.filter(live)
        if track:
            badges = badges.filter(tier__track__slug=track)
        if tier:
            badges = badges.filter(tier__slug=tier)
        if year:
            badges = badges.filter(awarded_on__year=year)
        entries = entries.filter(pk__in=badges.values("entry_id"))
    if q:
        entries = entries.filter(search__contains=q.strip().lower())
    people = entries.prefetch_related(
        Prefetch(
            "badges",
            queryset=WallBadge.objects.filter(live)
            .select_related("tier", "tier__track")
            .order_by("tier__track__order", "tier__rank"),
            to_attr="live_badges",
        )
    ).order_by(*WALL_ORDER.get(sort or "newest", WALL_ORDER["newest"]))
    people.wall_filters = {"track": track, "tier": tier, "year": year, "q": q}
    return people


def wall_tier_counts() -> QuerySet[Tier]:
    """Certifiable tiers in ladder order, each with ``on_wall``: how many people on the wall
    hold it today, from the wall's totals (``tally``). One query, run only when evaluated (the
    wall's cache usually answers)."""
    return (
        Tier.objects.filter(certifiable=True)
        .select_related("track")
        .order_by("track__order", "rank")
        .annotate(on_wall=tier_total())
    )


def wall_count(people: QuerySet[WallEntry]) -> int:
    """How many people ``people`` (a ``wall_people`` query) holds: for its track, tier and
    year filters, the wall's totals (``tally``: a sum over a few rows, whatever the wall's
    size); a search is counted (a scan of the entries it matches). Either is kept under the
    wall's version and day, as the wall changes only with them."""
    filters = getattr(people, "wall_filters", None)
    if filters is not None and not filters["q"]:
        asked = "|".join(str(filters[name] or "") for name in ("track", "tier", "year"))
        key = f"honor_wall:total:{wall_cache_key()}:{asked}"
        count = cache.get(key)
        if count is None:
            count = wall_total(track=filters["track"], tier=filters["tier"], year=filters["year"])
            cache.set(key, count, COUNT_SECONDS)
        return count
    digest = hashlib.sha256(str(people.query).encode()).hexdigest()[:32]
    key = f"honor_wall:count:{wall_cache_key()}:{digest}"
    count = cache.get(key)
    if count is None:
        count = people.count()
        cache.set(key, count, COUNT_SECONDS)
    return count


class WallPaginator(Paginator):
    """Pages of ``wall_people`` whose total is ``wall_count``."""

    @cached_property
    def count(self) -> int:
        return wall_count(self.object_list)


def wall_profile(handle: str) -> Profile | None:
    """One person's public profile (with ``user.wall_certifications``), or ``None`` if they are
    not on the wall. Read from the sources, not the listing: one person is cheap."""
    return (
        Profile.objects.filter(handle=handle, user__in=wall_certifications().values("person"))
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__certifications",
                queryset=wall_certifications()
                .select_related("tier", "tier__track")
                .order_by("tier__track__order", "tier__rank"),
                to_attr="wall_certifications",
            )
        )
        .first()
    )


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


def holder_certifications(user) -> QuerySet[Certification]:
    """Every certification ``user`` holds or held (valid, expired or revoked), newest first."""
    return (
        Certification.objects.filter(person=user)
        .select_related("tier", "tier__track", "person", "renewal")
        .order_by("-awarded_on", "-pk")
    )


def wall_certification_ids(user) -> set[int]:
    """Which of ``user``'s certifications the wall shows today."""
    today = timezone.localdate()
    return set(
        WallBadge.objects.filter(entry__person=user)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .values_list("certification_id", flat=True)
    )


def wall_handle(person_id) -> str | None:
    """The handle of ``person_id``'s public profile, or ``None`` when they are not on the wall."""
    today = timezone.localdate()
    return (
        WallEntry.objects.filter(person_id=person_id)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("handle", flat=True)
        .first()
    )


def certification_uploads() -> QuerySet[CertificationImport]:
    """CSV uploads with their rows and verdicts, without the file's text."""
    return CertificationImport.objects.defer("text")


def recent_imports(limit=20):
    """The latest CSV uploads, newest first, for the staff page (without their text or rows)."""
    return CertificationImport.objects.select_related("uploaded_by").defer("text", "rows")[:limit]
