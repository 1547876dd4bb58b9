"""Importing a person's contributions from their linked forge accounts, as evidence.

For each linked Gitee or GitHub account: read the person's merged pull requests and issues in
the configured organisations, map them (``mapping``), and write them in bulk as evidence with
``source = imported``, the forge, the API address and when it was read. Deduplicated by URL (a
declared item with the same link is taken over); running it again changes nothing. An item the
forge no longer lists is deleted only if no application ever used it; otherwise it is kept and
marked missing. Evidence under review (``applications.services.evidence_is_locked``) waits for
the next refresh. A forge that is down changes nothing (the link records when to try again); a
refused token marks the link as needing sign-in and tells the person once. Afterwards
eligibility is recomputed, and a tier the person newly meets is announced once.
"""

import datetime
import logging
from dataclasses import dataclass, field

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.forge_tokens import ForgeUnreachable, forge_token
from applications.models import Application, Evidence
from applications.models.application import LOCKED_STATES
from applications.selectors import eligibility_of
from notifications.kinds import Kind
from notifications.services import notification_enqueue

from . import clients, mapping, shared
from .models import EligibilityNotice, ForgeLink, Organisation

logger = logging.getLogger(__name__)

FORGES = ("gitee", "github")
# A listing of everything (which finds items that disappeared) at least this often; in between,
# only what changed since the last refresh (one cheap call when nothing did).
FULL_IMPORT_EVERY = datetime.timedelta(days=7)
# Incremental listings start this long before the last refresh, so nothing falls between two.
OVERLAP = datetime.timedelta(days=1)
BATCH = 500
# A person's pull requests in the shared table count as changed when a row changed after their
# last refresh less this: a row written while that import read the table is seen the next time.
PULLS_MARGIN = datetime.timedelta(hours=1)

PROBLEM_SIGN_IN = gettext_noop("The forge no longer accepts your sign-in. Sign in with it again.")
PROBLEM_UNAVAILABLE = gettext_noop("The forge did not answer; we will try again later.")


@dataclass
class AccountResult:
    provider: str
    created: int = 0
    updated: int = 0
    missing: int = 0
    deleted: int = 0
    deferred: int = 0
    not_modified: bool = False
    calls: int = 0  # the person's own requests
    shared_calls: int = 0  # requests that synced the shared table first (Gitee)
    problem: str = ""


@dataclass
class ImportResult:
    accounts: list[AccountResult] = field(default_factory=list)
    newly_eligible: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(r.created or r.updated or r.missing or r.deleted for r in self.accounts)


def forge_rules(forge: str) -> mapping.Rules:
    """The organisations of ``forge`` with their repository scopes (two queries)."""
    organisations = list(Organisation.objects.filter(forge=forge).prefetch_related("repositories"))
    scopes, repositories = {}, []
    for organisation in organisations:
        for repository in organisation.repositories.all():
            scopes[(organisation.name.lower(), repository.name.lower())] = repository.scope
            repositories.append(repository)
    return mapping.Rules({o.name.lower(): o for o in organisations}, scopes, tuple(repositories))


def linked_accounts(user):
    return SocialAccount.objects.filter(user=user, provider__in=FORGES).order_by("provider", "pk")


def import_contributions(*, user, session=None, now=None, due_only=False) -> ImportResult:
    """Import every linked forge account of ``user``, then follow up on eligibility.

    ``due_only`` (the daily refresh) skips links refreshed within the day or told to wait.
    """
    now = now or timezone.now()
    result = ImportResult()
    accounts = list(linked_accounts(user).select_related("forge_link", "user"))
    if not accounts:
        return result
    before = []  # what the person met before the first write; an unchanged person costs nothing

    def remember_eligibility():
        if not before:
            before.append(_eligible_tiers(user))

    for account in accounts:
        link = _link_of(account)
        if due_only and not _due(link, now):
            continue
        result.accounts.append(
            import_account(
                account=account,
                link=link,
                session=session,
                now=now,
                before_write=remember_eligibility,
            )
        )
    if result.changed:
        result.newly_eligible = _announce_new_eligibility(user, before[0])
    return result


def _link_of(account) -> ForgeLink:
    try:
        return account.forge_link
    except ForgeLink.DoesNotExist:
        link, _created = ForgeLink.objects.get_or_create(account=account)
        return link


def _due(link: ForgeLink, now) -> bool:
    if link.needs_sign_in:
        return False
    if link.retry_after and link.retry_after > now:
        return False
    return link.refreshed_at is None or link.refreshed_at <= now - datetime.timedelta(hours=23)


