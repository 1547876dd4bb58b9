"""Fixtures for the Wall of Honor tests (the helpers are in ``tests/factories.py``).

People are built with the factories (a user, a profile, a certification issued by the service)
rather than through the review workflow: the wall only reads certifications, whoever issued
them.
"""

import datetime

import pytest
from django.core.cache import cache

from honor_wall import credentials
from tests.factories import make_person


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
