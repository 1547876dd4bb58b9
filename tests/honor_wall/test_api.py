"""The read-only API: the wall (same selector and filters as the page) and certifications."""

import uuid

import pytest
from django.conf import settings
from rest_framework.pagination import PageNumberPagination

from honor_wall.services import certification_revoke
from tests.factories import make_person, yesterday

WALL_API = "/api/v1/honor-wall/"


def api_handles(response) -> list[str]:
    return [person["handle"] for person in response.json()["results"]]


def test_wall_api_is_paginated_json_of_people_and_their_certifications(client, vera):
    certification = vera.certifications.get()

    response = client.get(WALL_API)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["count"] == 1
    assert data["next"] is None
    [person] = data["results"]
    assert person["handle"] == "vera-visible"
    assert person["display_name"] == "Vera Visible"
    assert person["profile_url"] == f"{settings.SITE_URL}/honor-wall/vera-visible/"
    [listed] = person["certifications"]
    assert listed["id"] == str(certification.public_id)
    assert listed["tier"]["slug"] == "excellent-developer"
    assert listed["tier"]["track"] == "developer"
    assert listed["verify_url"] == f"{settings.SITE_URL}/verify/{certification.public_id}/"


def test_wall_api_lists_newest_first_across_pages(client, varied, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)

    first = client.get(WALL_API).json()
    second = client.get(WALL_API, {"page": 2}).json()

    assert first["count"] == 3
    assert [person["handle"] for person in first["results"]] == ["evan-talks", "grace-senior"]
    assert first["next"].endswith(f"{WALL_API}?page=2")
    assert [person["handle"] for person in second["results"]] == ["ada-dev"]
    assert second["next"] is None
    assert client.get(WALL_API, {"page": 3}).status_code == 404


def test_wall_api_links_leave_out_parameters_it_does_not_read(client, varied, monkeypatch):
    monkeypatch.setattr(PageNumberPagination, "page_size", 2)

    first = client.get(WALL_API, {"utm_source": "wechat", "sort": "newest"}).json()

    # The result is the one stored for the address without them, and so are its links.
    assert first["next"].endswith(f"{WALL_API}?page=2&sort=newest")
    assert client.get(WALL_API, {"sort": "newest"}).json() == first


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"track": "evangelist"}, ["evan-talks"]),
        ({"tier": "senior-developer"}, ["grace-senior"]),
        ({"year": "2023"}, ["ada-dev"]),
        ({"q": "hopper"}, ["grace-senior"]),
        ({"q": "ada-d"}, ["ada-dev"]),
        ({"q": "analytical"}, ["ada-dev"]),
        ({"tier": "nope"}, []),
    ],
)
def test_wall_api_has_the_same_filters_as_the_page(client, varied, params, expected):
    response = client.get(WALL_API, params)

    assert response.status_code == 200
    assert api_handles(response) == expected
    assert response.json()["count"] == len(expected)


@pytest.mark.parametrize("year", ["abc", "1999"])
def test_wall_api_rejects_an_invalid_year_naming_the_field(client, vera, year):
    response = client.get(WALL_API, {"year": year})

    assert response.status_code == 400
    assert list(response.json()) == ["year"]


def certification_api(certification):
    return f"/api/v1/certifications/{certification.public_id}/"


def test_certification_api_says_valid(client, certification):
    data = client.get(certification_api(certification)).json()

    assert data["id"] == str(certification.public_id)
    assert data["status"] == "valid"
    assert data["tier"]["slug"] == "excellent-developer"
    assert data["person"] == {"display_name": "Vera Visible"}
    assert data["revoked_reason"] == ""
    assert data["ruleset_version"] is None
    assert data["credential_url"] == (f"{settings.SITE_URL}/verify/{certification.public_id}.json")


def test_certification_api_says_revoked_with_the_reason(client, certification, staff):
    certification_revoke(certification=certification, actor=staff, reason="Fraud")

    data = client.get(certification_api(certification)).json()

    assert data["status"] == "revoked"
    assert data["revoked_reason"] == "Fraud"
    assert data["revoked_at"] is not None


def test_certification_api_says_expired(client, certification):
    certification.expires_on = yesterday()
    certification.save()

    data = client.get(certification_api(certification)).json()

    assert data["status"] == "expired"
    assert data["expires_on"] == yesterday().isoformat()


def test_certification_api_of_a_person_off_the_wall_still_answers(client, db):
    """Verification is public whatever the consent: it is how employers check."""
    person = make_person("shy", display_name="Shy Person", consent=False)

    data = client.get(certification_api(person.certifications.get())).json()

    assert data["status"] == "valid"


def test_certification_api_of_an_unknown_id_is_a_json_404(client, db):
    response = client.get(f"/api/v1/certifications/{uuid.uuid4()}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_api_schema_describes_the_wall_endpoint(client, db):
    response = client.get("/api/schema/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/v1/honor-wall/" in content
    assert "/api/v1/certifications/{public_id}/" in content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/certifications/not-a-uuid/",
        "/api/v1/certifications/12345678-1234-1234-1234-1234567890zz/",
        "/api/v1/nothing-here/",
    ],
)
def test_a_malformed_id_or_unknown_api_path_answers_json_404(client, db, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_pages_outside_the_api_keep_the_html_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_the_schema_documents_refusals(client, db):
    import yaml

    schema = yaml.safe_load(client.get("/api/schema/").content)
    wall = schema["paths"]["/api/v1/honor-wall/"]["get"]["responses"]
    detail = schema["paths"]["/api/v1/certifications/{public_id}/"]["get"]["responses"]
    assert {"200", "400", "404", "429"} <= set(wall)
    assert {"200", "404", "429"} <= set(detail)
    assert "Error" in schema["components"]["schemas"]
    assert wall["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "PaginatedWallPersonList"
    )


@pytest.mark.parametrize("url", ["/programme/", "/honor-wall/feed.atom", "/sitemap.xml"])
def test_public_read_only_pages_refuse_post(client, db, url):
    assert client.post(url).status_code == 405
    assert client.head(url).status_code == 200
