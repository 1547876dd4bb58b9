import pytest

from tests.factories import excellent_evidence, make_profile


@pytest.fixture
def ready_applicant(applicant):
    """An applicant with a profile and evidence that meets Excellent Developer."""
    make_profile(applicant)
    applicant.test_evidence = excellent_evidence(applicant)
    return applicant
