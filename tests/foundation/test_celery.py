"""Tasks are queued only after commit: a rolled-back transaction never sends one.

With REDIS_URL set (CI's second pass) this goes through the real broker and worker; the worker
records the heartbeat in the shared Redis cache, which the test polls.
"""

import io
import time
import uuid

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction

from mindspore_growth.tasks import HEARTBEAT_KEY, heartbeat
from tests.outage import celery_broker_at

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for_heartbeat(token, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cache.get(HEARTBEAT_KEY.format(token=token)) == "done":
            return True
        time.sleep(0.1)
    return False


def test_a_task_queued_in_a_committed_transaction_runs():
    token = uuid.uuid4().hex
    with transaction.atomic():
        heartbeat.delay_on_commit(token)

    assert wait_for_heartbeat(token, seconds=20)


def test_a_task_queued_in_a_rolled_back_transaction_never_runs():
    token = uuid.uuid4().hex
    committed_token = uuid.uuid4().hex

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        heartbeat.delay_on_commit(token)
        raise Rollback

    # A task queued after it, that commits, has run: so the worker had every chance.
    with transaction.atomic():
        heartbeat.delay_on_commit(committed_token)
    assert wait_for_heartbeat(committed_token, seconds=20)
    assert cache.get(HEARTBEAT_KEY.format(token=token)) is None


def test_the_beat_schedule_runs_known_tasks():
    from mindspore_growth.celery import app

    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_celery_ping_reports_a_worker_that_ran_the_heartbeat():
    out = io.StringIO()
    call_command("celery_ping", "--timeout", "20", stdout=out)
    assert "a worker ran the heartbeat" in out.getvalue()


def test_celery_ping_with_a_dead_broker_is_a_one_line_failure():
    with celery_broker_at("redis://127.0.0.1:1/0"), pytest.raises(CommandError) as error:
        call_command("celery_ping", "--timeout", "1")
    assert str(error.value) == "the broker refused the task: OperationalError"


def test_celery_ping_refuses_a_non_positive_timeout():
    with pytest.raises(CommandError, match="positive"):
        call_command("celery_ping", "--timeout", "0")
