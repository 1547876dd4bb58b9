import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse


def development_mode(request):
    """Whether pages carry the development banner: DEBUG on because nobody set it."""
    return {"development_mode": settings.DEBUG and settings.DEBUG_BY_DEFAULT}


# The links of every page's frame (the navigation bar, the footer) and of the public pages' own
# navigation, by the name the templates use. They are the same for every request, so they are
# reversed once per process (per script prefix) instead of on each page: the signed-in
# navigation bar is rendered for every request, stored pages included, and every page that is
# not stored yet renders the frame.
NAVIGATION = {
    "home": "home",
    "programme": "criteria:programme",
    "wall": "honor_wall:wall",
    "apply": "applications:apply",
    "set_language": "set_language",
    "healthz": "healthz",
    "feed": "honor_wall:feed",
    "figures": "insights:figures",
    "figures_fragment": "insights:figures_fragment",
    "dashboard": "applications:dashboard",
    "queue": "reviews:queue",
    "insights": "insights:dashboard",
    "fulfilment": "benefits:offers",
    "profile": "applications:profile",
    "start": "applications:start",
    "certifications": "honor_wall:mine",
    "admin": "admin:index",
    "linked_accounts": "accounts:linked",
    "emails": "account_email",
    "password": "account_change_password",
    "second_factor": "mfa_index",
    "log_out": "account_logout",
    "log_in": "account_login",
    "sign_up": "account_signup",
}


@functools.lru_cache(maxsize=8)
def _navigation_urls(prefix: str, urlconf: str) -> dict[str, str]:
    urls = {}
    for key, name in NAVIGATION.items():
        try:
            urls[key] = reverse(name, urlconf=urlconf)
        except NoReverseMatch:  # an app whose pages this site does not serve: no link
            urls[key] = ""
    return urls


def navigation(request):
    """``nav_urls``: the navigation bar's links (``NAVIGATION``)."""
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return {"nav_urls": _navigation_urls(get_script_prefix(), urlconf)}
