"""Gitee's merged pull requests, read once for everyone into ``RepositoryPull``.

Gitee's v5 API lists pull requests per repository only, with no author filter, so reading them
per person would cost one listing per mapped repository per person (and a first import the whole
history of each). Instead each mapped repository is read once for everyone:

- the first time (and again every ``HISTORY_EVERY``, which finds pull requests that are gone),
  its whole history, newest first, 100 a page;
- afterwards only the pull requests updated since the last read (Gitee's ``since``, with an
  ``OVERLAP``), the first page conditional (``If-None-Match``): an unchanged repository costs one
  ``304``.

The hourly beat refresh syncs every repository before queueing the people; a single import
(linking, "Refresh now", ``import_contributions EMAIL``) syncs first only when the table is older
than ``FORGE_SHARED_LISTING_MAX_AGE_SECONDS``, under a cache lock so that two imports at once do
not both sync (the second reads the table as it is). Public repositories need no token; the sync
uses ``GITEE_TOKEN`` when set (its own rate limit), else the importing person's token, else none.

Rows are written page by page with bulk inserts and updates; ``changed_at`` moves only when a row
is new or differs, so an import can tell whether a person's pull requests changed.
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import clients
from .models import Repository, RepositoryPull

logger = logging.getLogger(__name__)

FORGE = "gitee"
# The whole history again this often: the only way to learn that a pull request is gone.
HISTORY_EVERY = datetime.timedelta(days=7)
# An incremental read asks for what changed since the last read minus this (clock skew, merges
# in flight while we read).
OVERLAP = datetime.timedelta(hours=1)
LOCK = "forges:gitee-pulls-sync"
# Set when Gitee was down or limited us, until the time it asked for: the imports meanwhile do
# not try again one after another (each would spend calls on the same refusal).
WAIT = "forges:gitee-pulls-sync-wait"
# Longer than a whole history takes; a process that dies holding the lock frees it after this.
LOCK_SECONDS = 30 * 60
BATCH = 500
FIELDS = ("author", "merged_at", "data")


@dataclass
class SyncResult:
    calls: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    not_modified: int = 0  # repositories that answered 304
    locked: bool = False  # another process was syncing: nothing done


def repositories() -> list[Repository]:
    """The mapped Gitee repositories, with their organisation (one query)."""
    return list(
        Repository.objects.filter(organisation__forge=FORGE)
        .select_related("organisation")
        .order_by("pk")
    )


def is_stale(repos, now) -> bool:
    max_age = datetime.timedelta(seconds=settings.FORGE_SHARED_LISTING_MAX_AGE_SECONDS)
    return any(r.pulls_synced_at is None or r.pulls_synced_at <= now - max_age for r in repos)


def is_complete(repos) -> bool:
    """Every repository's whole history was read: a pull request missing from the table is gone."""
    return all(r.pulls_history_at is not None for r in repos)


def pulls_sync(*, repos=None, token="", session=None, now=None) -> SyncResult:
    """Bring the shared table up to date for ``repos`` (default: every mapped Gitee repository).

    Only one process syncs at a time (``LOCK``); the others return at once with ``locked``. A
    repository Gitee does not know (404) is logged for the admin and skipped. Any other forge
    error (``clients.ForgeError``) stops the sync and is raised: repositories read before it are
    kept, the one it interrupted is read again next time (its state is untouched), and the
    imports do not try again before the time the forge asked for (``WAIT``).
    """
    now = now or timezone.now()
    repos = repositories() if repos is None else repos
    result = SyncResult()
    if not cache.add(LOCK, 1, timeout=LOCK_SECONDS):
        result.locked = True
        return result
    client = clients.GiteeClient(token, session=session)
    try:
        for repository in repos:
            try:
                _sync_repository(client, repository, now, result)
            except clients.NotFound:
                _not_found(repository, now)
    except clients.Unavailable as exc:
        wait = (exc.retry_at - timezone.now()).total_seconds()
        cache.set(WAIT, 1, timeout=max(60, round(wait)))
        raise
    finally:
        result.calls = client.calls
        cache.delete(LOCK)
    return result


def refresh_if_stale(*, repos, person_token="", session=None, now=None) -> SyncResult:
    """Sync before an import when the table is older than its allowed age.

    A forge that is down or rate limits the sync is logged and the import goes on with the table
    as it is. A refused token is the person's problem only when it was theirs
    (``clients.SignInRequired`` is raised); our ``GITEE_TOKEN`` refused is logged.
    """
    now = now or timezone.now()
    if not is_stale(repos, now) or cache.get(WAIT):
        return SyncResult()
    ours = settings.GITEE_TOKEN
    try:
        return pulls_sync(repos=repos, token=ours or person_token, session=session, now=now)
    except clients.SignInRequired:
        if not ours and person_token:
            raise
        logger.error("Gitee refused GITEE_TOKEN while reading the shared pull requests")
        cache.set(WAIT, 1, timeout=round(clients.DEFAULT_WAIT.total_seconds()))
    except clients.ForgeError as exc:
        logger.warning("Shared Gitee pull requests not read now: %s", exc)
    return SyncResult()


