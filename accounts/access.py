"""What a signed-in person may do: their roles and their permissions, read from the database
once and then kept in the cache until a grant changes.

Every page a signed-in person opens asks: the navigation bar (review queue, insight, fulfilment)
and the second-factor rule (``accounts.rules.needs_second_factor``). From the database that is
three queries a request (their groups, their own permissions, their groups' permissions); from
the cache, one round trip.

Each stored record carries the value ``ACCESS_VERSION_KEY`` had when it was read, and the
person's ``is_active`` and ``is_superuser`` (read with the person on every request); it counts
only while all three are still the same. The version gets a new value whenever a group
membership, a group, a permission grant or a user is deleted or changed (a deleted user's id
may be given again on SQLite): at once, and again after the transaction commits, so a record
read between the change and its commit does not outlive the commit. A cache that cannot be
reached misses: the database answers, as before.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission, PermissionsMixin
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

ACCESS_VERSION_KEY = "accounts:access-version"
RECORD_TIMEOUT = 24 * 60 * 60  # a person who stops visiting leaves the cache after a day


@dataclass(frozen=True)
class Access:
    roles: frozenset[str]  # the names of their groups (``accounts.roles.Role`` values)
    permissions: frozenset[str]  # "app_label.codename", as ``get_all_permissions`` gives them


def access_of(user) -> Access:
    """The roles and permissions of a signed-in ``user`` (kept on the instance for the rest of
    the request)."""
    known = getattr(user, "_access", None)  # ``request.user`` is a lazy object: no __dict__
    if known is None:
        found = getattr(user, "_access_found", None)
        if found is None:
            found = cache.get_many(access_keys(user.pk))
        known = user._access = _cached_or_read(user, found)
    return known


def forget_access_of(user) -> None:
    """What ``user`` carries of their roles is read again (after a change made with them)."""
    user._access = user._access_found = None


def access_keys(pk) -> list[str]:
    """The cache keys that answer for the person ``pk``: whoever reads the person from the
    cache reads these in the same round trip and hands them over (``prime_access``)."""
    return [ACCESS_VERSION_KEY, _record_key(pk)]


def prime_access(user, found: dict) -> None:
    """``found``, what the cache held under ``access_keys(user.pk)``, answers ``access_of``."""
    user._access_found = found


def version_in(found: dict, key: str, timeout=None):
    """The value of the version ``key`` (``found``, a ``get_many`` answer, holds it, or it is
    started now); None while the cache cannot be reached."""
    version = found.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), timeout=timeout)
        version = found[key] = cache.get(key)
    return version


def access_version(found: dict):
    """The value of ``ACCESS_VERSION_KEY`` (see ``version_in``)."""
    return version_in(found, ACCESS_VERSION_KEY)


def _record_key(pk) -> str:
    # Plain tuples are stored, and the key names their shape: a deploy that changes it reads
    # none of the old records.
    return f"accounts:access:1:{pk}"


def _cached_or_read(user, found: dict) -> Access:
    key = _record_key(user.pk)
    version = access_version(found)
    stamp = (version, user.is_active, user.is_superuser)
    record = found.get(key)
    if record is not None and record[0] == stamp:
        return Access(roles=frozenset(record[1]), permissions=frozenset(record[2]))
    roles = tuple(user.groups.values_list("name", flat=True))
    # Django's own answer (the backends'), not the overriding method on our User model.
    permissions = tuple(PermissionsMixin.get_all_permissions(user))
    if version is not None:  # None: the cache cannot be reached; store nothing
        cache.set(key, (stamp, roles, permissions), RECORD_TIMEOUT)
    return Access(roles=frozenset(roles), permissions=frozenset(permissions))


def forget_all_access(**kwargs) -> None:
    """Every stored record stops counting: now, and again once the transaction commits."""
    new_access_version()
    transaction.on_commit(new_access_version)


def new_access_version() -> None:
    """Every stored record stops counting (outside a transaction: the tests, between them)."""
    cache.set(ACCESS_VERSION_KEY, secrets.token_hex(8), timeout=None)


def connect_signals(user_model) -> None:
    """Anything that changes someone's roles or permissions retires every record."""
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(forget_all_access, sender=through, dispatch_uid=f"access-{through}")
    for model in (Group, Permission, user_model):
        post_delete.connect(forget_all_access, sender=model, dispatch_uid=f"access-del-{model}")
    # A renamed group is another role (deletions cascade without an m2m signal: above).
    post_save.connect(forget_all_access, sender=Group, dispatch_uid="access-group-saved")
