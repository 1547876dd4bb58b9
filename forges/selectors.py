"""Reads of the import's state for the person's own pages."""

from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount

from .models import ForgeLink

FORGE_NAMES = {"gitee": "Gitee", "github": "GitHub"}


@dataclass(frozen=True)
class LinkStatus:
    forge: str
    name: str
    login: str
    link: ForgeLink | None

    @property
    def needs_sign_in(self) -> bool:
        return bool(self.link and self.link.needs_sign_in)


class LinkStatuses(list):
    @property
    def needing_sign_in(self):
        return [status for status in self if status.needs_sign_in]


def forge_links_of(user) -> LinkStatuses:
    """Each linked Gitee or GitHub account of ``user`` with its import state (one query)."""
    accounts = (
        SocialAccount.objects.filter(user=user, provider__in=FORGE_NAMES)
        .select_related("forge_link")
        .order_by("provider", "pk")
    )
    statuses = LinkStatuses()
    for account in accounts:
        try:
            link = account.forge_link
        except ForgeLink.DoesNotExist:
            link = None
        statuses.append(
            LinkStatus(
                forge=account.provider,
                name=FORGE_NAMES[account.provider],
                login=(account.extra_data or {}).get("login", ""),
                link=link,
            )
        )
    return statuses
