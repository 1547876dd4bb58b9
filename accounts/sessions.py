"""The session engine: Django's ``cached_db`` (each session kept in PostgreSQL and read from the
cache: a signed-in request costs no query for it; with the cache gone, or emptied, the database
answers), reading the backend names of sessions started before ``accounts.backends`` existed
as the names of our backends, so that nobody was signed out by the change."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends import cached_db

# Sessions live two weeks (SESSION_COOKIE_AGE): this can go after 2026-12-12.
FORMER_BACKENDS = {
    "django.contrib.auth.backends.ModelBackend": "accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend": (
        "accounts.backends.AuthenticationBackend"
    ),
}


class SessionStore(cached_db.SessionStore):
    _primed = None

    def prime(self, data) -> None:
        """``data``: what the cache holds for this session, read beside something else
        (``accounts.user_cache.signed_in_user``); None: read it as usual."""
        self._primed = data

    def load(self):
        primed, self._primed = self._primed, None
        return _renamed(primed if primed is not None else super().load())

    async def aload(self):
        return _renamed(await super().aload())


def _renamed(data: dict) -> dict:
    former = data.get(BACKEND_SESSION_KEY)
    if former in FORMER_BACKENDS:
        data[BACKEND_SESSION_KEY] = FORMER_BACKENDS[former]
    return data
