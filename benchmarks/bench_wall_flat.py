"""The wall's tier filter and the API's list from 1,000 to 100,000 people, cold: server time and
queries at each size.

    createdb -h 127.0.0.1 -U postgres msg_wall_flat
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msg_wall_flat \\
        .venv/bin/python benchmarks/bench_wall_flat.py --sizes 1000,10000,100000

Migrates the database named by DATABASE_URL, then for each size grows the wall to that many
people with bulk inserts (an account, a consenting profile and the certifications of the demo's
mix: seven in ten Excellent Developers, one in ten Senior, the evangelist ladder for the rest;
awards spread over three years) and rebuilds the wall's listing; a second run reuses them. Each
page is timed through Django's test client, median of ``--repeat``: cold (every cache emptied
first: the stored page, fragments, totals) and not stored (an address nobody asked for since the
wall last changed: the totals, kept under the wall's version, are there). Cold, the totals are
the wall's tally table (``honor_wall.tally``: a sum over a few rows), checked here against a
count of the listing at each size. Goal (issue 12): at most 1.5x the time at 1,000, at most
8 queries.
"""

import argparse
import datetime
import logging
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mindspore_growth.settings")
os.environ.setdefault("API_ANON_RATE", "100000000/hour")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from applications.models import Profile  # noqa: E402
from criteria.models import Tier  # noqa: E402
from honor_wall.listing import wall_rebuild  # noqa: E402
from honor_wall.models import Certification  # noqa: E402
from honor_wall.selectors import wall_people  # noqa: E402
from honor_wall.tally import wall_total  # noqa: E402
from mindspore_growth.public_cache import purge  # noqa: E402

DOMAIN = "wall.bench.local"
BATCH = 5000
MIX = [
    (70, ["excellent-developer"]),
    (10, ["excellent-developer", "senior-developer"]),
    (10, ["evangelist-reserve"]),
    (8, ["evangelist-reserve", "evangelist"]),
    (2, ["evangelist-reserve", "evangelist", "senior-evangelist"]),
]
PAGES = {
    "wall, tier filter": "/honor-wall/?tier=senior-developer",
    "wall, rare tier": "/honor-wall/?tier=senior-evangelist",
    "API list": "/api/v1/honor-wall/",
    "API, tier filter": "/api/v1/honor-wall/?tier=senior-developer",
    "wall, first page": "/honor-wall/",
}


def tiers_for(number: int) -> list[str]:
    slot = number % 100
    for share, slugs in MIX:
        if slot < share:
            return slugs
        slot -= share
    return MIX[0][1]


@transaction.atomic
def grow_to(people: int) -> None:
    have = User.objects.filter(email__endswith=DOMAIN).count()
    if have >= people:
        return
    tiers = {tier.slug: tier for tier in Tier.objects.all()}
    today = datetime.date.today()
    numbers = range(have + 1, people + 1)
    users = User.objects.bulk_create(
        [User(email=f"p{n:06d}@{DOMAIN}") for n in numbers], batch_size=BATCH
    )
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                display_name=f"Wall Person {n}",
                handle=f"wall-{n}",
                organisation=["Huawei", "Wuhan University", "Peking University"][n % 3],
                city="Shenzhen",
                wall_consent=True,
            )
            for n, user in zip(numbers, users, strict=True)
        ],
        batch_size=BATCH,
    )
    Certification.objects.bulk_create(
        [
            Certification(
                person=user,
                tier=tiers[slug],
                awarded_on=today - datetime.timedelta(days=(n * 7919) % 1000 + 40 - 20 * rank),
            )
            for n, user in zip(numbers, users, strict=True)
            for rank, slug in enumerate(tiers_for(n))
        ],
        batch_size=BATCH,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    for size in (int(s) for s in args.sizes.split(",")):
        began = time.perf_counter()
        grow_to(size)
        wall_rebuild()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"\n{connection.vendor}: {size} people ({time.perf_counter() - began:.0f} s to load)")
        for filters in ({}, {"tier": "senior-developer"}, {"tier": "senior-evangelist"}):
            assert wall_total(**filters) == wall_people(**filters).count(), filters
        for name, url in PAGES.items():
            for cold in (True, False):
                measure(client, name, url, cold, args.repeat)


def measure(client, name, url, cold, repeat):
    """``cold``: every cache emptied; else only the stored page is new (a new address each
    time), as for a filter or page nobody asked for since the wall last changed."""
    timings, queries = [], 0
    for n in range(repeat):
        if cold:
            cache.clear()
        purge()
        address = url if cold else f"{url}{'&' if '?' in url else '?'}n={n}"
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(address)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    label = f"{name}, {'cold' if cold else 'not stored'}"
    print(
        f"{label:<30} {url:<44} median {statistics.median(timings):6.1f} ms  "
        f"best {min(timings):6.1f} ms  {queries} queries"
    )


if __name__ == "__main__":
    main()
