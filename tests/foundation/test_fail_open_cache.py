"""The Redis cache fails open: an outage answers misses at once, a host that hangs costs one
timeout per pause, and writes dropped during an outage are undone when Redis returns."""

import socket
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from redis.exceptions import ConnectionError as RedisConnectionError

from mindspore_growth.cache import FailOpenRedisCache
from tests.outage import TcpRelay, closed_port


def make_cache(url, **options):
    return FailOpenRedisCache(
        url,
        {
            "KEY_PREFIX": f"failopen-{time.monotonic_ns()}",
            "OPTIONS": {**settings.REDIS_CACHE_OPTIONS, **options},
        },
    )


def test_a_refused_connection_answers_like_an_empty_cache():
    cache = make_cache(f"redis://127.0.0.1:{closed_port()}/0")

    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("lock", 1) is True  # so allauth's lock does not spin, then refuse
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("k", lambda: "computed") == "computed"
    assert cache.delete("k") is False
    assert cache.has_key("k") is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("counter")
    with pytest.raises(RedisConnectionError):
        cache.ping()  # health checks see the truth


def test_every_command_shares_one_redis_client_per_server():
    # Building a client per command cost more CPU than the round trip (issue 12).
    client = make_cache(f"redis://127.0.0.1:{closed_port()}/0")._cache

    assert client.get_client() is client.get_client(write=True)


def test_a_host_that_never_answers_costs_one_timeout_per_pause():
    # A listener that accepts and then says nothing: each command waits for socket_timeout.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(50)
        cache = make_cache(
            f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
            socket_timeout=0.2,
            retry_after=60,
        )

        started = time.monotonic()
        assert cache.get("k") is None
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(50):
            assert cache.get("k") is None
            cache.set("k", 1)
        rest = time.monotonic() - started

    assert first >= 0.2
    assert rest < 0.1, f"100 calls during the pause took {rest:.2f} s"


@pytest.mark.redis
def test_writes_dropped_during_an_outage_are_undone_when_redis_returns():
    target = urlsplit(settings.REDIS_URL)
    relay = TcpRelay(target.hostname, target.port or 6379)
    relay.up()
    try:
        cache = make_cache(f"redis://127.0.0.1:{relay.port}{target.path}", retry_after=0.2)
        cache.set("wall-version", "before")
        cache.set("untouched", "kept")
        assert cache.get("wall-version") == "before"

        relay.down()
        cache.set("wall-version", "bumped during the outage")  # dropped, remembered
        assert cache.get("wall-version") is None

        relay.up()
        time.sleep(0.3)
        # Redis kept its old contents; the stale version must not come back.
        assert cache.get("wall-version") is None
        assert cache.get("untouched") == "kept"
        cache.set("wall-version", "after")
        assert cache.get("wall-version") == "after"
    finally:
        relay.down()
