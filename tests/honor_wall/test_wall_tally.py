"""The wall's totals are kept, not counted: after every change the wall shows (a person added,
removed, a tier changed, a consent withdrawn, an account deleted, a bulk import) and after an
expiry overnight, each total the wall offers equals a count of the people it lists, and the
pages read the totals without counting a single entry."""

import datetime
import importlib
import re
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.profile_services import account_delete
from criteria.models import Tier, Track
from honor_wall.listing import wall_entries_refresh, wall_rebuild
from honor_wall.models import Certification, WallBadge, WallEntry, WallTally
from honor_wall.selectors import wall_people, wall_tier_counts
from honor_wall.services import certification_revoke
from honor_wall.tally import tier_year_totals, wall_total
from tests.factories import certify, make_person, tier

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def every_filter():
    """Each filter the wall's form offers (search excepted), alone and combined, with a tier
    outside the track asked for and slugs that name nothing."""
    tracks = list(Track.objects.values_list("slug", flat=True))
    tiers = list(Tier.objects.filter(certifiable=True).values_list("slug", flat=True))
    years = [2023, 2024, TODAY.year, 2031]
    yield {}
    for track in [*tracks, "no-such-track"]:
        yield {"track": track}
        for year in years:
            yield {"track": track, "year": year}
    for slug in [*tiers, "no-such-tier"]:
        yield {"tier": slug}
        for year in years:
            yield {"tier": slug, "year": year}
        for track in tracks:
            yield {"tier": slug, "track": track}
    for year in years:
        yield {"year": year}


def assert_totals_are_counts():
    for filters in every_filter():
        assert wall_total(**filters) == wall_people(**filters).count(), filters
    for row in wall_tier_counts():
        assert row.on_wall == wall_people(tier=row.slug).count(), row.slug
    # The public figures' numbers: the wall's live certifications by tier and year of award.
    live = Q(expires_on__isnull=True) | Q(expires_on__gte=timezone.localdate())
    badges = Counter((b.tier_id, b.awarded_on.year) for b in WallBadge.objects.filter(live))
    assert {(tier, year): n for tier, year, n in tier_year_totals()} == dict(badges)


def total(response) -> int:
    return int(re.search(r'data-count="(\d+)"', response.content.decode())[1])


def tier_count(response, slug) -> int:
    html = response.content.decode()
    return int(re.search(rf'data-tier-count="{slug}">[^<]*<span[^>]*>(\d+)', html)[1])


@pytest.fixture
def wall(varied):
    """The three people of ``varied`` and one holding two tiers of the evangelist track."""
    both = make_person("bo-both", slug="evangelist-reserve", awarded_on=datetime.date(2023, 2, 1))
    certify(both, "evangelist", awarded_on=datetime.date(2024, 9, 1))
    return both


def test_every_total_is_the_count_of_the_people_listed(wall):
    assert wall_total() == 4
    assert wall_total(track="evangelist") == 2
    assert wall_total(tier="evangelist-reserve") == 1
    assert wall_total(year=2024) == 3
    assert wall_total(track="evangelist", year=2024) == 2
    assert wall_total(tier="evangelist", track="developer") == 0
    assert_totals_are_counts()


def test_a_person_added_counts_at_once(wall):
    make_person("newcomer", slug="senior-developer")

    assert wall_total(tier="senior-developer") == 2
    assert wall_total(year=TODAY.year) == 1
    assert_totals_are_counts()


def test_a_person_removed_counts_no_more(wall, staff):
    certification_revoke(
        certification=wall.certifications.get(tier__slug="evangelist"), actor=staff, reason="x"
    )
    assert wall_total(tier="evangelist") == 1
    assert wall_total(tier="evangelist-reserve") == 1  # still on the wall with the other one
    assert wall_total() == 4

    certification_revoke(
        certification=wall.certifications.get(tier__slug="evangelist-reserve"),
        actor=staff,
        reason="x",
    )

    assert wall_total() == 3
    assert wall_total(track="evangelist") == 1
    assert_totals_are_counts()


def test_a_certification_that_changes_tier_moves_between_totals(wall):
    ada = WallEntry.objects.get(handle="ada-dev").person
    certification = ada.certifications.get()
    certification.tier = tier("senior-developer")
    certification.save()

    assert wall_total(tier="excellent-developer") == 0
    assert wall_total(tier="senior-developer") == 2
    assert wall_total(track="developer") == 2
    assert_totals_are_counts()


