"""Reads for accounts: the forge accounts a person linked."""

from dataclasses import dataclass
from datetime import datetime

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
