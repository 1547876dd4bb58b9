"""Django's Redis cache, made to fail open: Redis being gone slows the site, never breaks it.

When Redis cannot be reached, reads miss, writes are dropped, and ``add`` reports success, so
anything built on the cache carries on uncached: allauth's rate limits and DRF's throttles let
the request through (allauth's lock spins on ``add`` for a second and then refuses the request,
which is why django-redis's ``IGNORE_EXCEPTIONS``, whose ``add`` answers false, is not enough).

Two things keep an outage cheap and harmless:

- after a failure the process stops asking Redis for ``retry_after`` seconds (a host that does
  not answer would otherwise cost a connect timeout on every cache call);
- the keys whose writes were dropped are remembered and deleted once Redis answers again, so a
  version bump or an invalidation made during the outage is not lost when Redis comes back with
  its old contents (a network split rather than a restart).
"""

import logging
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# At most this many dropped writes are remembered per Redis location; beyond it the oldest are
# forgotten (an outage long enough for that has far bigger consequences than a stale fragment).
MAX_LOST_KEYS = 10_000


class Outage:
    """What one process knows about one Redis location: since when it failed, until when to
    leave it alone, and which keys lost a write meanwhile."""

    def __init__(self):
        self.lock = threading.Lock()
        self.paused_until = 0.0
        self.lost: OrderedDict[str, None] = OrderedDict()

    def paused(self) -> bool:
        return time.monotonic() < self.paused_until

    def trip(self, location: str, retry_after: float, exc: Exception) -> None:
        with self.lock:
            if not self.paused():
                logger.warning(
                    "Cache at %s unreachable (%s); serving uncached for %.0f s",
                    location,
                    exc,
                    retry_after,
                )
            self.paused_until = time.monotonic() + retry_after

    def remember(self, keys) -> None:
        with self.lock:
            for key in keys:
                self.lost[key] = None
                self.lost.move_to_end(key)
            while len(self.lost) > MAX_LOST_KEYS:
                self.lost.popitem(last=False)

    def take_lost(self) -> list[str]:
        with self.lock:
            keys = list(self.lost)
            self.lost.clear()
            return keys


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_for(location: str) -> Outage:
    with _outages_lock:
        return _outages.setdefault(location, Outage())


class FailOpenRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, retry_after=5.0, **options):
        super().__init__(servers, **options)
        self._location = ",".join(servers)
        self._retry_after = float(retry_after)
        self._outage = outage_for(self._location)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """One ``redis.Redis`` per connection pool, kept: Django builds a new one for every
        command, and building one (its table of about 170 response callbacks) costs more CPU
        than the round trip itself. A client is safe to share between threads: each command
        takes a connection from the pool."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _call(self, method, fallback, *args, written=()):
        """Run ``method`` against Redis; on failure (or while paused) answer ``fallback`` and
        remember the keys whose writes were dropped."""
        outage = self._outage
        if outage.paused():
            outage.remember(written)
            return fallback
        try:
            if outage.lost:
                self._repair()
            return method(*args)
        except RedisError as exc:
            outage.trip(self._location, self._retry_after, exc)
            outage.remember(written)
            return fallback

    def _repair(self) -> None:
        """Redis answers again: delete what was written, or should have been, during the
        outage. Raises if Redis is still gone (the keys are then remembered again)."""
        keys = self._outage.take_lost()
        try:
            super().delete_many(keys)
        except RedisError:
            self._outage.remember(keys)
            raise
        logger.info("Cache reachable again; %d keys written during the outage dropped", len(keys))

    def ping(self) -> None:
        """Ask Redis directly, whatever the pause says (health checks); raises on failure."""
        self.get_client(write=True).ping()
        self._outage.paused_until = 0.0

    def add(self, key, value, timeout):
        return self._call(super().add, True, key, value, timeout, written=[key])

    def get(self, key, default):
        return self._call(super().get, default, key, default)

    def set(self, key, value, timeout):
        return self._call(super().set, None, key, value, timeout, written=[key])

    def touch(self, key, timeout):
        return self._call(super().touch, False, key, timeout, written=[key])

    def delete(self, key):
        return self._call(super().delete, False, key, written=[key])

    def get_many(self, keys):
        return self._call(super().get_many, {}, keys)

    def has_key(self, key):
        return self._call(super().has_key, False, key)

    def incr(self, key, delta):
        missing = object()
        value = self._call(super().incr, missing, key, delta, written=[key])
        if value is missing:
            raise ValueError(f"Key '{key}' not found.")  # what a miss answers
        return value

    def set_many(self, data, timeout):
        return self._call(super().set_many, None, data, timeout, written=list(data))

    def delete_many(self, keys):
        keys = list(keys)
        return self._call(super().delete_many, None, keys, written=keys)

    def clear(self):
        return self._call(super().clear, False)


class FailOpenRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` that fails open (see the module).

    ``OPTIONS["retry_after"]``: seconds to leave Redis alone after a failure (default 5).
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = FailOpenRedisCacheClient

    def ping(self) -> None:
        self._cache.ping()

    def validate_key(self, key) -> None:
        """Nothing to check: Redis takes any key. Django's check warns of memcached's limits
        by a pass over every character of every key: about 16 microseconds of the 0.55 ms a
        signed-in visitor's stored page costs (six keys)."""
