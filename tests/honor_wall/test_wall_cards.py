"""The wall's cards and controls: the award date, sorting by name, how many people hold each
tier; a profile's share buttons; the verify page's badge under the title on a phone."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile

from honor_wall.services import certification_revoke
from tests.factories import certify, make_person

pytestmark = pytest.mark.django_db

WALL = "/honor-wall/"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def handles(response):
    return re.findall(r'data-handle="([^"]+)"', response.content.decode())


def test_each_card_says_when_the_person_was_last_certified(client):
    person = make_person("ada", awarded_on=datetime.date(2024, 5, 6))
    certify(person, "senior-developer", awarded_on=datetime.date(2025, 2, 3))

    html = client.get(WALL).content.decode()

    assert '<time datetime="2025-02-03">Certified 2025-02-03</time>' in html


def test_sorting_by_name_or_newest(client):
    make_person("zhou", display_name="Zhou", awarded_on=datetime.date(2025, 1, 1))
    make_person("adams", display_name="Adams", awarded_on=datetime.date(2023, 1, 1))
    make_person("miller", display_name="Miller", awarded_on=datetime.date(2024, 1, 1))

    assert handles(client.get(WALL + "?sort=name")) == ["adams", "miller", "zhou"]
    assert handles(client.get(WALL + "?sort=newest")) == ["zhou", "miller", "adams"]
    assert handles(client.get(WALL + "?sort=sideways")) == ["zhou", "miller", "adams"]


def test_the_api_sorts_by_name_too(client):
    make_person("zhou", display_name="Zhou")
    make_person("adams", display_name="Adams")

    results = client.get("/api/v1/honor-wall/?sort=name").json()["results"]

    assert [person["handle"] for person in results] == ["adams", "zhou"]


def test_counts_per_tier_count_only_people_on_the_wall(client, staff):
    make_person("one")
    two = make_person("two")
    certify(two, "senior-developer")
    make_person("hidden", consent=False)
    revoked = make_person("revoked")
    certification_revoke(certification=revoked.certifications.get(), actor=staff, reason="No")

    html = client.get(WALL).content.decode()

    counts = dict(
        re.findall(r'data-tier-count="([\w-]+)">[^<]*<span class="badge[^"]*">(\d+)</span>', html)
    )
    assert counts["excellent-developer"] == "2"
    assert counts["senior-developer"] == "1"
    assert counts["evangelist"] == "0"
    assert 'href="?tier=senior-developer"' in html


def test_a_card_shows_the_avatar_when_there_is_one(client):
    with_photo = make_person("photo")
    with_photo.profile.avatar.save("a.png", ContentFile(PNG), save=True)
    make_person("initials")

    html = client.get(WALL).content.decode()

    assert 'src="/people/photo/avatar.png"' in html
    assert 'src="/people/initials/avatar.png"' not in html


def test_a_profile_has_share_buttons_with_its_own_address(client):
    make_person("ada", display_name="Ada")

    html = client.get("/honor-wall/ada/").content.decode()

    share = html[html.index("data-share") :]
    assert 'value="http://testserver/honor-wall/ada/"' in share
    assert 'data-copy="#profile-link"' in share
    encoded = "http%3A%2F%2Ftestserver%2Fhonor-wall%2Fada%2F"
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}" in share
    assert f"https://service.weibo.com/share/share.php?url={encoded}" in share
    assert f"https://x.com/intent/post?url={encoded}" in share


def test_the_verify_page_puts_a_badge_under_the_title_for_phones(client):
    person = make_person("ada")
    certification = person.certifications.get()

    html = client.get(f"/verify/{certification.public_id}/").content.decode()

    title = html.index("Certification check</h1>")
    phone_badge = html.index("verify-badge-phone")
    assert title < phone_badge < html.index('data-status="valid"')
