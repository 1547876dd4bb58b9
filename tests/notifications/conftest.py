"""The outbox's test tools: a broker that really cannot be reached."""

import pytest

from tests.outage import celery_broker_at

DEAD_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def dead_broker():
    """Point Celery at a closed port with eager mode off; the yielded callable revives it."""
    with celery_broker_at(DEAD_BROKER) as revive:
        yield revive
