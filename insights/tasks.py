"""Background refreshes of the rollups. Each is idempotent: it recomputes from the sources."""

import datetime

from celery import shared_task
from django.core.cache import cache

from . import services
from .scheduling import pending_key, schedule


@shared_task(ignore_result=True)
def refresh_day(day: str) -> None:
    """Recompute one local day (ISO date) after changes on it committed."""
    cache.delete(pending_key("day", day))
    services.rollup_refresh_day(day=datetime.date.fromisoformat(day))


@shared_task(ignore_result=True)
def refresh_snapshots() -> None:
    cache.delete(pending_key("snapshots"))
    services.snapshot_refresh()


# Re-evaluating everyone takes minutes at 100,000 people (it commits batch by batch): these
# two may run longer than the project's two-minute default.
LONG = {"time_limit": 60 * 60, "soft_time_limit": 55 * 60}


@shared_task(ignore_result=True, **LONG)
def refresh_eligibility(person_id: int | None = None) -> None:
    """Re-evaluate one person's evidence (or everyone's, after the rules changed), then the
    funnel."""
    cache.delete(pending_key("eligibility", person_id or "all"))
    services.eligibility_refresh(person_ids=None if person_id is None else [person_id])
    schedule(refresh_snapshots, "snapshots")


@shared_task(ignore_result=True, **LONG)
def nightly() -> None:
    """The last week's days again (a refresh lost while the broker was down comes back), every
    eligibility (evidence ages, rules change), then the snapshots (beat, daily)."""
    services.refresh_recent(days=7)
    services.eligibility_refresh()
    services.snapshot_refresh()
