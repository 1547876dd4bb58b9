"""One value that changes whenever the review queue may change, so that what is computed over
every open application (the queue's counts, ``reviews.selectors.queue_counts``) can be kept
under it instead of being computed again on each request.

It changes with every move of the workflow (``workflow.application_transition``: submitted,
claimed, released, decided, withdrawn) and with each change of who holds a claim or who
declared a conflict (``reviews``' receivers). It changes in the transaction and again once it
commits: a count computed in between, from the data as it was, is never read after the commit,
so a reviewer always sees their own action counted.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "applications:queue:version"


def _set_new_version() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def queue_changed() -> None:
    """The queue may differ from now on: what was kept under the old version is not read
    again."""
    _set_new_version()
    transaction.on_commit(_set_new_version)


def queue_version() -> str | None:
    """The current version (made on first use); ``None`` while the cache cannot be reached,
    when nothing should be kept."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        version = cache.get(VERSION_KEY)
    return version
