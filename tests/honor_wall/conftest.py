"""Fixtures and helpers for the Wall of Honor tests.

People are built directly (a user, a profile, certifications) rather than through the review
workflow: the wall only reads certifications, whoever issued them.
"""

import datetime

import pytest
from django.core.cache import cache

from criteria.models import Tier
from honor_wall import credentials
from honor_wall.models import Certification
from tests.applications.conftest import make_profile
from tests.factories import UserFactory

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The wall's version, fragments and the API throttle live in the cache: start clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _temporary_signing_key(settings, tmp_path):
    """Credentials are signed with a key generated in a temp directory, never in var/."""
    settings.CREDENTIAL_KEY_FILE = str(tmp_path / "key.pem")
    settings.CREDENTIAL_SIGNING_KEY = ""
    credentials.signing_key.cache_clear()
    yield
    credentials.signing_key.cache_clear()


def tier(slug):
    return Tier.objects.get(slug=slug)


def certify(user, slug="excellent-developer", awarded_on=None, **fields):
    return Certification.objects.create(
        person=user, tier=tier(slug), awarded_on=awarded_on or TODAY, **fields
    )


def make_person(
    handle,
    *,
    display_name=None,
    consent=True,
    slug="excellent-developer",
    awarded_on=None,
    **profile_fields,
):
    """A user with a profile (consenting unless told) and one certification for ``slug``
    (none when ``slug`` is None). Returns the user; the profile is ``user.profile``."""
    user = UserFactory(email=f"{handle}@example.org")
    profile = make_profile(user, handle)
    profile.display_name = display_name or handle.replace("-", " ").title()
    profile.wall_consent = consent
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    profile.save()
    if slug:
        certify(user, slug, awarded_on=awarded_on)
    return user


@pytest.fixture
def vera(db):
    """Consenting, validly certified: on the wall."""
    return make_person("vera-visible", display_name="Vera Visible")


@pytest.fixture
def certification(vera):
    return vera.certifications.get()


@pytest.fixture
def varied(db):
    """Three people differing in track, tier, year, name, handle and organisation."""
    make_person(
        "ada-dev",
        display_name="Ada Lovelace",
        awarded_on=datetime.date(2023, 5, 1),
        organisation="Analytical Engines",
    )
    make_person(
        "grace-senior",
        display_name="Grace Hopper",
        slug="senior-developer",
        awarded_on=datetime.date(2024, 3, 1),
        organisation="Navy Labs",
    )
    make_person(
        "evan-talks",
        display_name="Evan Speaker",
        slug="evangelist",
        awarded_on=datetime.date(2024, 6, 1),
        organisation="Open Source Society",
    )
