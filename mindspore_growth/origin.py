"""Whether a request was sent by a page of another site, read from what browsers say about it.

Browsers name where a request comes from in ``Sec-Fetch-Site`` (all current ones) and, on every
cross-origin POST, in ``Origin``. That is the protection for the one form that cannot carry a
per-visitor CSRF token: the language switch on the public pages, which are stored once for every
anonymous visitor (``mindspore_growth.public_cache``), so they hold no one's token and answer
with no cookie. A request naming neither header does not come from a browser page, so no visitor
can be tricked into sending it.
"""

from django.conf import settings

SAME_SITE_FETCHES = {"same-origin", "none"}  # "none": typed in, a bookmark


def sent_from_another_site(request) -> bool:
    fetched_from = request.META.get("HTTP_SEC_FETCH_SITE")
    if fetched_from is not None:
        return fetched_from not in SAME_SITE_FETCHES
    origin = request.META.get("HTTP_ORIGIN")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS
