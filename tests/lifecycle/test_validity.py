"""Validity per tier: data the staff set, copied onto each certification when it is issued,
carried by the credential and shown on the programme page."""

import datetime

import pytest

from criteria.models import Tier
from honor_wall.validity import add_months, expiry_for
from tests.factories import UserFactory, certify, make_profile, tier, today

pytestmark = pytest.mark.django_db

SEED_CERTIFIABLE = [
    "excellent-developer",
    "senior-developer",
    "evangelist-reserve",
    "evangelist",
    "senior-evangelist",
]


def test_the_seed_tiers_are_valid_for_24_months_by_default():
    validity = dict(Tier.objects.values_list("slug", "validity_months"))

    assert {slug: validity[slug] for slug in SEED_CERTIFIABLE} == dict.fromkeys(
        SEED_CERTIFIABLE, 24
    )
    assert validity["developer"] is None  # every registered user: nothing to expire


def test_the_renewal_window_and_grace_period_are_per_tier_data():
    excellent = tier("excellent-developer")

    assert excellent.renewal_window_months is None  # the whole validity period
    assert excellent.renewal_grace_days == 90


def test_the_validity_is_copied_onto_the_certification_at_issue(applicant):
    certification = certify(applicant, "excellent-developer")

    assert certification.awarded_on == today()
    assert certification.expires_on == add_months(today(), 24)


def test_a_later_edit_of_the_tier_never_rewrites_issued_certifications(applicant):
    certification = certify(applicant, "excellent-developer")
    Tier.objects.filter(slug="excellent-developer").update(validity_months=6)

    certification.refresh_from_db()
    assert certification.expires_on == add_months(today(), 24)
    later = certify(UserFactory(), "excellent-developer")
    assert later.expires_on == add_months(today(), 6)


def test_a_tier_without_validity_issues_certifications_that_never_expire(applicant):
    Tier.objects.filter(slug="evangelist").update(validity_months=None)

    certification = certify(applicant, "evangelist")

    assert certification.expires_on is None


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (datetime.date(2024, 3, 1), 24, datetime.date(2026, 3, 1)),
        (datetime.date(2024, 2, 29), 24, datetime.date(2026, 2, 28)),  # leap day, common year
        (datetime.date(2024, 2, 29), 48, datetime.date(2028, 2, 29)),  # leap day, leap year
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),  # month end clamps
        (datetime.date(2023, 12, 31), 2, datetime.date(2024, 2, 29)),
        (datetime.date(2024, 11, 15), 3, datetime.date(2025, 2, 15)),  # across the year
        (datetime.date(2026, 3, 31), -1, datetime.date(2026, 2, 28)),  # backwards
    ],
)
def test_validity_counts_calendar_months(start, months, end):
    assert add_months(start, months) == end


def test_expiry_for_a_tier_uses_its_months():
    excellent = tier("excellent-developer")

    assert expiry_for(excellent, datetime.date(2024, 2, 29)) == datetime.date(2026, 2, 28)
    excellent.validity_months = None
    assert expiry_for(excellent, datetime.date(2024, 2, 29)) is None


def test_the_credential_carries_valid_until_from_the_copied_date(client, applicant):
    make_profile(applicant)
    certification = certify(applicant, "excellent-developer")

    credential = client.get(f"/verify/{certification.public_id}.json").json()

    end = add_months(today(), 24) + datetime.timedelta(days=1)
    assert credential["validUntil"] == f"{end.isoformat()}T00:00:00Z"


def test_the_programme_page_shows_each_tiers_validity(client):
    Tier.objects.filter(slug="evangelist").update(validity_months=None)

    html = client.get("/programme/").content.decode()

    assert 'data-validity="24"' in html
    assert "Valid for 24 months after it is awarded" in html
    assert "Does not expire." in html


def test_the_programme_page_shows_validity_in_chinese(client):
    html = client.get("/programme/", headers={"accept-language": "zh-hans"}).content.decode()

    assert "获得后 24 个月内有效" in html
