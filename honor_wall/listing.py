"""Keeps ``WallEntry`` in step with its sources: consent and profile, account, certifications.

Every change that could alter what the wall shows calls ``wall_entry_refresh`` for that person
in the same transaction (signals for saves, the services for bulk updates), so the wall's table
is never behind. The wall's totals (``tally``) change with the entries, here and only here: each
entry keeps the totals it counts in (``tallied``), so a change takes away exactly what it added.
``wall_rebuild`` recomputes everything, for bulk loads.

The wall's version (``caching``) changes only when a public page changes: an entry that comes
out the same keeps it, and so does a profile save that touches no field a public page shows.
A certification always changes it: verification shows every certification, on the wall or not.
"""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from applications.models import Profile
from criteria.models import Tier

from .caching import SHOWN_PROFILE_FIELDS, bump_wall_version, shown_before, shown_changed
from .models import Certification, WallBadge, WallEntry
from .selectors import current_certifications
from .tally import tallies, tally_change, tally_rebuild


def _listed(certifications):
    """``current_certifications`` with what an entry needs of each (the tier's track)."""
    return certifications.select_related("tier")


def _entry_fields(profile: Profile, certifications) -> dict:
    expiries = [c.expires_on for c in certifications]
    return {
        "handle": profile.handle,
        "display_name": profile.display_name,
        "organisation": profile.organisation,
        "city": profile.city,
        "country": profile.country,
        "has_avatar": bool(profile.avatar),
        "search": " ".join([profile.display_name, profile.handle, profile.organisation]).lower(),
        "latest_award": max(c.awarded_on for c in certifications),
        "valid_until": None if None in expiries else max(expiries),
        "tallied": tallies(certifications),
    }


def _badge(entry_id, certification) -> WallBadge:
    return WallBadge(
        entry_id=entry_id,
        certification_id=certification.pk,
        public_id=certification.public_id,
        tier_id=certification.tier_id,
        awarded_on=certification.awarded_on,
        expires_on=certification.expires_on,
        since=certification.first_awarded_on,
    )


@transaction.atomic
def wall_entry_refresh(person_id) -> WallEntry | None:
    """Recompute one person's place on the wall, and the wall's totals, from the sources of
    truth."""
    if person_id is None:
        return None
    # Locked before the sources are read: two refreshes of one person run one after the other,
    # the second from what the first wrote, so neither takes its totals away twice.
    entry = WallEntry.objects.select_for_update().filter(person_id=person_id).first()
    profile = Profile.objects.filter(
        user_id=person_id, wall_consent=True, user__is_active=True
    ).first()
    certifications = (
        list(_listed(current_certifications()).filter(person_id=person_id)) if profile else []
    )
    if not certifications:
        if entry is not None:
            tally_change(removed=entry.tallied, added=[])
            entry.delete()
            bump_wall_version()
        return None
    fields = _entry_fields(profile, certifications)
    badges = {_badge_key(c) for c in certifications}
    if entry is not None and _same_entry(entry, fields, badges):
        return entry  # what the wall shows did not change: its cached pages stay
    # The cached wall and its ETags must not serve the old state.
    bump_wall_version()
    if entry is None:
        try:
            with transaction.atomic():
                entry = WallEntry.objects.create(person_id=person_id, **fields)
        except IntegrityError:
            if not WallEntry.objects.filter(person_id=person_id).exists():
                raise
            # Another transaction listed them meanwhile (and committed): start from its row.
            return wall_entry_refresh(person_id)
        removed = []
    else:
        removed = entry.tallied
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
    tally_change(removed=removed, added=entry.tallied)
    WallBadge.objects.filter(entry=entry).delete()
    WallBadge.objects.bulk_create([_badge(entry.pk, c) for c in certifications])
    return entry


def _badge_key(certification) -> tuple:
    return (
        certification.pk,
        certification.public_id,
        certification.tier_id,
        certification.awarded_on,
        certification.expires_on,
    )


def _same_entry(entry: WallEntry, fields: dict, badges: set) -> bool:
    if any(getattr(entry, name) != value for name, value in fields.items()):
        return False
    stored = WallBadge.objects.filter(entry=entry).values_list(
        "certification_id", "public_id", "tier_id", "awarded_on", "expires_on"
    )
    return set(stored) == badges


def wall_certification_changed(person_id) -> None:
    """A certification of ``person_id`` was issued, revoked, re-issued or deleted."""
    bump_wall_version()
    wall_entry_refresh(person_id)