def import_account(
    *, account, link=None, session=None, now=None, before_write=None
) -> AccountResult:
    """Read one linked account's contributions and write them (see the module's rules)."""
    now = now or timezone.now()
    link = link or _link_of(account)
    outcome = AccountResult(provider=account.provider)
    try:
        token = forge_token(account)  # refreshes an expired Gitee token first
    except ForgeUnreachable:
        return _postponed(link, account, outcome, now, "token refresh: no answer", None)
    login = (account.extra_data or {}).get("login") or ""
    if not token or not login:
        _needs_sign_in(link, account, now)
        outcome.problem = PROBLEM_SIGN_IN
        return outcome
    rules = forge_rules(account.provider)
    full = link.full_import_at is None or link.full_import_at <= now - FULL_IMPORT_EVERY
    since = None if full else (link.refreshed_at or now) - OVERLAP
    client = clients.CLIENTS[account.provider](token, session=session)
    try:
        if account.provider == "gitee":
            outcome.shared_calls = shared.refresh_if_stale(
                repos=rules.repositories, person_token=token, session=session, now=now
            ).calls
        listing = client.listing(
            login=login,
            organisations=[o.name for o in rules.organisations.values()],
            since=since,
            etags=link.etags or {},
        )
    except clients.SignInRequired:
        outcome.calls = client.calls
        _needs_sign_in(link, account, now)
        outcome.problem = PROBLEM_SIGN_IN
        return outcome
    except clients.ForgeError as exc:
        outcome.calls = client.calls
        return _postponed(link, account, outcome, now, exc, getattr(exc, "retry_at", None))
    outcome.calls = listing.calls
    listed_all = not listing.not_modified
    if account.provider == "gitee":
        retire = _add_shared_pulls(listing, login, link, rules)
    else:
        # An empty answer where there was something looks like a forge glitch more than a person
        # who lost every contribution at once: nothing is retired on its word.
        retire = mapping.IMPORTED_KINDS if listing.complete and listing.items else frozenset()
    outcome.not_modified = listing.not_modified
    if not listing.not_modified and before_write is not None:
        before_write()
    with transaction.atomic():
        if not listing.not_modified:
            items = {}
            mapper = mapping.MAPPERS[account.provider]
            for raw in listing.items:
                item = mapper(raw, rules)
                if item is not None:
                    items[item.url] = item
            _write(account.user, account.provider, items, retire, now, outcome)
        ForgeLink.objects.filter(pk=link.pk).update(
            etags=listing.etags,
            refreshed_at=now,
            attempted_at=now,
            retry_after=None,
            needs_sign_in=False,
            problem="",
            **({"full_import_at": now} if full and listed_all else {}),
        )
    return outcome


def _add_shared_pulls(listing: clients.Listing, login: str, link: ForgeLink, rules) -> frozenset:
    """Add the person's merged pull requests from the shared table (``forges.shared``) to their
    Gitee listing of issues; return the kinds whose missing items may be retired.

    Issues are retired only on a complete, non-empty answer (an empty one looks like a glitch);
    pull requests only once every repository's whole history is in the table. When the issues
    did not change (304), the person is unchanged unless one of their pull requests came or
    changed since their last refresh (``PULLS_MARGIN``); then only the pull requests are
    written.
    """
    pulls = shared.pulls_of(login, rules.repositories)
    issues_complete = listing.complete and bool(listing.items)
    if listing.not_modified:
        since = link.refreshed_at - PULLS_MARGIN if link.refreshed_at else None
        if since is not None and all(pull.changed_at < since for pull in pulls):
            return frozenset()
        listing.not_modified, listing.items, issues_complete = False, [], False
    listing.items.extend(pull.data for pull in pulls)
    retire = mapping.ISSUE_KINDS if issues_complete else frozenset()
    if shared.is_complete(rules.repositories):
        retire |= mapping.PULL_KINDS
    return retire


def _postponed(link, account, outcome, now, why, retry_at) -> AccountResult:
    """Down or rate limited: nothing is written but when to try again."""
    logger.warning("Import of %s account %s postponed: %s", account.provider, account.pk, why)
    ForgeLink.objects.filter(pk=link.pk).update(
        attempted_at=now,
        retry_after=retry_at or now + clients.DEFAULT_WAIT,
        problem=PROBLEM_UNAVAILABLE,
    )
    outcome.problem = PROBLEM_UNAVAILABLE
    return outcome


