"""Project-wide periodic work and the worker heartbeat."""

from celery import shared_task
from django.core.cache import cache
from django.core.management import call_command


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    """Delete expired sessions (daily, from the beat schedule)."""
    call_command("clearsessions")


HEARTBEAT_KEY = "celery:heartbeat:{token}"


@shared_task(ignore_result=True)
def heartbeat(token: str) -> None:
    """Record in the cache that a worker ran this task (``manage.py celery_ping``, the tests)."""
    cache.set(HEARTBEAT_KEY.format(token=token), "done", timeout=300)
