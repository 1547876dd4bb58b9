"""Tier badges (SVG and PNG) and the Atom feed of newly certified people."""

import datetime
import io

import pytest
from PIL import Image

from tests.factories import certify, make_person


def test_svg_badge_names_the_tier(client, db):
    response = client.get("/badges/senior-evangelist.svg")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert svg.startswith("<svg")
    assert ">Senior Evangelist</text>" in svg


def test_svg_badge_speaks_chinese_to_a_chinese_browser(client, db):
    response = client.get("/badges/excellent-developer.svg", HTTP_ACCEPT_LANGUAGE="zh-hans")

    svg = response.content.decode()
    assert ">优秀开发者</text>" in svg
    assert "Excellent Developer" not in svg


def test_svg_badge_etag_differs_per_language(client, db):
    english = client.get("/badges/excellent-developer.svg")
    chinese = client.get("/badges/excellent-developer.svg", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert english["ETag"] != chinese["ETag"]
    repeat = client.get("/badges/excellent-developer.svg", HTTP_IF_NONE_MATCH=english["ETag"])
    assert repeat.status_code == 304


def test_png_badge_is_a_png_image(client, db):
    response = client.get("/badges/evangelist.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    assert image.size == (480, 160)


@pytest.mark.parametrize(
    "path",
    [
        "/badges/no-such-tier.svg",
        "/badges/no-such-tier.png",
        # The entry rung is not certifiable: it has no badge.
        "/badges/developer.svg",
        "/badges/developer.png",
    ],
)
def test_badge_of_an_unknown_or_uncertifiable_tier_is_404(client, db, path):
    assert client.get(path).status_code == 404


def test_feed_is_atom(client, vera):
    response = client.get("/honor-wall/feed.atom")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert response.content.decode().lstrip().startswith("<?xml")
    assert 'xmlns="http://www.w3.org/2005/Atom"' in response.content.decode()


def test_feed_lists_a_consenting_certified_person(client, vera, certification):
    feed = client.get("/honor-wall/feed.atom").content.decode()

    assert "<title>Vera Visible: Excellent Developer</title>" in feed
    # The host comes from django.contrib.sites here, not SITE_URL: check the path only.
    assert '/honor-wall/vera-visible/" rel="alternate"/>' in feed
    assert f"<id>urn:uuid:{certification.public_id}</id>" in feed


def test_feed_lists_each_certification_newest_first(client, db):
    person = make_person("ada", display_name="Ada", awarded_on=datetime.date(2023, 1, 1))
    certify(person, "senior-developer", awarded_on=datetime.date(2024, 1, 1))

    feed = client.get("/honor-wall/feed.atom").content.decode()

    assert feed.index("Ada: Senior Developer") < feed.index("Ada: Excellent Developer")


def test_feed_leaves_out_people_without_consent(client, db):
    make_person("shy", display_name="Shy Person", consent=False)

    feed = client.get("/honor-wall/feed.atom").content.decode()

    assert "Shy Person" not in feed
    assert "<entry>" not in feed


def test_feed_has_an_author_and_every_entry_an_updated_time(client, vera, certification):
    """RFC 4287: atom:feed has atom:author (no entry has its own) and atom:updated; so does
    every atom:entry."""
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(client.get("/honor-wall/feed.atom").content)  # noqa: S314 (our own output)

    author = feed.find(f"{atom}author")
    assert author.findtext(f"{atom}name") == "MindSpore Developer Growth Incentive System"
    assert author.findtext(f"{atom}uri").endswith("/")
    assert feed.findtext(f"{atom}updated")
    [entry] = feed.findall(f"{atom}entry")
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{atom}updated"))
    assert updated == certification.created_at


def test_a_reissued_certification_is_updated_when_it_was_reissued(client, vera, certification):
    reissued_at = certification.created_at + datetime.timedelta(days=3)
    type(certification).objects.filter(pk=certification.pk).update(reinstated_at=reissued_at)

    feed = client.get("/honor-wall/feed.atom").content.decode()

    assert f"<updated>{reissued_at.isoformat()}</updated>" in feed


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an ``#rrggbb`` colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_badge_colour_keeps_its_white_text_readable():
    from honor_wall.badges import PALETTES

    ratios = {
        colour: round(1.05 / (_luminance(colour) + 0.05), 2)
        for palette in PALETTES.values()
        for colour in palette
    }
    assert {colour: ratio for colour, ratio in ratios.items() if ratio < 4.5} == {}
    assert round(1.05 / (_luminance("#d9480f") + 0.05), 2) < 4.5  # the old colour fails
