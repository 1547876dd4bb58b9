"""Deploy checks for the project as a whole (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends whose contents live inside one process: every worker counts on its own.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, Tags.security, deploy=True)
def shared_cache_in_production(app_configs, **kwargs):
    """Lock-out counters, throttles and used one-time codes live in the cache: per process, the
    limit is multiplied by the number of workers and a code can be replayed on another one."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            f"The cache ({backend.rsplit('.', 1)[-1]}) is not shared between processes: login "
            "lock-outs, API throttles and two-factor code reuse are counted per worker.",
            hint="Set REDIS_URL (a shared cache and the Celery broker).",
            id="mindspore_growth.W001",
        )
    ]
