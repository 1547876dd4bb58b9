"""The insight dashboard at scale: with and without filters, and the public figures.

    createdb -h 127.0.0.1 -U postgres msg_insights_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msg_insights_bench \\
        .venv/bin/python benchmarks/bench_insights.py --people 100000

Migrates the database named by DATABASE_URL, loads demo people with ``loaddemo`` (three years of
history, about two applications each; idempotent, so a second run reuses them), then times each
page through Django's test client as programme staff, the cache cleared before every request.
Goal (issue 16): at most 300 ms server time and 15 queries, the same queries at any size.
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
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = {
    "dashboard": "/insights/",
    "three years": "/insights/?start={three_years_ago}&end={this_month}",
    "track filter": "/insights/?track=developer",
    "tier filter": "/insights/?tier=senior-developer&start={three_years_ago}",
    "one chart's CSV": "/insights/submitted.csv?start={three_years_ago}",
    "reviewer's view": "/insights/",
    "public figures": "/programme/figures/fragment/",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--no-load", action="store_true", help="time the pages on the data already loaded"
    )
    args = parser.parse_args()

    logging.disable(logging.INFO)  # demo applications log their (console) emails
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    if not args.no_load:
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            call_command("loaddemo", people=args.people, verbosity=0, stdout=quiet)
    loaded = time.perf_counter() - began
    from accounts.models import User
    from applications.models import Application, ApplicationEvent

    print(
        f"{connection.vendor}: {User.objects.count()} accounts, "
        f"{Application.objects.count()} applications, "
        f"{ApplicationEvent.objects.count()} events ready in {loaded:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    from django.utils import timezone

    today = timezone.localdate()
    values = {
        "this_month": f"{today:%Y-%m}",
        "three_years_ago": f"{today.replace(year=today.year - 3):%Y-%m}",
    }
    staff = User.objects.get(email="staff@demo.mindspore-growth.local")
    reviewer = User.objects.get(email="reviewer@demo.mindspore-growth.local")
    for name, url in PAGES.items():
        url = url.format(**values)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(reviewer if name == "reviewer's view" else staff)
        timings, queries = [], 0
        for _ in range(args.repeat):
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(captured)
        print(
            f"{name:<16} {url:<52} median {statistics.median(timings):6.1f} ms  "
            f"best {min(timings):6.1f} ms  {queries} queries"
        )


if __name__ == "__main__":
    main()
