"""One number that changes whenever anything the public wall shows changes.

Cached fragments and ETags include it, so a certification issued or revoked, or a consent
given or withdrawn, is visible at once without purging keys one by one.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import get_language

from applications.models import Evidence

VERSION_KEY = "honor_wall:version"


def wall_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(timezone.now().timestamp())
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def _set_new_version() -> None:
    cache.set(VERSION_KEY, str(timezone.now().timestamp()), timeout=None)


def bump_wall_version(**kwargs) -> None:
    """Change the version now and again once the transaction commits: a page rendered between
    the two saw the old data under the first new version, and must not outlive the commit."""
    _set_new_version()
    transaction.on_commit(_set_new_version)


def wall_cache_key() -> str:
    """The version and today's date: a certification that expires overnight changes the wall
    although nothing was saved."""
    return f"{wall_version()}|{timezone.localdate().isoformat()}"


def public_etag(request, *args, **kwargs) -> str:
    """ETag of a public page: the wall's state, the language, the address and who asks (the
    navigation bar differs for a signed-in person)."""
    viewer = request.user.pk if request.user.is_authenticated else 0
    key = f"{wall_cache_key()}|{get_language()}|{viewer}|{request.get_full_path()}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


# Certifications, profiles and accounts reach the version through ``listing``, whose every
# refresh bumps it; public evidence shows on profiles without touching the listing.
receiver(post_save, sender=Evidence, dispatch_uid="wall-save-evidence")(bump_wall_version)
receiver(post_delete, sender=Evidence, dispatch_uid="wall-delete-evidence")(bump_wall_version)
