import pytest

from tests.factories import UserFactory, reviewer_factory, staff_factory


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests speak English unless they switch; a leaked activation must not change others."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


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
