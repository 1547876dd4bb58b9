"""Health of the parts the site depends on: database, cache and Celery broker."""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from kombu import Connection

logger = logging.getLogger(__name__)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        ping()  # the fail-open Redis backend would hide an outage from the round trip below
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value it was given")
    cache.delete(key)
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"  # no broker configured: tasks run in-process
    timeout = settings.HEALTHCHECK_TIMEOUT_SECONDS
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as conn:
        # No retry: a refused or silent broker is reported at once, so /healthz/ answers
        # within a second and the load balancer can act on it.
        conn.ensure_connection(max_retries=0, timeout=timeout)
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks() -> tuple[bool, dict[str, str]]:
    """Run every check; returns (healthy, {part: status})."""
    results = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # a health check reports every failure, whatever its kind
            logger.warning("health check %s failed: %s", name, exc)
            results[name] = "error"
            healthy = False
    return healthy, results
