"""The outbox's test tools: a broker that really cannot be reached."""

import pytest
from kombu import pools as kombu_pools

from mindspore_growth.celery import app

DEAD_BROKER = "redis://127.0.0.1:1/0"


def _drop_from_kombu(pool):
    """Close a pool made for the dead broker and forget it in kombu's process-wide cache."""
    if pool is None:
        return
    pool.force_close_all()
    for group in (kombu_pools.connections, kombu_pools.producers):
        # EqualityDict stores hashed keys; drop them without hashing again.
        for hashed in [hashed for hashed, value in group.items() if value is pool]:
            dict.__delitem__(group, hashed)


@pytest.fixture
def dead_broker():
    """Point Celery at a closed port with eager mode off; the yielded callable revives it.

    kombu caches connection and producer pools per broker URL for the whole process, so the
    pools in use before are put back as they were (closing them would break every later
    publish); only the pools made for the dead broker are closed.
    """
    saved_conf = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    saved_pool = app._pool
    saved_producer_pool = app.amqp._producer_pool
    revived = False

    def revive():
        nonlocal revived
        if revived:
            return
        revived = True
        dead_producer_pool, dead_pool = app.amqp._producer_pool, app._pool
        app.conf.update(saved_conf)
        app._pool = saved_pool
        app.amqp._producer_pool = saved_producer_pool
        _drop_from_kombu(dead_producer_pool)
        _drop_from_kombu(dead_pool)

    app._pool = None
    app.amqp._producer_pool = None
    app.conf.update(task_always_eager=False, broker_url=DEAD_BROKER)
    try:
        yield revive
    finally:
        revive()
