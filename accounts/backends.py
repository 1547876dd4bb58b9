"""Our authentication backends: Django's and allauth's, with the signed-in person read from the
cache on each request (``accounts.user_cache``) instead of the database.

Signing in is theirs unchanged; only ``get_user``, which every request with a session asks, is
ours. Sessions started before these existed name Django's and allauth's classes:
``accounts.sessions`` reads those names as these.
"""

from allauth.account import auth_backends as allauth_backends
from asgiref.sync import sync_to_async
from django.contrib.auth import backends as django_backends

from .user_cache import user_by_id


class CachedUserMixin:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)


class ModelBackend(CachedUserMixin, django_backends.ModelBackend):
    """Django's: the password sign-in of the admin and of ``authenticate()`` callers."""


class AuthenticationBackend(CachedUserMixin, allauth_backends.AuthenticationBackend):
    """allauth's: signing in by email address (and what allauth's flows log in)."""
