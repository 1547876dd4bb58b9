"""A signed-in person's session and account come from the cache, and every change to the account
shows on the next request: a new address or language, a new password (which ends the other
sessions), deactivation (which signs out at once), deletion."""

import datetime
import importlib

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.backends import AuthenticationBackend, ModelBackend
from accounts.models import User
from accounts.user_cache import (
    _cached_fields,
    _record_key,
    _session_people,
    forget_user,
    signed_in_user,
    user_by_id,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-new-pass-2026"


def signed_in_as(client) -> str | None:
    """Whom the next request is signed in as (None: nobody)."""
    user = client.get("/honor-wall/").wsgi_request.user
    return user.email if user.is_authenticated else None


def test_the_account_is_read_once_then_comes_from_the_cache(django_assert_num_queries):
    user = UserFactory(email="li@example.org")
    with django_assert_num_queries(1):
        assert user_by_id(user.pk).email == "li@example.org"

    with django_assert_num_queries(0):
        again = user_by_id(user.pk)
        assert again.email == "li@example.org" and again.is_active
        assert again.get_session_auth_hash() == user.get_session_auth_hash()
        assert again.has_perm("benefits.manage_fulfilment") is False  # the roles came along


def test_a_stored_page_costs_a_signed_in_visitor_no_query(client, django_assert_num_queries):
    client.force_login(UserFactory(email="li@example.org"))
    assert signed_in_as(client) == "li@example.org"  # reads the account and roles once

    with django_assert_num_queries(0):
        assert signed_in_as(client) == "li@example.org"


def test_a_new_address_or_language_shows_on_the_next_request(client):
    user = UserFactory(email="li@example.org", language="en")
    client.force_login(user)
    assert signed_in_as(client) == "li@example.org"

    user.email, user.language = "li.hua@example.org", "zh-hans"
    user.save()

    assert signed_in_as(client) == "li.hua@example.org"
    assert user_by_id(user.pk).language == "zh-hans"


def test_the_password_hash_never_goes_to_the_cache_and_a_cached_account_saves_without_it():
    user = UserFactory()
    user_by_id(user.pk)  # stored
    cached = user_by_id(user.pk)
    assert "password" in cached.get_deferred_fields()

    cached.language = "zh-hans"
    cached.save()

    fresh = User.objects.get(pk=user.pk)
    assert fresh.language == "zh-hans" and fresh.check_password(TEST_PASSWORD)
    record = cache.get(_record_key(user.pk, _cached_fields(User)))
    assert record is not None and user.password not in repr(record)


def test_a_password_changed_elsewhere_ends_the_other_sessions():
    user = UserFactory(email="li@example.org")
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.force_login(user)
        assert signed_in_as(client) == "li@example.org"

    changed = here.post(
        "/accounts/password/change/",
        {"oldpassword": TEST_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302
    assert signed_in_as(here) == "li@example.org"  # the session that changed it goes on
    assert signed_in_as(elsewhere) is None


def test_deactivation_signs_out_at_once(client):
    user = UserFactory()
    client.force_login(user)
    assert signed_in_as(client) == user.email

    user.is_active = False
    user.save()  # what the admin does

    assert signed_in_as(client) is None
    assert client.get("/me/benefits/").status_code == 302


def test_a_write_without_signals_is_forgotten_by_hand(client):
    user = UserFactory()
    client.force_login(user)
    assert signed_in_as(client) == user.email

    User.objects.filter(pk=user.pk).update(is_active=False)
    forget_user(user.pk)

    assert signed_in_as(client) is None


def test_a_deleted_persons_account_never_answers_for_the_next_one_with_their_id():
    user = UserFactory(email="gone@example.org")
    pk = user.pk
    user_by_id(pk)
    user.delete()
    assert user_by_id(pk) is None

    UserFactory(id=pk, email="new@example.org")

    assert user_by_id(pk).email == "new@example.org"


def test_a_session_survives_an_emptied_cache(client):
    user = UserFactory()
    client.force_login(user)
    assert signed_in_as(client) == user.email

    cache.clear()

    assert signed_in_as(client) == user.email  # read from the database, and cached again
    assert cache.get(client.session.cache_key) is not None


def test_without_a_reachable_cache_the_database_answers(settings, client):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    user = UserFactory()
    client.force_login(user)

    assert signed_in_as(client) == user.email
    user.is_active = False
    user.save()
    assert signed_in_as(client) is None


def test_both_backends_answer_from_the_cache_and_refuse_the_inactive():
    active, inactive = UserFactory(), UserFactory(is_active=False)
    for backend in (ModelBackend(), AuthenticationBackend()):
        assert backend.get_user(active.pk) == active
        assert backend.get_user(inactive.pk) is None
        assert backend.get_user(active.pk + inactive.pk + 100) is None


def session_naming(user, backend: str) -> str:
    store = importlib.import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


@pytest.mark.parametrize(
    "former",
    [
        "django.contrib.auth.backends.ModelBackend",
        "allauth.account.auth_backends.AuthenticationBackend",
    ],
)
def test_sessions_started_with_the_former_backends_stay_signed_in(client, former):
    user = UserFactory()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_naming(user, former)

    assert signed_in_as(client) == user.email
    cache.clear()  # and read from the database
    assert signed_in_as(client) == user.email


def test_clearsessions_removes_expired_sessions_and_they_no_longer_sign_in(client):
    user = UserFactory()
    client.force_login(user)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - datetime.timedelta(days=1))
    cache.clear()  # a cached copy expires with the session (its timeout is the session's age)

    call_command("clearsessions")

    assert not Session.objects.filter(pk=key).exists()
    assert signed_in_as(client) is None


# --- The session and its person in one round trip ------------------------------------------------
@pytest.fixture
def cache_reads(monkeypatch):
    """The reads sent to the cache (each ``get`` or ``get_many`` is one round trip to Redis)."""
    reads, inside = [], []  # the local cache's get_many is a get per key: one read
    backend = type(caches["default"])  # the local cache, or Redis (CI's second pass)
    for name in ("get", "get_many"):
        original = getattr(backend, name)

        def counted(self, *args, _original=original, _name=name, **kwargs):
            if not inside:
                reads.append(_name)
            inside.append(_name)
            try:
                return _original(self, *args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(backend, name, counted)
    return reads


def session_request(client):
    """A request carrying ``client``'s session, read afresh as the next request would."""
    request = RequestFactory().get("/")
    request.session = importlib.import_module(settings.SESSION_ENGINE).SessionStore(
        client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return request


def test_a_session_seen_before_is_read_with_its_person_in_one_round_trip(
    client, cache_reads, django_assert_num_queries
):
    user = UserFactory(email="li@example.org")
    client.force_login(user)
    assert signed_in_user(session_request(client)) == user  # the session, then its person
    cache_reads.clear()

    with django_assert_num_queries(0):
        again = signed_in_user(session_request(client))

    assert again == user and again.email == "li@example.org" and again.is_authenticated
    assert cache_reads == ["get_many"]


def test_the_person_a_session_named_before_is_only_a_guess_the_session_decides(
    client, django_assert_num_queries
):
    user, other = UserFactory(email="li@example.org"), UserFactory(email="wang@example.org")
    client.force_login(user)
    for person in (user, other):
        user_by_id(person.pk)  # both cached
    request = session_request(client)
    _session_people[request.session.session_key] = other.pk  # a wrong guess

    # What was read beside the session answers for nobody else: theirs comes from the cache.
    with django_assert_num_queries(0):
        assert signed_in_user(request) == user
    assert _session_people[request.session.session_key] == user.pk


@pytest.mark.parametrize("change", ["signed out", "new password", "deactivated"])
def test_a_session_seen_before_ends_on_the_next_request_after_a_change(client, change):
    user = UserFactory()
    client.force_login(user)
    assert signed_in_user(session_request(client)) == user
    request = session_request(client)  # before the change: its cookie

    if change == "signed out":
        importlib.import_module(settings.SESSION_ENGINE).SessionStore(
            request.session.session_key
        ).delete()
    elif change == "new password":
        user.set_password(NEW_PASSWORD)
        user.save()
    else:
        user.is_active = False
        user.save()

    assert not signed_in_user(request).is_authenticated


def test_every_signed_in_page_reads_the_session_and_its_person_together(client, monkeypatch):
    user = UserFactory()
    client.force_login(user)
    client.get("/me/accounts/")  # the first visit: the session, then its person
    session_key = client.session.cache_key
    record_key = cache.make_key(_record_key(user.pk, _cached_fields(User)))
    asked = []
    backend = type(caches["default"])  # the local cache, or Redis (CI's second pass)
    original = backend.get_many

    def get_many(self, keys, *args, **kwargs):
        asked.append({self.make_key(key) for key in keys})
        return original(self, keys, *args, **kwargs)

    monkeypatch.setattr(backend, "get_many", get_many)

    response = client.get("/me/accounts/")

    assert response.status_code == 200 and response.wsgi_request.user == user
    assert any({cache.make_key(session_key), record_key} <= keys for keys in asked)
