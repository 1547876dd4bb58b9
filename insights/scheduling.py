"""Queue a refresh once the transaction commits, at most one waiting per subject.

Many changes in a burst (a bulk action, a busy afternoon) queue one refresh: the first change
marks the subject pending in the cache and queues the task with a short delay; the task clears
the mark before it reads, so a change made while it runs queues the next one.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

PENDING_TIMEOUT = 600  # a mark whose task was lost expires; the nightly run catches up anyway


def pending_key(*parts) -> str:
    return "insights:pending:" + ":".join(str(part) for part in parts)


def schedule(task, *parts, args=()) -> None:
    """Queue ``task`` after commit unless one for the same subject (``parts``) is waiting."""
    key = pending_key(*parts)

    def queue():
        if not cache.add(key, 1, timeout=PENDING_TIMEOUT):
            return
        try:
            task.apply_async(args=args, countdown=settings.INSIGHTS_REFRESH_DELAY_SECONDS)
        except Exception:  # a broker that is down must not fail the change; nightly catches up
            cache.delete(key)
            logger.warning("Insights refresh %s not queued", key, exc_info=True)

    transaction.on_commit(queue, robust=True)
