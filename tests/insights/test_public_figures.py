"""Public figures on /programme/ and the wall: only what the wall shows, and cache-friendly."""

import datetime
import re

import pytest

from honor_wall.caching import bump_wall_version
from honor_wall.models import Certification
from insights.public import public_figures
from tests.factories import make_person

from .conftest import tier

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def figures_by_name():
    return {
        chart.key: {s.name: s.values for s in chart.series} for chart in public_figures()["charts"]
    }


@pytest.fixture
def people(db):
    """Two consenting people (one a senior developer, so holding two tiers), one who declined the
    wall, one whose certification was revoked, one whose certification expired."""
    make_person("ana", awarded_on=datetime.date(2024, 5, 1))
    senior = make_person("bo", awarded_on=datetime.date(2025, 3, 1))
    Certification.objects.create(
        person=senior, tier=tier("senior-developer"), awarded_on=datetime.date(2025, 9, 1)
    )
    make_person("cy", consent=False, awarded_on=datetime.date(2025, 1, 1))
    revoked = make_person("di", slug="evangelist-reserve", awarded_on=datetime.date(2025, 1, 1))
    Certification.objects.filter(person=revoked).update(status="revoked")
    expired = make_person("ed", slug="evangelist", awarded_on=datetime.date(2024, 1, 1))
    Certification.objects.filter(person=expired).update(expires_on=TODAY - datetime.timedelta(1))
    from honor_wall.listing import wall_rebuild

    wall_rebuild()


def test_people_per_tier_count_only_consenting_validly_certified_people(people):
    figures = figures_by_name()

    assert public_figures()["people"] == 2
    assert figures["people_per_tier"]["People"] == [2, 1, 0, 0, 0]


def test_growth_by_year_counts_the_walls_certifications_by_track(people):
    chart = next(c for c in public_figures()["charts"] if c.key == "growth")

    assert chart.categories == ["2024", "2025"]
    assert {s.name: s.values for s in chart.series} == {
        "Developers": [1, 2],
        "Evangelists": [0, 0],
        "All years so far": [1, 3],
    }


def test_the_table_links_each_tier_and_year_to_the_filtered_wall(client, people):
    body = client.get("/programme/figures/").content.decode()

    assert 'href="/honor-wall/?tier=excellent-developer"' in body
    assert 'href="/honor-wall/?year=2025"' in body


def test_withdrawing_consent_changes_the_figures_at_once(people):
    assert public_figures()["people"] == 2
    from applications.models import Profile

    profile = Profile.objects.get(handle="ana")
    profile.wall_consent = False
    profile.save()

    assert public_figures()["people"] == 1


def test_the_figures_are_cached_under_the_walls_version(people, django_assert_num_queries):
    public_figures()
    # Tier names are read in the active language each time; the counts come from the cache.
    with django_assert_num_queries(1):
        public_figures()
    bump_wall_version()  # what any change the wall shows does
    with django_assert_num_queries(3):
        public_figures()


def test_the_programme_page_and_the_wall_load_the_figures_without_importing_them(client):
    for url in ("/programme/", "/honor-wall/"):
        body = client.get(url).content.decode()
        assert 'hx-get="/programme/figures/fragment/"' in body
        # Without scripts, a link leads to the same figures.
        assert 'href="/programme/figures/"' in body


def test_the_fragment_and_the_page_show_the_charts_and_their_tables(client, people):
    fragment = client.get("/programme/figures/fragment/")
    page = client.get("/programme/figures/")

    assert fragment.status_code == page.status_code == 200
    for body in (fragment.content.decode(), page.content.decode()):
        assert body.count('data-chart="chart-') == 2
        assert body.count("<table") == 2
    assert "<html" not in fragment.content.decode()
    assert fragment["ETag"]


def test_the_public_csv_matches_the_table(client, people):
    body = client.get("/programme/figures/people_per_tier.csv").content.decode()

    assert body.splitlines()[:3] == ["Tier,People", "Excellent Developer,2", "Senior Developer,1"]
    assert client.get("/programme/figures/nope.csv").status_code == 404


def test_lower_apps_never_import_insights():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for app in ("criteria", "applications", "honor_wall", "reviews", "benefits", "accounts"):
        for path in (root / app).rglob("*.py"):
            text = path.read_text()
            assert not re.search(r"^\s*(from|import) insights", text, re.M), path
