"""Django's authentication middleware, reading the signed-in person beside their session."""

from django.contrib.auth import middleware
from django.utils.functional import SimpleLazyObject

from .user_cache import signed_in_user


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, with ``request.user`` read through ``signed_in_user``: the session and the
    account it names in one round trip once this process has seen the session (two before)."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


def _user(request):
    # Django's own attribute for the person read once per request (allauth clears it to read
    # the person again).
    if not hasattr(request, "_cached_user"):
        request._cached_user = signed_in_user(request)
    return request._cached_user