def _write(user, forge, items: dict, retire: frozenset, now, outcome: AccountResult) -> None:
    """Create, update and retire the user's imported evidence of ``forge`` to match ``items``:
    imported evidence of the kinds in ``retire`` that ``items`` lacks is gone from the forge."""
    used = Application.objects.filter(evidence=OuterRef("pk"))
    locked = Application.objects.filter(
        evidence=OuterRef("pk"), state__in=[s.value for s in LOCKED_STATES]
    )
    mine = Evidence.objects.filter(owner=user).annotate(used=Exists(used), locked=Exists(locked))
    compared = [*Evidence.IMPORTED_FIELDS, "source", "forge", "api_url", "external_id"]
    candidates = mine.filter(url__in=[*items, *(url + "/" for url in items)]).only(
        *compared, "verification", "missing_since"
    )
    existing = {evidence.url.rstrip("/"): evidence for evidence in candidates}
    verified = {
        "verification": Evidence.Verification.VERIFIED,
        "verification_note": gettext_noop("Imported from the forge."),
        "checked_at": now,
    }
    new, changed = [], []
    for url, item in items.items():
        evidence = existing.get(url)
        if evidence is None:
            new.append(
                Evidence(
                    owner=user,
                    url=url,
                    source=Evidence.Source.IMPORTED,
                    forge=forge,
                    fetched_at=now,
                    **item.values(),
                    **verified,
                )
            )
            continue
        wanted = {**item.values(), "url": url, "source": Evidence.Source.IMPORTED, "forge": forge}
        if evidence.missing_since is not None:
            wanted["missing_since"] = None
        differs = {
            name: value for name, value in wanted.items() if getattr(evidence, name) != value
        }
        if not differs:
            continue
        if evidence.locked:
            outcome.deferred += 1  # under review: it changes once the review is over
            continue
        for name, value in differs.items():
            setattr(evidence, name, value)
        evidence.fetched_at = now
        if evidence.verification != Evidence.Verification.REJECTED:
            for name, value in verified.items():
                setattr(evidence, name, value)
        changed.append(evidence)
    Evidence.objects.bulk_create(new, batch_size=BATCH)
    if changed:
        Evidence.objects.bulk_update(
            changed,
            [
                *Evidence.IMPORTED_FIELDS,
                "source",
                "forge",
                "api_url",
                "external_id",
                "fetched_at",
                "missing_since",
                "verification",
                "verification_note",
                "checked_at",
                "updated_at",
            ],
            batch_size=BATCH,
        )
    outcome.created, outcome.updated = len(new), len(changed)
    if retire:
        gone = mine.filter(source=Evidence.Source.IMPORTED, forge=forge).exclude(
            url__in=list(items)
        )
        if retire != mapping.IMPORTED_KINDS:
            gone = gone.filter(kind__in=retire)
        outcome.deleted, _by_model = gone.filter(used=False).delete()
        outcome.missing = gone.filter(used=True, missing_since__isnull=True).update(
            missing_since=now,
            verification=Evidence.Verification.UNVERIFIED,
            verification_note=gettext_noop("The forge no longer lists it."),
            checked_at=now,
        )


def _needs_sign_in(link: ForgeLink, account, now) -> None:
    """Mark the link and tell the person, once per time it happens."""
    with transaction.atomic():
        flipped = ForgeLink.objects.filter(pk=link.pk, needs_sign_in=False).update(
            needs_sign_in=True, attempted_at=now, problem=PROBLEM_SIGN_IN
        )
        if flipped:
            notification_enqueue(
                recipient=account.user,
                kind=Kind.FORGE_SIGN_IN_NEEDED,
                context={
                    "forge": account.provider,
                    "url": settings.SITE_URL + reverse("applications:evidence_list"),
                },
            )


def _eligible_tiers(user) -> set[str]:
    return {
        row.tier.slug
        for row in eligibility_of(user)
        if row.evaluation.eligible and not row.held and row.open_application is None
    }


def _announce_new_eligibility(user, before: set[str]) -> list[str]:
    """Tiers the user meets now and did not before: one notice each, ever."""
    rows = [
        row
        for row in eligibility_of(user)
        if row.evaluation.eligible
        and not row.held
        and row.open_application is None
        and row.tier.slug not in before
    ]
    announced = []
    for row in rows:
        try:
            with transaction.atomic():
                EligibilityNotice.objects.create(person=user, tier=row.tier)
                notification_enqueue(
                    recipient=user,
                    kind=Kind.TIER_QUALIFIED,
                    context={
                        "tier_name_en": row.tier.name_en,
                        "tier_name_zh": row.tier.name_zh,
                        "url": settings.SITE_URL
                        + reverse("applications:application_new", args=[row.tier.slug]),
                    },
                )
        except IntegrityError:
            continue  # told before (or by a concurrent import)
        announced.append(row.tier.slug)
    return announced


def people_to_refresh():
    """Everyone with a linked forge account (for ``--all`` and the daily refresh)."""
    return (
        get_user_model()
        .objects.filter(socialaccount__provider__in=FORGES, is_active=True)
        .distinct()
        .order_by("pk")
    )
