"""The review queue from 100 to 10,000 open applications: every sort, filter, the search and a
deep page, server time and queries.

    createdb -h 127.0.0.1 -U postgres msg_queue_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/msg_queue_bench \\
        .venv/bin/python benchmarks/bench_queue.py --sizes 100,1000,10000

Migrates the database named by DATABASE_URL, then for each size grows the queue to that many
open applications (bulk inserts: an applicant with a profile and three pieces of evidence per
application, a third of them claimed, some with an approval; as many decided applications as
open ones, so the state filter has something to skip; every filter and the search for a family
name fill a page at every size, so a page is the same work at each size but for what it skips)
and times each page through Django's test client as a reviewer, median of ``--repeat`` (the
counts are kept under the queue's version after the first: a reviewer's session between two
changes); then the counts alone, after a change (one pass over the open applications) and
kept. A second run reuses what is loaded; the queue only grows, so measure a smaller size
again in a database of its own.
Goal (issue 12): first page at most 100 ms and 12 queries at 10,000, at most 1.5x its time at
100.
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

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_grant_role  # noqa: E402
from applications.models import Application, Evidence, Profile  # noqa: E402
from applications.models.application import State  # noqa: E402
from applications.queue_version import queue_changed  # noqa: E402
from criteria.models import Tier  # noqa: E402
from reviews.models import Review, ReviewClaim  # noqa: E402
from reviews.selectors import queue_counts  # noqa: E402

BENCH_DOMAIN = "queue.bench.local"
BATCH = 2000
PAGES = {
    "oldest (default)": "/reviews/",
    "newest": "/reviews/?sort=newest",
    "tier sort": "/reviews/?sort=tier",
    "applicant sort": "/reviews/?sort=applicant",
    "tier filter": "/reviews/?tier=senior-developer",
    "track filter": "/reviews/?track=evangelist",
    "in review": "/reviews/?state=in_review",
    "claimed by me": "/reviews/?claimed=me",
    "unclaimed": "/reviews/?claimed=unclaimed",
    "rules not met": "/reviews/?verdict=not_met",
    "waiting 30 days": "/reviews/?min_age=30",
    "search, a quarter": "/reviews/?q=zhang",
    "search, one": "/reviews/?q=applicant000042",
    "deep page": "/reviews/?page={deep}",
}


def reviewer() -> User:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user, created = User.objects.get_or_create(email=f"reviewer@{BENCH_DOMAIN}")
    if created:
        user_grant_role(user=user, role=Role.REVIEWER)
        TOTP.activate(user, generate_totp_secret())
    return user


@transaction.atomic
def grow_to(open_wanted: int, by: User) -> None:
    """Add applicants until ``open_wanted`` applications wait in the queue."""
    have = Application.objects.filter(applicant__email__endswith=BENCH_DOMAIN).count() // 2
    if have >= open_wanted:
        return
    tiers = [t for t in Tier.objects.filter(certifiable=True).order_by("pk")]
    now = timezone.now()
    numbers = range(have + 1, open_wanted + 1)
    users = User.objects.bulk_create(
        [User(email=f"applicant{n:06d}@{BENCH_DOMAIN}") for n in numbers], batch_size=BATCH
    )
    cities = ["Wuhan", "Shenzhen", "Beijing", "Hangzhou", "Munich", "Paris", "Lagos"]
    # A quarter of the people share each family name, so a search for one fills a page at
    # every size (at 100 as at 10,000), as the filters do.
    families = ["Zhang", "Wang", "Chen", "Zhao"]
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                display_name=f"Bench Person {n} {families[n % len(families)]}",
                handle=f"bench-{n}",
                city=cities[n % len(cities)],
                wall_consent=True,
            )
            for n, user in zip(numbers, users, strict=True)
        ],
        batch_size=BATCH,
    )
    evidence = Evidence.objects.bulk_create(
        [
            Evidence(
                owner=user,
                kind="tech_article",
                title=f"Article {i} by {n}",
                date=now.date() - datetime.timedelta(days=i + 3),
                url="https://www.mindspore.cn/news",
                verification=["pending", "verified", "rejected"][(n + i) % 3],
            )
            for n, user in zip(numbers, users, strict=True)
            for i in range(3)
        ],
        batch_size=BATCH,
    )
    rows = []
    for n, user in zip(numbers, users, strict=True):
        # Ages spread over 0-2,000 hours at any size (two thirds older than 30 days), so
        # "waiting 30 days" fills a page at 100 as at 10,000.
        submitted_at = now - datetime.timedelta(hours=(n * 37) % 2000)
        open_state = State.IN_REVIEW if n % 3 == 0 else State.SUBMITTED
        for state, tier in (
            (open_state, tiers[n % len(tiers)]),
            (State.APPROVED, tiers[(n + 1) % len(tiers)]),
        ):
            rows.append(
                Application(
                    applicant=user,
                    tier=tier,
                    state=state,
                    rules_met=n % 5 != 0,
                    submitted_at=submitted_at,
                    decided_at=None if state != State.APPROVED else now,
                )
            )
    applications = Application.objects.bulk_create(rows, batch_size=BATCH)
    links = Application.evidence.through
    links.objects.bulk_create(
        [
            links(application_id=application.pk, evidence_id=item.pk)
            for index, application in enumerate(applications)
            for item in evidence[(index // 2) * 3 : (index // 2) * 3 + 3]
        ],
        batch_size=BATCH,
    )
    waiting = [a for a in applications if a.state == State.IN_REVIEW]
    ReviewClaim.objects.bulk_create(
        [ReviewClaim(application=a, reviewer=by) for a in waiting], batch_size=BATCH
    )
    Review.objects.bulk_create(
        [
            Review(
                application=a,
                reviewer=by,
                round_submitted_at=a.submitted_at,
                decision=Review.Decision.APPROVE,
            )
            for a in waiting[::2]
        ],
        batch_size=BATCH,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    by = reviewer()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(by)
    for size in (int(s) for s in args.sizes.split(",")):
        grow_to(size, by)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(f"\n{connection.vendor}: {size} open applications")
        deep = max(1, size // 25 // 2)
        for name, url in PAGES.items():
            url = url.format(deep=deep)
            timings, queries = [], 0
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries = len(captured)
            print(
                f"{name:<18} {url:<36} median {statistics.median(timings):6.1f} ms  "
                f"best {min(timings):6.1f} ms  {queries} queries"
            )
        for changed in (True, False):
            timings = []
            for _ in range(args.repeat):
                if changed:
                    queue_changed()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    queue_counts(by)
                    timings.append((time.perf_counter() - started) * 1000)
            label = "counts, changed" if changed else "counts, kept"
            print(
                f"{label:<18} {'(queue_counts)':<36} median {statistics.median(timings):6.1f} ms  "
                f"best {min(timings):6.1f} ms  {len(captured)} queries"
            )


if __name__ == "__main__":
    main()
