import pytest

from tests.factories import UserFactory, reviewer_factory, staff_factory


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests speak English unless they switch; a leaked activation must not change others."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production's PBKDF2 costs ~0.3 s per user; tests create hundreds. Logins still check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org")


@pytest.fixture
def other_applicant(db):
    return UserFactory(email="stranger@example.org")


@pytest.fixture
def reviewer(db):
    return reviewer_factory(email="reviewer@example.org")


@pytest.fixture
def second_reviewer(db):
    return reviewer_factory(email="reviewer2@example.org")


@pytest.fixture
def staff(db):
    return staff_factory(email="staff@example.org")


def pytest_collection_modifyitems(config, items):
    """Concurrency tests need real concurrent connections: they run where the database is
    PostgreSQL (CI's second pass) and are deselected, not skipped, on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("postgres") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    note = "" if engine == "postgresql" else " (PostgreSQL-only tests deselected)"
    return f"database: {engine}{note}; broker: {settings.CELERY_BROKER_URL.split('@')[-1]}"


@pytest.fixture
def seed_programme(transactional_db):
    """The seed's tiers and rules again: a transactional test's flush removed what the data
    migration loaded."""
    from django.apps import apps

    from criteria.programme import load_seed_programme

    load_seed_programme(apps)
