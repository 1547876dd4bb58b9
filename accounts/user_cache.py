"""The signed-in person's account, read from the cache instead of the database on each request.

Every request with a session asks the authentication backend for the person by id
(``accounts.backends``); this answers from a record kept in the cache, in the same round trip
that fetches their roles and permissions (``accounts.access``), so a signed-in page that is
stored (``mindspore_growth.public_cache``) costs no query at all.

A record holds the account's columns except the password hash (which never goes to the cache),
and the session hash Django derives from it (``User.get_session_auth_hash``: a password changed
elsewhere still ends the other sessions). It counts only while two values it was stamped with
are unchanged: the person's own version, which gets a new value whenever their account is saved
or deleted (at once, and again once the transaction commits, so a record read between the change
and its commit does not outlive the commit: deactivation, a new password, a new address show on
the next request), and ``ACCESS_VERSION_KEY``, which changes when anyone is deleted (a deleted
person's id may be given again on SQLite) and between tests. Code that writes users with
``QuerySet.update()`` calls ``forget_user``. A cache that cannot be reached misses: the database
answers, as before.

The person read carries the two values as ``record_stamp``: what is kept rendered for them (the
personal parts of public pages, ``mindspore_growth.public_cache``) is kept under it, so it
changes with their account, roles and permissions as the record does (None: the cache cannot be
reached, keep nothing).

A signed-in request reads the session, then the person it names: two round trips.
``signed_in_user`` makes them one when this process has seen the session before (see there).
"""

import contextvars
import functools
import secrets
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth import get_user, get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.crypto import salted_hmac

from .access import access_keys, access_version, prime_access, version_in

RECORD_TIMEOUT = 24 * 60 * 60  # a person who stops visiting leaves the cache after a day
NOT_CACHED = frozenset({"password"})
LOCAL_SESSIONS = 4096  # the sessions whose person a process remembers (a key and an id each)
_session_people: OrderedDict[str, object] = OrderedDict()
# (id, what the cache held under ``_person_keys(id)``), read beside the session being checked.
_read_with_session = contextvars.ContextVar("read_with_session", default=None)


def signed_in_user(request):
    """Django's ``get_user(request)`` (the session checked against the account it names), with
    the session and that account read in one round trip instead of two when this process has
    seen the session before. A session names one person for as long as it exists (signing in
    starts a new one), so the person it named last time is the one to read beside it; that is
    only a guess, and ``get_user`` checks it: a session that names someone else (or nobody)
    costs the usual second round trip. The session itself is read afresh every time, so a
    session ended elsewhere ends here on the next request."""
    session = request.session
    pk = _session_people.get(session.session_key) if session.session_key else None
    if pk is None:
        user = get_user(request)
    else:
        found = cache.get_many([session.cache_key, *_person_keys(pk)])
        session.prime(found.get(session.cache_key))
        read = _read_with_session.set((pk, found))
        try:
            user = get_user(request)
        finally:
            _read_with_session.reset(read)
    if user.is_authenticated and session.session_key:
        _session_people[session.session_key] = user.pk
        _session_people.move_to_end(session.session_key)
        while len(_session_people) > LOCAL_SESSIONS:
            _session_people.popitem(last=False)
    return user


def user_by_id(user_id):
    """The active or inactive account with primary key ``user_id``, or None (the backends then
    answer as Django's do: an inactive person is not signed in)."""
    user_model = get_user_model()
    names = _cached_fields(user_model)
    keys = _person_keys(user_id)
    version_key, record_key = keys[0], keys[1]
    read = _read_with_session.get()
    found = read[1] if read is not None and read[0] == user_id else cache.get_many(keys)
    stamp = (access_version(found), version_in(found, version_key, RECORD_TIMEOUT))
    record = found.get(record_key)
    if record is not None and record[0] == stamp:
        user = user_model.from_db(DEFAULT_DB_ALIAS, names, record[1])
        user._session_auth_hash = record[2]
    else:
        user = user_model._default_manager.filter(pk=user_id).first()
        if user is None:
            return None
        if None not in stamp:  # None: the cache cannot be reached; store nothing
            values = tuple(getattr(user, name) for name in names)
            cache.set(record_key, (stamp, values, user.get_session_auth_hash()), RECORD_TIMEOUT)
    prime_access(user, found)
    user.record_stamp = None if None in stamp else stamp
    return user


def _person_keys(pk) -> list[str]:
    """What answers for the person ``pk``, in this order: their version, their record, then
    their access (``accounts.access``)."""
    return [_version_key(pk), _record_key(pk, _cached_fields(get_user_model())), *access_keys(pk)]


def forget_user(pk) -> None:
    """The cached account of ``pk`` stops counting: now, and again once the transaction commits
    (for writes that send no signal: ``QuerySet.update()``)."""
    _new_version(pk)
    transaction.on_commit(functools.partial(_new_version, pk))


def _forget_saved_or_deleted(sender, instance, **kwargs) -> None:
    forget_user(instance.pk)


def connect_signals(user_model) -> None:
    """Saving or deleting an account retires its record (deletion retires every record too:
    ``accounts.access``)."""
    post_save.connect(_forget_saved_or_deleted, sender=user_model, dispatch_uid="user-cache-save")
    post_delete.connect(_forget_saved_or_deleted, sender=user_model, dispatch_uid="user-cache-del")


@functools.cache
def _cached_fields(user_model) -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in user_model._meta.concrete_fields
        if field.attname not in NOT_CACHED
    )


@functools.lru_cache(maxsize=4)
def _shape(names: tuple[str, ...], secret_key: str) -> str:
    """What a record's key says about its contents: the columns it holds and the secret key its
    session hash was made with (a deploy that changes either reads none of the old records)."""
    return salted_hmac("accounts.user_cache", "|".join(names), secret=secret_key).hexdigest()[:12]


def _record_key(pk, names) -> str:
    return f"accounts:user:{_shape(names, settings.SECRET_KEY)}:{pk}"


def _version_key(pk) -> str:
    return f"accounts:user-version:{pk}"


def _new_version(pk) -> None:
    cache.set(_version_key(pk), secrets.token_hex(8), RECORD_TIMEOUT)
