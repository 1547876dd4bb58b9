"""The people's forge tokens, usable: what the importer calls the forges' APIs with.

Gitee's access tokens expire a day after they are issued and come with a refresh token;
GitHub's OAuth app tokens do not expire. ``forge_token`` hands out a token that works now,
refreshing an expired Gitee one first (one refresh at a time per token: Gitee's refresh
tokens are used once). Tokens never appear in logs or errors.
"""

import logging
from datetime import timedelta

import requests
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# A token this close to its expiry is refreshed first: it could expire in the middle of a run.
EXPIRY_MARGIN = timedelta(minutes=5)


class ForgeUnreachable(Exception):
    """The forge did not answer the refresh (network, timeout, 5xx, 429): try again later."""


def forge_token(account: SocialAccount) -> str | None:
    """A usable access token for the linked ``account``, or None when there is none: never
    stored, or expired and the forge refused to refresh it (the person must sign in with the
    forge again). Raises ``ForgeUnreachable`` when the forge could not be asked."""
    token = SocialToken.objects.filter(account=account).first()
    if token is None:
        return None
    if not _expiring(token):
        return token.token
    if account.provider != "gitee" or not token.token_secret:
        return None
    with transaction.atomic():
        token = SocialToken.objects.select_for_update().get(pk=token.pk)
        if not _expiring(token):  # another process refreshed it while we waited
            return token.token
        return _refresh_gitee(account, token)


def _expiring(token: SocialToken) -> bool:
    return token.expires_at is not None and token.expires_at <= timezone.now() + EXPIRY_MARGIN


def _refresh_gitee(account: SocialAccount, token: SocialToken) -> str | None:
    # Gitee's OAuth2 refresh (https://gitee.com/api/v5/oauth_doc): the refresh token goes in
    # the body, not the URL, so that no proxy or access log keeps it.
    try:
        with get_adapter().get_requests_session() as session:
            response = session.post(
                f"{settings.GITEE_OAUTH_URL}/oauth/token",
                data={"grant_type": "refresh_token", "refresh_token": token.token_secret},
            )
    except requests.RequestException as exc:
        raise ForgeUnreachable(f"Gitee did not answer ({type(exc).__name__})") from None
    if response.status_code >= 500 or response.status_code == 429:
        raise ForgeUnreachable(f"Gitee answered {response.status_code}")
    try:
        data = response.json() if response.status_code == 200 else {}
    except ValueError:
        data = {}
    if not data.get("access_token"):
        logger.warning(
            "Gitee refused to refresh the token of linked account %s (%s)",
            account.pk,
            response.status_code,
        )
        return None
    token.token = data["access_token"]
    token.token_secret = data.get("refresh_token") or token.token_secret
    expires_in = data.get("expires_in")
    token.expires_at = timezone.now() + timedelta(seconds=int(expires_in)) if expires_in else None
    token.save(update_fields=["token", "token_secret", "expires_at"])
    return token.token
