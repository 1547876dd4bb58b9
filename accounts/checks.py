"""Checks of the forge sign-in settings (``manage.py check``; the https one with ``--deploy``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def forge_apps_complete(app_configs, **kwargs):
    """A client id without its secret would show the button and then fail every sign-in."""
    problems = []
    for forge in ("GITEE", "GITHUB"):
        client_id = getattr(settings, f"{forge}_CLIENT_ID", "")
        secret = getattr(settings, f"{forge}_CLIENT_SECRET", "")
        if bool(client_id) != bool(secret):
            present, missing = (
                (f"{forge}_CLIENT_ID", f"{forge}_CLIENT_SECRET")
                if client_id
                else (f"{forge}_CLIENT_SECRET", f"{forge}_CLIENT_ID")
            )
            problems.append(
                Error(
                    f"{present} is set but {missing} is not.",
                    hint=f"Set both (the forge's OAuth app), or neither to hide {forge.title()}.",
                    id="accounts.E001",
                )
            )
    return problems


@register(Tags.security, deploy=True)
def forge_addresses_use_https(app_configs, **kwargs):
    """Codes, tokens and client secrets travel to these addresses: never in plain HTTP in
    production (a stand-in forge on http:// is for development only)."""
    names = ("GITEE_OAUTH_URL", "GITEE_API_URL", "GITHUB_OAUTH_URL", "GITHUB_API_URL")
    plain = [name for name in names if urlsplit(getattr(settings, name, "")).scheme != "https"]
    if settings.DEBUG or not plain:
        return []
    return [
        Warning(
            f"{', '.join(plain)} not on https: OAuth codes and tokens would travel in clear.",
            hint="Point them at the forges (the defaults) or at an https address.",
            id="accounts.W001",
        )
    ]
