"""One number that changes whenever anything the public wall shows changes.

Cached fragments and ETags include it, so a certification issued or revoked, or a consent
given or withdrawn, is visible at once without purging keys one by one.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from applications.models import Evidence
from criteria.caching import PROGRAMME_VERSION_KEY
from mindspore_growth.public_cache import current_version, new_version, public_page

from .models import WallEntry

VERSION_KEY = "honor_wall:version"


def wall_version() -> str:
    """The version the wall's pages are stored under, as this process read it within the last
    second (a change made by this process shows at once): the fragments and counts keyed by it
    cost no round trip of their own to learn it."""
    return _version_or_unique(VERSION_KEY)


def _version_or_unique(key: str) -> str:
    """The version ``key`` as ``current_version`` reads it; while the cache cannot be reached, a
    value of this moment, so that nothing is kept under it."""
    return current_version(key) or str(timezone.now().timestamp())


def _set_new_version() -> None:
    new_version(VERSION_KEY)


def bump_wall_version(**kwargs) -> None:
    """Change the version now and again once the transaction commits: a page rendered between
    the two saw the old data under the first new version, and must not outlive the commit."""
    _set_new_version()
    transaction.on_commit(_set_new_version)


def wall_cache_key() -> str:
    """What every fragment and count of the wall is kept under: the wall's version, the
    programme's (the wall names tracks and tiers, and a tier moved to another track changes the
    track's totals) and today's date (a certification that expires overnight changes the wall
    although nothing was saved)."""
    programme = _version_or_unique(PROGRAMME_VERSION_KEY)
    return f"{wall_version()}|{programme}|{timezone.localdate().isoformat()}"


def wall_page(bypass=None, params=()):
    """Decorator: the view's page is served from the shared page cache, keyed by the wall's
    version, the programme's (the pages name tracks and tiers) and today's date
    (``mindspore_growth.public_cache``); ``params``: the query parameters the view reads."""
    return public_page(VERSION_KEY, PROGRAMME_VERSION_KEY, daily=True, bypass=bypass, params=params)


# --- What public pages show, and the saves that change it --------------------------------------
# A save that changes none of these leaves every cached public page as it is: an applicant
# recording or editing evidence, a reviewer judging it, anyone editing a private field.

# Profiles list a person's public evidence by title, link, date and kind.
SHOWN_EVIDENCE_FIELDS = ("public", "title", "url", "date", "kind")
# The wall's cards, the profile page and verification show these of a profile.
SHOWN_PROFILE_FIELDS = (
    "display_name",
    "handle",
    "organisation",
    "city",
    "country",
    "bio",
    "avatar",
    "links",
    "wall_consent",
)


def shown(instance, fields) -> dict:
    """The values of ``fields`` as stored (a file by its name)."""
    values = {}
    for name in fields:
        value = getattr(instance, name)
        values[name] = getattr(value, "name", value) if name == "avatar" else value
    return values


def shown_before(model, instance, fields, update_fields) -> dict | None:
    """What the database holds of ``fields`` before ``instance`` is saved (``None`` for a new
    row); ``{}`` when ``update_fields`` says none of them is written (nothing to compare)."""
    if update_fields is not None and not set(update_fields) & set(fields):
        return {}
    if instance.pk is None:
        return None
    return model.objects.filter(pk=instance.pk).values(*fields).first()


def shown_changed(before, instance, fields) -> bool:
    if before == {}:
        return False
    now = shown(instance, fields)
    if before is None:
        return True
    return any(before[name] != now[name] for name in fields)


@receiver(pre_save, sender=Evidence, dispatch_uid="wall-evidence-before")
def _evidence_before(sender, instance, update_fields=None, **kwargs):
    instance._shown_before = shown_before(Evidence, instance, SHOWN_EVIDENCE_FIELDS, update_fields)


@receiver(post_save, sender=Evidence, dispatch_uid="wall-save-evidence")
def _evidence_saved(sender, instance, **kwargs):
    before = getattr(instance, "_shown_before", None)
    if not shown_changed(before, instance, SHOWN_EVIDENCE_FIELDS):
        return
    if not (instance.public or (before and before["public"])):
        return  # private before and after: no public page lists it
    _bump_if_on_wall(instance.owner_id)


@receiver(post_delete, sender=Evidence, dispatch_uid="wall-delete-evidence")
def _evidence_deleted(sender, instance, **kwargs):
    if instance.public:
        _bump_if_on_wall(instance.owner_id)


def _bump_if_on_wall(person_id) -> None:
    if WallEntry.objects.filter(person_id=person_id).exists():
        bump_wall_version()
