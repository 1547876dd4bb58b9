"""A certification's expiry is its award date plus the tier's validity in calendar months,
clamped to the month's last day."""

import datetime

import pytest

from criteria.models import Tier
from tests.factories import UserFactory, certify

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("awarded_on", "months", "expires_on"),
    [
        (datetime.date(2027, 3, 15), 24, datetime.date(2029, 3, 15)),
        (datetime.date(2028, 1, 31), 1, datetime.date(2028, 2, 29)),  # leap year
        (datetime.date(2027, 1, 31), 1, datetime.date(2027, 2, 28)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
        (datetime.date(2027, 8, 31), 3, datetime.date(2027, 11, 30)),
        (datetime.date(2027, 11, 30), 2, datetime.date(2028, 1, 30)),  # across the year end
    ],
)
def test_expiry_is_calendar_months_after_the_award(monkeypatch, awarded_on, months, expires_on):
    Tier.objects.filter(slug="excellent-developer").update(validity_months=months)
    monkeypatch.setattr("honor_wall.services.timezone.localdate", lambda: awarded_on)

    certification = certify(UserFactory())

    assert (certification.awarded_on, certification.expires_on) == (awarded_on, expires_on)


def test_no_validity_means_no_expiry():
    Tier.objects.filter(slug="excellent-developer").update(validity_months=None)
    assert certify(UserFactory()).expires_on is None
