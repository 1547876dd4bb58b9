"""The benefit pages: the person's own, and fulfilment for staff with the benefits permission."""

import csv
import io

import pytest

from benefits.models import Grant, Offer, ShippingAddress
from tests.factories import certify

from .conftest import ADDRESS, make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimed_gift(applicant):
    offer = make_offer()
    certify(applicant)
    grant = Grant.objects.get(offer=offer)
    from benefits.services import grant_claim

    return grant_claim(grant=grant, person=applicant, address=ADDRESS)


def test_my_benefits_lists_my_grants_only(client, applicant, other_applicant):
    make_offer(title_en="Hoodie")
    certify(applicant)
    certify(other_applicant, "evangelist-reserve")
    client.force_login(other_applicant)

    html = client.get("/me/benefits/").content.decode()

    assert "Hoodie" not in html
    assert "No benefits yet." in html


def test_claiming_a_gift_in_the_browser_form(client, applicant):
    make_offer()
    certify(applicant)
    grant = Grant.objects.get()
    client.force_login(applicant)

    missing = client.post(f"/me/benefits/{grant.pk}/claim/", {**ADDRESS, "phone": "call me"})
    assert missing.status_code == 400
    assert "phone" in missing.context["form"].errors
    assert not ShippingAddress.objects.exists()

    response = client.post(f"/me/benefits/{grant.pk}/claim/", ADDRESS)
    assert response.status_code == 302
    grant.refresh_from_db()
    assert grant.status == Grant.Status.CLAIMED


def test_an_applicant_cannot_see_or_claim_anothers_grant(client, claimed_gift, other_applicant):
    client.force_login(other_applicant)

    assert client.get(f"/me/benefits/{claimed_gift.pk}/claim/").status_code == 404
    assert client.post(f"/me/benefits/{claimed_gift.pk}/decline/").status_code == 404
    assert ADDRESS["address"] not in client.get("/me/benefits/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "applicant", "reviewer", "staff"])
def test_fulfilment_and_export_need_the_benefits_permission(client, claimed_gift, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    offer = claimed_gift.offer

    pages = [
        client.get("/benefits/"),
        client.get(f"/benefits/offers/{offer.pk}/"),
        client.get(f"/benefits/offers/{offer.pk}/export.csv"),
        client.post(f"/benefits/grants/{claimed_gift.pk}/ship/", {"tracking_number": "X"}),
    ]

    expected = 302 if who == "anonymous" else 403
    assert [page.status_code for page in pages] == [expected] * 4
    assert all(ADDRESS["address"] not in page.content.decode() for page in pages)
    claimed_gift.refresh_from_db()
    assert claimed_gift.status == Grant.Status.CLAIMED


def test_fulfilment_page_shows_addresses_and_counts(client, claimed_gift, fulfiller):
    client.force_login(fulfiller)

    html = client.get(f"/benefits/offers/{claimed_gift.offer_id}/").content.decode()

    assert ADDRESS["address"] in html
    assert "1 claimed · 0 fulfilled" in html


def test_fulfilment_filters_by_status(client, claimed_gift, fulfiller, other_applicant):
    certify(other_applicant)
    client.force_login(fulfiller)

    html = client.get(f"/benefits/offers/{claimed_gift.offer_id}/?status=offered").content.decode()

    assert other_applicant.email in html
    assert claimed_gift.person.email not in html


def test_csv_export_for_the_logistics_partner(client, claimed_gift, fulfiller):
    client.force_login(fulfiller)

    response = client.get(f"/benefits/offers/{claimed_gift.offer_id}/export.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert rows[0][:3] == ["grant", "status", "name"]
    # A leading "+" would start a spreadsheet formula; the apostrophe keeps it text.
    assert rows[1][2:6] == [ADDRESS["name"], "'" + ADDRESS["phone"], ADDRESS["address"], "China"]


def test_csv_cells_never_start_a_formula(client, applicant, fulfiller):
    make_offer()
    certify(applicant)
    from benefits.services import grant_claim

    grant_claim(
        grant=Grant.objects.get(), person=applicant, address={**ADDRESS, "name": "=HYPERLINK(1)"}
    )
    client.force_login(fulfiller)

    body = client.get(f"/benefits/offers/{Offer.objects.get().pk}/export.csv").content.decode()

    assert "'=HYPERLINK(1)" in body


def test_marking_shipped_shows_the_tracking_number_to_the_person(
    client, claimed_gift, fulfiller, applicant
):
    client.force_login(fulfiller)
    client.post(f"/benefits/grants/{claimed_gift.pk}/ship/", {"tracking_number": "SF1234567"})
    client.force_login(applicant)

    html = client.get("/me/benefits/").content.decode()

    assert "SF1234567" in html


def test_my_benefits_query_count_does_not_grow(client, applicant, django_assert_num_queries):
    for n in range(3):
        make_offer(kind=Offer.Kind.MEETUP, title_en=f"Salon {n}")
    certify(applicant)
    client.force_login(applicant)
    client.get("/me/benefits/")

    # The grants (the session, the account and the menu's roles are in the cache by now).
    with django_assert_num_queries(1):
        client.get("/me/benefits/")


def test_the_personal_data_export_includes_my_benefits_and_address(client, claimed_gift, applicant):
    import json

    client.force_login(applicant)

    data = json.loads(client.get("/me/data.json").content)

    assert data["benefits"][0]["status"] == "claimed"
    assert data["benefits"][0]["shipping_address"]["address"] == ADDRESS["address"]
