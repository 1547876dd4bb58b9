"""The sitemap respects consent, the certificate downloads as PDF, and the wall's and a
profile's query counts do not grow with the number of people."""

import pytest
from django.core.cache import cache

from honor_wall.services import certification_revoke
from mindspore_growth.public_cache import purge
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_wall_profiles_only(client, staff):
    make_person("on-wall")
    make_person("no-consent", consent=False)
    revoked = make_person("was-revoked")
    certification_revoke(
        certification=revoked.certifications.get(), actor=staff, reason="Copied work"
    )

    xml = client.get("/sitemap-people.xml").content.decode()

    assert "/honor-wall/on-wall/" in xml
    assert "/honor-wall/no-consent/" not in xml
    assert "/honor-wall/was-revoked/" not in xml
    assert "/programme/" in client.get("/sitemap-pages.xml").content.decode()


def test_the_certificate_downloads_as_a_pdf(client, certification):
    response = client.get(f"/verify/{certification.public_id}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 1000


def test_a_revoked_certificate_has_no_pdf(client, certification, staff):
    certification_revoke(certification=certification, actor=staff, reason="Withdrawn")

    assert client.get(f"/verify/{certification.public_id}/certificate.pdf").status_code == 404


def queries_for(client, url, django_assert_num_queries, expected):
    client.get(url)  # warm what is cached per process (the content types, the site)
    cache.clear()  # but measure the page itself cold
    purge()  # the stored page too, which each process also keeps
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("people", [1, 50])
def test_the_wall_costs_the_same_queries_for_1_or_50_people(
    client, django_assert_num_queries, people
):
    for n in range(people):
        make_person(f"person-{n}", organisation="Wuhan University")

    # Tracks and tiers (filter form), people per tier, count, a page of people, their badges.
    response = queries_for(client, "/honor-wall/?q=Wuhan", django_assert_num_queries, 6)

    assert response.content.decode().count("person-card") == min(people, 24)


@pytest.mark.parametrize("certifications", [1, 5])
def test_a_profile_costs_the_same_queries_however_many_certifications(
    client, django_assert_num_queries, certifications
):
    from tests.factories import certify

    slugs = [
        "excellent-developer",
        "senior-developer",
        "evangelist-reserve",
        "evangelist",
        "senior-evangelist",
    ][:certifications]
    person = make_person("many", slug=slugs[0])
    for slug in slugs[1:]:
        certify(person, slug)

    response = queries_for(client, "/honor-wall/many/", django_assert_num_queries, 3)

    assert response.content.decode().count("data-certification=") == certifications
