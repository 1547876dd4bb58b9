"""The wall's totals when two transactions list people at the same moment, on real PostgreSQL
connections (threads): nobody is counted twice or lost.

SQLite serialises every writer, so these run only in CI's PostgreSQL pass.
"""

import datetime
import threading

import pytest
from django.db import connection

from applications.models import Profile
from honor_wall.listing import wall_entry_refresh
from honor_wall.models import Certification, WallEntry
from honor_wall.tally import wall_total
from tests.factories import UserFactory, tier

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TRIALS = 10


def at_once(*calls):
    """Run the calls in threads released together."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def unlisted(handle, *slugs):
    """A consenting person whose certifications were written without their signals: nobody
    listed them yet."""
    user = UserFactory(email=f"{handle}@example.org")
    Profile.objects.update_or_create(
        user=user, defaults={"handle": handle, "display_name": handle, "wall_consent": True}
    )
    Certification.objects.bulk_create(
        Certification(person=user, tier=tier(slug), awarded_on=datetime.date(2024, 5, 1))
        for slug in slugs
    )
    assert not WallEntry.objects.filter(person=user).exists()
    return user


def test_one_person_listed_twice_at_once_counts_once(seed_programme):
    for trial in range(TRIALS):
        person = unlisted(f"twice-{trial}", "evangelist-reserve", "evangelist")

        at_once(*[lambda pk=person.pk: wall_entry_refresh(pk)] * 2)

        assert wall_total() == trial + 1
        assert wall_total(track="evangelist", year=2024) == trial + 1
        assert wall_total(tier="evangelist") == trial + 1


def test_two_people_listed_at_once_both_count(seed_programme):
    for trial in range(TRIALS):
        first = unlisted(f"first-{trial}", "excellent-developer")
        second = unlisted(f"second-{trial}", "excellent-developer")

        at_once(*[lambda pk=p.pk: wall_entry_refresh(pk) for p in (first, second)])

        assert wall_total() == 2 * (trial + 1)
        assert wall_total(tier="excellent-developer", year=2024) == 2 * (trial + 1)
