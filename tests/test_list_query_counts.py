"""Every list page costs the same number of queries for 1 item as for 3: no N+1.

Literal numbers on purpose: a change that adds a query per page, or per row, has to change them
here and say why. Each page is measured cold (the shared cache cleared), after one warm-up
request that fills what Django caches per process (content types, the site).
"""

import pytest
from django.core.cache import cache

from benefits.models import Grant
from benefits.services import grant_claim
from mindspore_growth.public_cache import purge
from reviews.services import conflict_declare, review_claim
from tests.benefits.conftest import ADDRESS, make_offer
from tests.factories import (
    UserFactory,
    certify,
    make_person,
    reviewer_factory,
    staff_factory,
    submitted,
)

pytestmark = pytest.mark.django_db


def measured(client, url, django_assert_num_queries, expected):
    client.get(url)
    cache.clear()
    purge()  # stored public pages, which each process also keeps
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


@pytest.mark.parametrize("offers", [1, 3])
def test_offers_page(client, django_assert_num_queries, fulfiller, offers):
    for n in range(offers):
        make_offer(title_en=f"Offer {n}", quota=10)
    holder = UserFactory()
    certify(holder)  # one grant per offer, the first of them claimed
    grant = Grant.objects.filter(person=holder).first()
    grant_claim(grant=grant, person=holder, address=ADDRESS)
    client.force_login(fulfiller)

    response = measured(client, "/benefits/", django_assert_num_queries, 7)

    assert response.content.decode().count("data-offer=") == offers


@pytest.mark.parametrize("grants", [1, 3])
def test_fulfilment_page(client, django_assert_num_queries, fulfiller, grants):
    offer = make_offer()
    for _n in range(grants):
        person = UserFactory()
        certify(person)
        grant_claim(grant=Grant.objects.get(person=person), person=person, address=ADDRESS)
    client.force_login(fulfiller)

    response = measured(client, f"/benefits/offers/{offer.pk}/", django_assert_num_queries, 10)

    assert response.content.decode().count(ADDRESS["phone"]) == grants


@pytest.mark.parametrize("declared", [1, 3])
def test_conflicts_page(client, django_assert_num_queries, declared):
    reviewer = reviewer_factory()
    for n in range(declared):
        conflict_declare(reviewer=reviewer, applicant=UserFactory(), reason=f"colleague {n}")
    client.force_login(reviewer)

    response = measured(client, "/reviews/conflicts/", django_assert_num_queries, 7)

    assert response.content.decode().count("colleague ") == declared


@pytest.mark.parametrize("reviewers", [1, 3])
def test_workload_page(client, django_assert_num_queries, reviewers):
    for _n in range(reviewers):
        review_claim(application=submitted(), reviewer=reviewer_factory())
    staff = staff_factory()
    client.force_login(staff)

    response = measured(client, "/reviews/workload/", django_assert_num_queries, 10)

    # Staff review too: they are listed with the reviewers.
    assert response.content.decode().count("data-reviewer=") == reviewers + 1


@pytest.mark.parametrize("people", [1, 3])
def test_api_list(client, django_assert_num_queries, people):
    for n in range(people):
        make_person(f"api-person-{n}")

    # The count, the page, its badges: the filter form reads no tracks or tiers unless shown.
    response = measured(client, "/api/v1/honor-wall/", django_assert_num_queries, 3)

    assert response.json()["count"] == people


@pytest.mark.parametrize("people", [1, 3])
def test_feed(client, django_assert_num_queries, people):
    for n in range(people):
        make_person(f"feed-person-{n}")

    response = measured(client, "/honor-wall/feed.atom", django_assert_num_queries, 1)

    assert response.content.decode().count("<entry>") == people


@pytest.mark.parametrize("people", [1, 3])
def test_sitemap(client, django_assert_num_queries, people):
    for n in range(people):
        make_person(f"map-person-{n}")

    response = measured(client, "/sitemap-people.xml", django_assert_num_queries, 2)

    assert response.content.decode().count("/honor-wall/map-person-") == people
