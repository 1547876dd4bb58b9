"""Reads for accounts: the forge accounts a person linked, and how recently they signed in."""

import time
from dataclasses import dataclass
from datetime import datetime

from allauth.account.internal.flows.login import get_authentication_records
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount

# The forges people sign in with and link (allauth provider id -> name).
FORGES = {"gitee": "Gitee", "github": "GitHub"}


@dataclass(frozen=True)
class LinkedAccount:
    id: int
    forge: str
    login: str
    uid: str
    profile_url: str
    linked_at: datetime

    @property
    def forge_name(self) -> str:
        return FORGES[self.forge]


def linked_accounts(user) -> list[LinkedAccount]:
    """The person's linked forge accounts, Gitee first; the login is the forge's, as its
    ``/user`` said when they last signed in with it."""
    if not getattr(user, "pk", None):
        return []
    accounts = SocialAccount.objects.filter(user=user, provider__in=FORGES).order_by(
        "provider", "pk"
    )
    return [
        LinkedAccount(
            id=account.pk,
            forge=account.provider,
            login=str(account.extra_data.get("login") or ""),
            uid=account.uid,
            profile_url=str(account.extra_data.get("html_url") or ""),
            linked_at=account.date_joined,
        )
        for account in accounts
    ]


def linked_logins(user) -> dict[str, str]:
    """``{forge: login}`` of the person's linked accounts (one account per forge)."""
    return {account.forge: account.login for account in linked_accounts(user) if account.login}


# How fresh a sign-in stands in for a password a person does not have (allauth's
# reauthentication window).
RECENT_SIGN_IN_SECONDS = 5 * 60


def signed_in_recently(request) -> bool:
    """Whether the person signed in during this session (password, code or forge) within the
    last five minutes: what someone without a password shows before an irreversible step.
    The records are allauth's, kept in the session at each sign-in."""
    records = get_authentication_records(request, request.user)
    return bool(records) and time.time() - records[-1]["at"] < RECENT_SIGN_IN_SECONDS


def sign_in_again_forges(request) -> list:
    """allauth providers the person can sign in again with: their linked, configured forges."""
    linked = {account.forge for account in linked_accounts(request.user)}
    return [p for p in get_adapter().list_providers(request) if p.id in linked]
