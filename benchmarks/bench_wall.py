"""The Wall of Honor at scale: first page, page 500, a search and a tier filter, cold cache.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/growth_bench \\
        .venv/bin/python benchmarks/bench_wall.py --people 100000

Migrates the database named by DATABASE_URL, loads demo people with ``loaddemo`` (idempotent, so
a second run reuses them), then times each page through Django's test client with the cache
cleared before every request. Goal (issue 6): under 50 ms server time each, at most 8 queries.
"""

import argparse
import contextlib
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = {
    "first page": "/honor-wall/",
    "page 500": "/honor-wall/?page=500",
    "search": "/honor-wall/?q=Wuhan",
    "tier filter": "/honor-wall/?tier=senior-developer",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    logging.disable(logging.INFO)  # demo applications log their (console) emails
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
        call_command("loaddemo", people=args.people, verbosity=0, stdout=quiet)
    print(f"{connection.vendor}: {args.people} people ready in {time.perf_counter() - began:.1f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: fresh statistics and visibility map.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    client = Client(HTTP_HOST="127.0.0.1")
    for name, url in PAGES.items():
        timings, queries = [], 0
        for _ in range(args.repeat):
            cache.clear()
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        print(
            f"{name:<12} {url:<40} median {statistics.median(timings):6.1f} ms  "
            f"best {min(timings):6.1f} ms  {queries} queries"
        )


if __name__ == "__main__":
    main()
