import pytest

from tests.factories import submitted


@pytest.fixture
def application(applicant):
    return submitted(applicant)


@pytest.fixture
def senior_application(applicant):
    return submitted(applicant, "senior-developer")