@transaction.atomic
def wall_entries_refresh(person_ids) -> None:
    """``wall_entry_refresh`` for several people at once (a bulk import): a handful of queries
    whatever their number."""
    person_ids = {pk for pk in person_ids if pk is not None}
    if not person_ids:
        return
    bump_wall_version()
    # Locked in one order (as ``wall_entry_refresh`` does for one person) before anything is read.
    removed = (
        WallEntry.objects.select_for_update()
        .filter(person_id__in=person_ids)
        .order_by("pk")
        .values_list("tallied", flat=True)
    )
    removed = [row for rows in removed for row in rows]
    profiles = Profile.objects.filter(
        user_id__in=person_ids, wall_consent=True, user__is_active=True
    ).in_bulk(field_name="user_id")
    by_person: dict[int, list[Certification]] = {}
    for certification in _listed(current_certifications()).filter(person_id__in=list(profiles)):
        by_person.setdefault(certification.person_id, []).append(certification)
    WallBadge.objects.filter(entry_id__in=person_ids).delete()
    WallEntry.objects.filter(person_id__in=person_ids).delete()
    entries = WallEntry.objects.bulk_create(
        WallEntry(person_id=person_id, **_entry_fields(profiles[person_id], certifications))
        for person_id, certifications in by_person.items()
    )
    tally_change(removed=removed, added=[row for entry in entries for row in entry.tallied])
    WallBadge.objects.bulk_create(
        _badge(person_id, certification)
        for person_id, certifications in by_person.items()
        for certification in certifications
    )


@transaction.atomic
def wall_rebuild(batch_size: int = 2000) -> int:
    """Recompute the whole wall (after bulk loads that bypass signals). Returns its size."""
    WallBadge.objects.all().delete()
    WallEntry.objects.all().delete()
    by_person: dict[int, list[Certification]] = {}
    for certification in _listed(current_certifications()).filter(
        person__is_active=True, person__profile__wall_consent=True
    ):
        by_person.setdefault(certification.person_id, []).append(certification)
    profiles = Profile.objects.filter(user_id__in=by_person).in_bulk(field_name="user_id")
    entries = [
        WallEntry(person_id=person_id, **_entry_fields(profiles[person_id], certifications))
        for person_id, certifications in by_person.items()
    ]
    WallEntry.objects.bulk_create(entries, batch_size=batch_size)
    tally_rebuild(entry.tallied for entry in entries)
    WallBadge.objects.bulk_create(
        [_badge(pid, c) for pid, certifications in by_person.items() for c in certifications],
        batch_size=batch_size,
    )
    bump_wall_version()
    return len(entries)


@receiver(post_save, sender=Certification, dispatch_uid="wall-entry-certification")
@receiver(post_delete, sender=Certification, dispatch_uid="wall-entry-certification-delete")
def _certification_changed(sender, instance, **kwargs):
    wall_certification_changed(instance.person_id)


@receiver(pre_save, sender=Profile, dispatch_uid="wall-profile-before")
def _profile_before(sender, instance, update_fields=None, **kwargs):
    instance._shown_before = shown_before(Profile, instance, SHOWN_PROFILE_FIELDS, update_fields)


@receiver(post_save, sender=Profile, dispatch_uid="wall-entry-profile")
def _profile_saved(sender, instance, **kwargs):
    if not shown_changed(getattr(instance, "_shown_before", None), instance, SHOWN_PROFILE_FIELDS):
        return  # a private field (a forge username, a language): no public page changes
    wall_entry_refresh(instance.user_id)
    # Verification shows the holder's name whether or not they are on the wall.
    if Certification.objects.filter(person_id=instance.user_id).exists():
        bump_wall_version()


@receiver(post_delete, sender=Profile, dispatch_uid="wall-entry-profile-delete")
def _profile_deleted(sender, instance, **kwargs):
    wall_entry_refresh(instance.user_id)
    if Certification.objects.filter(person_id=instance.user_id).exists():
        bump_wall_version()


@receiver(pre_save, sender=Tier, dispatch_uid="wall-tier-before")
def _tier_before(sender, instance, **kwargs):
    instance._track_before = (
        Tier.objects.filter(pk=instance.pk).values_list("track_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Tier, dispatch_uid="wall-tier-moved")
def _tier_saved(sender, instance, created, **kwargs):
    # A tier moved to another track: its holders' entries count under the new track now
    # (their ``tallied`` rows name the track). Rare, an admin's change; a few queries.
    before = getattr(instance, "_track_before", None)
    if not created and before is not None and before != instance.track_id:
        holders = WallBadge.objects.filter(tier_id=instance.pk).values_list("entry_id", flat=True)
        wall_entries_refresh(set(holders))


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="wall-tally-account-delete")
def _account_deleting(sender, instance, **kwargs):
    # The entry goes with the account (a cascade, no refresh): its totals go first, and it
    # keeps none, so that a refresh during the same deletion takes nothing away twice.
    entry = WallEntry.objects.select_for_update().filter(person_id=instance.pk).first()
    if entry is not None and entry.tallied:
        tally_change(removed=entry.tallied, added=[])
        WallEntry.objects.filter(pk=entry.pk).update(tallied=[])
        bump_wall_version()


@receiver(post_save, sender=get_user_model(), dispatch_uid="wall-entry-user")
def _account_changed(sender, instance, created, update_fields=None, **kwargs):
    # Logging in saves last_login only: nothing the wall shows.
    if created or (update_fields is not None and "is_active" not in update_fields):
        return
    wall_entry_refresh(instance.pk)