def _sync_repository(client, repository: Repository, now, result: SyncResult) -> None:
    history = (
        repository.pulls_synced_at is None
        or repository.pulls_history_at is None
        or repository.pulls_history_at <= now - HISTORY_EVERY
    )
    since = None if history else repository.pulls_synced_at - OVERLAP
    etag = "" if history else repository.pulls_etag
    owner = repository.organisation.name
    first_etag, seen = etag, set()
    for page, response in enumerate(
        client.repository_pulls(owner, repository.name, since=since, etag=etag)
    ):
        if response.status_code == 304:
            result.not_modified += 1
            break
        if page == 0:
            first_etag = response.headers.get("ETag", "")
        seen |= _store_page(repository, response.json(), result)
    if history and not seen and RepositoryPull.objects.filter(repository=repository).exists():
        # A whole history that lists nothing where there was something looks like a forge
        # glitch: everyone's pull requests would go on its word. Kept; read again next time.
        logger.warning("Gitee listed no merged pull requests for %s; kept", repository)
        history = False
    if history:
        _drop_gone(repository, seen, result)
        repository.pulls_history_at = now
    repository.pulls_etag = first_etag
    repository.pulls_synced_at = now
    Repository.objects.filter(pk=repository.pk).update(
        pulls_etag=first_etag, pulls_synced_at=now, pulls_history_at=repository.pulls_history_at
    )


def _not_found(repository: Repository, now) -> None:
    """Gitee does not know the repository: said in the log for whoever keeps the mapping, and
    counted as read, so the imports do not try it again and again. With no rows it is an empty,
    complete history; rows it had stay (a glitch must not retire everyone's pull requests)."""
    logger.error(
        "Gitee has no repository %s/%s (404): check the mapping in the admin",
        repository.organisation.name,
        repository.name,
    )
    if repository.pulls_history_at is None and not repository.pulls.exists():
        repository.pulls_history_at = now
    repository.pulls_synced_at = now
    Repository.objects.filter(pk=repository.pk).update(
        pulls_synced_at=now, pulls_history_at=repository.pulls_history_at
    )


def _drop_gone(repository, seen: set[int], result: SyncResult) -> None:
    """After a whole history: the rows it did not list are gone from the forge."""
    numbers = RepositoryPull.objects.filter(repository=repository).values_list("number", flat=True)
    gone = sorted(set(numbers).difference(seen))
    for start in range(0, len(gone), BATCH):
        result.deleted += RepositoryPull.objects.filter(
            repository=repository, number__in=gone[start : start + BATCH]
        ).delete()[0]


def row_of(raw: dict) -> dict | None:
    """The parts of a Gitee pull request the table keeps; ``None`` unless merged."""
    merged_at = raw.get("merged_at")
    number = raw.get("number")
    if raw.get("state") != "merged" or not merged_at or not isinstance(number, int):
        return None
    login = ((raw.get("user") or {}).get("login") or "").lower()
    full_name = ((raw.get("base") or {}).get("repo") or {}).get("full_name", "")
    return {
        "number": number,
        "author": login,
        "merged_at": datetime.datetime.fromisoformat(merged_at.replace("Z", "+00:00")),
        # What mapping.gitee_item reads, in the API's shape.
        "data": {
            "id": raw.get("id"),
            "number": number,
            "url": raw.get("url") or "",
            "html_url": raw.get("html_url") or "",
            "title": raw.get("title") or "",
            "state": "merged",
            "merged_at": merged_at,
            "base": {"repo": {"full_name": full_name}},
        },
    }


def _store_page(repository, items, result: SyncResult) -> set[int]:
    """Insert the page's new pull requests and update the changed ones (three queries at most).

    ``changed_at`` is the time of this write, not of the sync's start: a whole history takes
    minutes, and an import reading the table meanwhile must see these rows as newer than it."""
    now = timezone.now()
    rows = {}
    for raw in items:
        row = row_of(raw)
        if row is not None and row["author"]:
            rows[row["number"]] = row
    if not rows:
        return set()
    existing = {
        pull.number: pull
        for pull in RepositoryPull.objects.filter(repository=repository, number__in=list(rows))
    }
    new, changed = [], []
    for number, row in rows.items():
        pull = existing.get(number)
        if pull is None:
            new.append(RepositoryPull(repository=repository, changed_at=now, **row))
            continue
        if all(getattr(pull, name) == row[name] for name in FIELDS):
            continue
        for name in FIELDS:
            setattr(pull, name, row[name])
        pull.changed_at = now
        changed.append(pull)
    with transaction.atomic():
        RepositoryPull.objects.bulk_create(new, batch_size=BATCH)
        RepositoryPull.objects.bulk_update(changed, [*FIELDS, "changed_at"], batch_size=BATCH)
    result.created += len(new)
    result.updated += len(changed)
    return set(rows)


def pulls_of(login: str, repos) -> list[RepositoryPull]:
    """The person's merged pull requests in ``repos``, from the table (one query)."""
    if not login:
        return []
    return list(
        RepositoryPull.objects.filter(
            author=login.lower(), repository__in=[r.pk for r in repos]
        ).only("data", "changed_at")
    )
