"""The client's address, the same for allauth's lock-out and DRF's throttles.

Behind ``TRUSTED_PROXY_COUNT`` proxies of our own, each appends the address it received the
request from to ``X-Forwarded-For``; the client is the entry that the outermost of ours wrote,
``n`` places from the right. Whatever stands left of it the client wrote and is ignored. With no
trusted proxy (the default) the header is ignored altogether: anyone can send it.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",")]
    if len(hops) < count:
        return remote  # it did not pass through all of our proxies
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
