"""The public Wall of Honor page: who is on it, filters, pagination, queries and caching."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from honor_wall.services import certification_revoke
from tests.factories import certify, make_person, yesterday

WALL = "/honor-wall/"


def handles(response) -> list[str]:
    """The handles of the person cards, in page order."""
    return re.findall(r'data-handle="([^"]+)"', response.content.decode())


def api_handles(response) -> list[str]:
    return [person["handle"] for person in response.json()["results"]]


@pytest.fixture
def crowd(db, staff):
    """One person who belongs on the wall and three who never do."""
    on_wall = make_person("vera-visible", display_name="Vera Visible")
    make_person("nina-noconsent", display_name="Nina Noconsent", consent=False)
    revoked = make_person("rolf-revoked", display_name="Rolf Revoked")
    certification_revoke(
        certification=revoked.certifications.get(), actor=staff, reason="Plagiarised evidence"
    )
    expired = make_person("edna-expired", display_name="Edna Expired", slug=None)
    certify(expired, awarded_on=yesterday() - datetime.timedelta(days=400), expires_on=yesterday())
    return on_wall


HIDDEN = [
    ("nina-noconsent", "Nina Noconsent"),
    ("rolf-revoked", "Rolf Revoked"),
    ("edna-expired", "Edna Expired"),
]


def test_wall_shows_a_consenting_certified_person_with_their_tier_badges(client, vera):
    certify(vera, "evangelist-reserve")

    response = client.get(WALL)

    assert response.status_code == 200
    assert handles(response) == ["vera-visible"]
    html = response.content.decode()
    assert "Vera Visible" in html
    badges = re.findall(r'class="badge tier-badge[^"]*">.*?</i> ([^<]+)</span>', html)
    assert sorted(badges) == ["Evangelist Reserve", "Excellent Developer"]


def test_wall_shows_only_the_valid_certification_of_someone_who_lost_another(client, vera, staff):
    senior = certify(vera, "senior-developer")
    certification_revoke(certification=senior, actor=staff, reason="Mistake")

    html = client.get(WALL).content.decode()

    assert "Excellent Developer</span>" in html
    assert "Senior Developer</span>" not in html


@pytest.mark.parametrize(("handle", "name"), HIDDEN)
def test_wall_page_never_shows_people_without_consent_or_a_valid_certification(
    client, crowd, handle, name
):
    response = client.get(WALL)

    assert handles(response) == ["vera-visible"]
    assert name not in response.content.decode()


@pytest.mark.parametrize(("handle", "name"), HIDDEN)
def test_atom_feed_never_lists_people_without_consent_or_a_valid_certification(
    client, crowd, handle, name
):
    feed = client.get("/honor-wall/feed.atom").content.decode()

    assert "Vera Visible" in feed
    assert name not in feed
    assert f"/honor-wall/{handle}/" not in feed


@pytest.mark.parametrize(("handle", "name"), HIDDEN)
def test_api_never_lists_people_without_consent_or_a_valid_certification(
    client, crowd, handle, name
):
    response = client.get("/api/v1/honor-wall/")

    assert response.json()["count"] == 1
    assert api_handles(response) == ["vera-visible"]
    assert name not in response.content.decode()


def test_wall_leaves_out_a_deactivated_account(client, vera):
    gone = make_person("gone", display_name="Gone Person")
    gone.is_active = False
    gone.save()

    response = client.get(WALL)

    assert handles(response) == ["vera-visible"]
    assert "Gone Person" not in response.content.decode()


def test_wall_counts_the_certified_people(client, db):
    make_person("ada", organisation="Acme")
    make_person("bob")
    make_person("nobody", consent=False)

    html = client.get(WALL).content.decode()

    assert "2 certified people" in html
    assert 'data-count="2"' in html


def test_wall_says_certified_person_in_the_singular(client, vera):
    assert "1 certified person<" in client.get(WALL).content.decode()


def test_empty_wall_says_it_waits_for_its_first_certified_developer(client, db):
    html = client.get(WALL).content.decode()

    assert "The wall is waiting for its first certified developer." in html
    assert "0 certified people" in html


def test_filters_that_match_nobody_say_so(client, vera):
    html = client.get(WALL, {"q": "zzz-nobody"}).content.decode()

    assert "Nobody matches these filters yet." in html
    assert "vera-visible" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"track": "evangelist"}, ["evan-talks"]),
        ({"track": "developer"}, ["grace-senior", "ada-dev"]),
        ({"tier": "senior-developer"}, ["grace-senior"]),
        ({"year": "2023"}, ["ada-dev"]),
        ({"year": "2024"}, ["evan-talks", "grace-senior"]),
        ({"q": "lovelace"}, ["ada-dev"]),
        ({"q": "grace-sen"}, ["grace-senior"]),
        ({"q": "open source"}, ["evan-talks"]),
        ({"track": "developer", "year": "2024"}, ["grace-senior"]),
    ],
)
def test_wall_filters_by_track_tier_year_and_name_handle_or_organisation(
    client, varied, params, expected
):
    response = client.get(WALL, params)

    assert response.status_code == 200
    assert handles(response) == expected


def test_invalid_filter_values_are_ignored_not_a_server_error(client, varied):
    response = client.get(WALL, {"year": "abc", "tier": "nope"})

    assert response.status_code == 200
    assert sorted(handles(response)) == ["ada-dev", "evan-talks", "grace-senior"]


@pytest.mark.parametrize(
    "params", [{"tier": "nope"}, {"track": "nope"}, {"year": "1999"}, {"page": "abc"}]
)
def test_unknown_filter_or_page_values_give_a_page_not_a_500(client, vera, params):
    assert client.get(WALL, params).status_code == 200


def test_wall_lists_the_newest_certification_first(client, db):
    make_person("old", awarded_on=datetime.date(2022, 1, 1))
    make_person("newest", awarded_on=datetime.date(2024, 1, 1))
    middle = make_person("middle", awarded_on=datetime.date(2021, 1, 1))
    certify(middle, "senior-developer", awarded_on=datetime.date(2023, 1, 1))

    assert handles(client.get(WALL)) == ["newest", "middle", "old"]


def test_wall_paginates(client, db, monkeypatch):
    monkeypatch.setattr("honor_wall.views.WALL_PER_PAGE", 2)
    for year, handle in [(2021, "first"), (2022, "second"), (2023, "third")]:
        make_person(handle, awarded_on=datetime.date(year, 1, 1))

    page_one = client.get(WALL)
    page_two = client.get(WALL, {"page": "2"})

    assert handles(page_one) == ["third", "second"]
    assert "Page 1 of 2" in page_one.content.decode()
    assert 'href="?page=2"' in page_one.content.decode()
    assert handles(page_two) == ["first"]
    assert "Page 2 of 2" in page_two.content.decode()
    assert "3 certified people" in page_two.content.decode()


def test_pagination_links_keep_the_filters(client, db, monkeypatch):
    monkeypatch.setattr("honor_wall.views.WALL_PER_PAGE", 2)
    for handle in ["dev-a", "dev-b", "dev-c"]:
        make_person(handle)
    make_person("evangelist-x", slug="evangelist")

    response = client.get(WALL, {"track": "developer"})

    assert len(handles(response)) == 2
    assert 'href="?track=developer&amp;page=2"' in response.content.decode()


def _wall_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(WALL)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_wall_queries_do_not_grow_with_the_number_of_people(client, db):
    make_person("solo", slug="senior-developer")
    one_person = _wall_queries(client)

    make_person("duo", slug="evangelist")
    trio = make_person("trio")
    certify(trio, "evangelist-reserve")
    three_people = _wall_queries(client)

    # Tracks and tiers (filter form), people per tier, count, one page of profiles, their
    # certifications.
    assert one_person == 6
    assert three_people == 6


def test_revoking_removes_the_person_from_an_already_rendered_wall(
    client, vera, certification, staff
):
    assert handles(client.get(WALL)) == ["vera-visible"]

    certification_revoke(certification=certification, actor=staff, reason="Fraud")

    assert handles(client.get(WALL)) == []


def test_withdrawing_consent_removes_the_person_from_an_already_rendered_wall(client, vera):
    assert handles(client.get(WALL)) == ["vera-visible"]

    vera.profile.wall_consent = False
    vera.profile.save()

    response = client.get(WALL)
    assert handles(response) == []
    assert "Vera Visible" not in response.content.decode()


def test_wall_sends_an_etag_and_answers_not_modified_to_a_repeat(client, vera):
    first = client.get(WALL)
    etag = first["ETag"]

    repeat = client.get(WALL, HTTP_IF_NONE_MATCH=etag)

    assert etag
    assert repeat.status_code == 304
    assert repeat.content == b""


def test_a_new_certification_invalidates_the_wall_etag(client, vera):
    etag = client.get(WALL)["ETag"]

    make_person("newcomer")
    response = client.get(WALL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "newcomer" in handles(response)


def test_wall_etag_differs_per_address(client, vera):
    assert client.get(WALL)["ETag"] != client.get(WALL, {"q": "vera"})["ETag"]


def test_a_deactivated_person_leaves_the_wall_at_once(client, vera):
    first = client.get("/honor-wall/")
    assert "Vera Visible" in first.content.decode()

    vera.is_active = False
    vera.save()

    again = client.get("/honor-wall/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert "Vera Visible" not in again.content.decode()


def test_a_deleted_profile_leaves_the_wall_api_and_sitemap(client, vera):
    client.get("/honor-wall/")

    vera.profile.delete()

    assert "Vera Visible" not in client.get("/honor-wall/").content.decode()
    assert client.get("/api/v1/honor-wall/").json()["count"] == 0
    assert "vera-visible" not in client.get("/sitemap-people.xml").content.decode()


def test_the_sitemap_is_an_index_of_sections_whose_pages_list_every_profile(
    client, varied, monkeypatch
):
    from honor_wall.sitemaps import WallProfilesSitemap

    monkeypatch.setattr(WallProfilesSitemap, "limit", 2)

    def profiles(response) -> list[str]:
        assert response.status_code == 200
        return re.findall(r"/honor-wall/([\w-]+)/</loc>", response.content.decode())

    sections = re.findall(
        r"<loc>https?://[^/]+(/[^<]+)</loc>", client.get("/sitemap.xml").content.decode()
    )
    first = profiles(client.get("/sitemap-people.xml"))
    second = profiles(client.get("/sitemap-people.xml", {"p": 2, "utm_source": "x"}))

    # Three people: two on the first page, the third on the second, which the index names.
    assert sections == ["/sitemap-pages.xml", "/sitemap-people.xml", "/sitemap-people.xml?p=2"]
    assert len(first) == 2 and len(second) == 1
    assert sorted(first + second) == ["ada-dev", "evan-talks", "grace-senior"]
    assert "/programme/" in client.get("/sitemap-pages.xml").content.decode()
    for path in ("/sitemap-people.xml?p=3", "/sitemap-people.xml?p=x", "/sitemap-nobody.xml"):
        assert client.get(path).status_code == 404, path
