"""``manage.py celery_ping``: prove the whole path to a worker works, not only the broker.

``/healthz/`` sees whether the broker answers; this queues the ``heartbeat`` task and waits for a
worker to record it in the cache. Exit 0 when a worker ran it, 1 when none did in time or the
broker refused it. Without ``REDIS_URL`` tasks run inline, so it succeeds at once.
"""

import time
import uuid

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mindspore_growth.tasks import HEARTBEAT_KEY, heartbeat


class Command(BaseCommand):
    help = "Queue a heartbeat task and wait for a Celery worker to run it (exit 0, else 1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help="seconds to wait (default 10)"
        )

    def handle(self, *args, timeout, **options):
        if timeout <= 0:
            raise CommandError("--timeout must be a positive number of seconds", returncode=2)
        token = uuid.uuid4().hex
        try:
            with transaction.atomic():
                heartbeat.delay_on_commit(token)
        except Exception as exc:  # the broker's errors vary by transport
            raise CommandError(f"the broker refused the task: {type(exc).__name__}") from exc
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cache.get(HEARTBEAT_KEY.format(token=token)) == "done":
                self.stdout.write("a worker ran the heartbeat")
                return
            time.sleep(0.1)
        raise CommandError(f"no worker ran the heartbeat within {timeout:g} s")
