"""The wall's parts kept rendered (people per tier, the filter form, the cards): an address the
page cache has not stored renders from them, and each shows what it would if rendered now: the
wall as it is, the programme's tiers, the visitor's language, the values they typed."""

import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from criteria.models import Tier
from honor_wall.services import certification_revoke
from tests.factories import make_person

pytestmark = pytest.mark.django_db

WALL = "/honor-wall/"


def handles(response) -> list[str]:
    return re.findall(r'data-handle="([^"]+)"', response.content.decode())


def tier_counts(response) -> dict[str, str]:
    return dict(
        re.findall(
            r'data-tier-count="([\w-]+)">[^<]*<span class="badge[^"]*">(\d+)</span>',
            response.content.decode(),
        )
    )


def test_a_new_address_renders_from_the_kept_parts_without_a_query(
    client, vera, django_assert_num_queries
):
    first = client.get(WALL)

    with django_assert_num_queries(0):
        other = client.get(WALL, {"page": "1", "fbclid": "abc"})

    assert handles(other) == handles(first) == ["vera-visible"]
    assert tier_counts(other) == tier_counts(first)


def test_the_kept_parts_follow_the_wall_when_it_changes(client, vera, staff):
    client.get(WALL)
    assert tier_counts(client.get(WALL, {"utm_source": "a"}))["senior-developer"] == "0"

    grace = make_person("grace-senior", slug="senior-developer")

    after = client.get(WALL, {"utm_source": "b"})
    assert handles(after) == ["grace-senior", "vera-visible"]
    assert tier_counts(after)["senior-developer"] == "1"

    certification_revoke(certification=grace.certifications.get(), actor=staff, reason="Error")

    again = client.get(WALL, {"utm_source": "c"})
    assert handles(again) == ["vera-visible"]
    assert tier_counts(again)["senior-developer"] == "0"


def test_a_tier_added_or_renamed_shows_on_the_wall_at_once(client, vera):
    client.get(WALL)
    senior = Tier.objects.get(slug="senior-developer")

    Tier.objects.create(
        slug="principal-developer",
        track=senior.track,
        rank=senior.rank + 1,
        name_en="Principal Developer",
        name_zh="首席开发者",
    )
    html = client.get(WALL).content.decode()
    assert '<option value="principal-developer">Principal Developer</option>' in html
    assert 'data-tier-count="principal-developer">Principal Developer' in html

    vera_tier = Tier.objects.get(slug="excellent-developer")
    vera_tier.name_en = "Distinguished Developer"
    vera_tier.save()
    html = client.get(WALL).content.decode()
    assert '<option value="excellent-developer">Distinguished Developer</option>' in html
    assert "Distinguished Developer</span>" in html  # Vera's card
    assert "Excellent Developer" not in html


def test_the_filter_form_shows_the_values_as_typed_at_each_address(client, varied):
    client.get(WALL, {"q": "lovelace"})

    html = client.get(WALL, {"q": "hopper", "track": "developer"}).content.decode()

    assert 'name="q" value="hopper"' in html and "lovelace" not in html
    assert '<option value="developer" selected>' in html
    assert handles(client.get(WALL, {"q": "hopper", "utm_source": "x"})) == ["grace-senior"]


def test_a_value_that_is_not_valid_is_shown_with_what_is_wrong(client, varied):
    client.get(WALL)

    html = client.get(WALL, {"year": "abc"}).content.decode()

    year = re.search(r"<input [^>]*name=\"year\"[^>]*>", html)[0]
    assert 'value="abc"' in year
    assert 'aria-invalid="true"' in year and 'aria-describedby="id_year_error"' in year
    assert "is-invalid" in year
    assert '<div id="id_year_error" class="invalid-feedback">' in html
    assert "Enter a whole number." in html
    # The other fields, and the same form at a valid address, carry no error.
    assert 'name="q" class="form-control" maxlength="100" id="id_q"' in html
    assert "Enter a whole number." not in client.get(WALL, {"year": "2024"}).content.decode()


def test_every_filter_has_its_label(client, vera):
    html = client.get(WALL).content.decode()

    for name in ("q", "track", "tier", "year", "sort"):
        assert f'<label for="id_{name}" class="form-label">' in html
        assert re.search(rf'<(input|select) [^>]*name="{name}"[^>]*id="id_{name}"', html), name


def test_the_filter_form_speaks_the_visitors_language(vera):
    english = Client().get(WALL, {"utm_source": "a"}).content.decode()
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(WALL, {"utm_source": "b"})

    with translation.override("zh-hans"):
        track, all_tracks = gettext("Track"), gettext("All tracks")
    html = chinese.content.decode()
    assert track != "Track" and f'<label for="id_track" class="form-label">{track}</label>' in html
    assert f'<option value="" selected>{all_tracks}</option>' in html
    assert ">All tracks<" not in html
    assert ">All tracks<" in english and track not in english


def rename_excellent(name: str) -> None:
    tier = Tier.objects.get(slug="excellent-developer")
    tier.name_en = name
    tier.save()


def test_a_renamed_tier_shows_at_once_on_profiles_badges_and_the_api(client, vera):
    pages = ("/honor-wall/vera-visible/", "/badges/excellent-developer.svg", "/api/v1/honor-wall/")
    for path in pages:
        assert "Excellent Developer" in client.get(path).content.decode(), path

    rename_excellent("Distinguished Developer")

    for path in pages:
        html = client.get(path).content.decode()
        assert "Distinguished Developer" in html and "Excellent Developer" not in html, path


def test_a_tier_moved_to_another_track_moves_its_people_in_the_track_filter(client, vera):
    from criteria.models import Track

    assert handles(client.get(WALL, {"track": "developer"})) == ["vera-visible"]
    assert handles(client.get(WALL, {"track": "evangelist"})) == []

    tier = Tier.objects.get(slug="excellent-developer")
    tier.track, tier.rank = Track.objects.get(slug="evangelist"), 99
    tier.save()

    developer, evangelist = (
        client.get(WALL, {"track": slug}) for slug in ("developer", "evangelist")
    )
    assert handles(developer) == [] and 'data-count="0"' in developer.content.decode()
    assert (
        handles(evangelist) == ["vera-visible"] and 'data-count="1"' in evangelist.content.decode()
    )