def test_withdrawn_consent_and_a_deleted_account_leave_the_totals(wall):
    grace = WallEntry.objects.get(handle="grace-senior").person
    grace.profile.wall_consent = False
    grace.profile.save()
    assert wall_total(tier="senior-developer") == 0

    account_delete(user=wall)

    assert wall_total() == 2
    assert wall_total(track="evangelist") == 1
    assert_totals_are_counts()


def test_an_account_deleted_outright_takes_its_totals_with_it(wall):
    wall.delete()

    assert wall_total(track="evangelist") == 1
    assert_totals_are_counts()


def test_a_certification_that_ends_today_counts_until_midnight(wall, monkeypatch):
    ada = WallEntry.objects.get(handle="ada-dev").person
    ada.certifications.update(expires_on=TODAY)
    wall_entries_refresh([ada.pk])  # an update without a save: refreshed as an import does
    assert wall_total(tier="excellent-developer") == 1
    assert_totals_are_counts()

    real = timezone.localdate
    tomorrow = TODAY + datetime.timedelta(days=1)
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: tomorrow if value is None else real(value, timezone),
    )

    # Nothing was written overnight: the total leaves her out by its date alone.
    assert wall_total(tier="excellent-developer") == 0
    assert wall_total() == 3
    assert_totals_are_counts()


def test_the_later_of_two_endings_keeps_a_person_in_a_shared_total(wall, monkeypatch):
    reserve, evangelist = wall.certifications.order_by("awarded_on")
    Certification.objects.filter(pk=reserve.pk).update(expires_on=TODAY)
    Certification.objects.filter(pk=evangelist.pk).update(
        expires_on=TODAY + datetime.timedelta(days=3)
    )
    wall_entries_refresh([wall.pk])
    real = timezone.localdate
    monkeypatch.setattr(
        timezone,
        "localdate",
        lambda value=None, timezone=None: (
            TODAY + datetime.timedelta(days=1) if value is None else real(value, timezone)
        ),
    )

    assert wall_total(track="evangelist") == 2
    assert wall_total(tier="evangelist-reserve") == 0
    assert wall_total(tier="evangelist") == 2
    assert_totals_are_counts()


def test_a_bulk_refresh_and_a_rebuild_keep_the_same_totals(wall):
    before = sorted(
        WallTally.objects.filter(people__gt=0).values_list(
            "track", "tier", "year", "until", "people"
        )
    )
    wall_entries_refresh(WallEntry.objects.values_list("person_id", flat=True))
    assert_totals_are_counts()

    wall_rebuild()

    after = sorted(WallTally.objects.values_list("track", "tier", "year", "until", "people"))
    assert after == before
    assert_totals_are_counts()


def test_the_migration_fills_the_same_totals_as_the_listing(wall):
    kept = sorted(
        WallTally.objects.filter(people__gt=0).values_list(
            "track", "tier", "year", "until", "people"
        )
    )
    tallied = dict(WallEntry.objects.values_list("pk", "tallied"))
    WallTally.objects.all().delete()
    WallEntry.objects.update(tallied=[])

    importlib.import_module("honor_wall.migrations.0008_wall_tally").fill(apps, None)

    assert sorted(WallTally.objects.values_list("track", "tier", "year", "until", "people")) == (
        kept
    )
    assert dict(WallEntry.objects.values_list("pk", "tallied")) == tallied


def test_the_pages_read_the_totals_and_never_count_the_entries(client, wall):
    new = make_person("newcomer", slug="senior-developer")

    with CaptureQueriesContext(connection) as queries:
        page = client.get("/honor-wall/?tier=senior-developer")
        api = client.get("/api/v1/honor-wall/?track=developer&year=2024")
        first = client.get("/honor-wall/")

    assert total(page) == 2
    assert api.json()["count"] == 1
    assert total(first) == 5
    assert tier_count(first, "senior-developer") == 2
    entries = WallEntry._meta.db_table
    counted = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and entries in q["sql"]]
    assert counted == []

    new.profile.wall_consent = False
    new.profile.save()

    assert total(client.get("/honor-wall/?tier=senior-developer")) == 1


def test_a_search_is_still_counted(client, wall):
    assert total(client.get("/honor-wall/?q=grace")) == 1
    assert client.get("/api/v1/honor-wall/?q=o&track=evangelist").json()["count"] == 2


def test_the_totals_are_the_same_in_every_language(client, wall):
    english = client.get("/honor-wall/?track=evangelist", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.get("/honor-wall/?track=evangelist", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert (english["Content-Language"], chinese["Content-Language"]) == ("en", "zh-hans")
    assert total(english) == total(chinese) == 2
