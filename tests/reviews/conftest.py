import pytest

from applications.services import application_submit
from criteria.models import Tier
from tests.applications.conftest import excellent_evidence, make_evidence, make_profile


def submitted(applicant, slug="excellent-developer"):
    """A submitted application of ``applicant`` for the tier, with evidence that meets it."""
    if not hasattr(applicant, "profile"):
        make_profile(applicant)
    evidence = excellent_evidence(applicant)
    if slug == "senior-developer":
        evidence.append(
            make_evidence(applicant, "pull_request", state="merged", scope="framework_core")
        )
    return application_submit(
        applicant=applicant, tier=Tier.objects.get(slug=slug), evidence=evidence
    )


@pytest.fixture
def application(applicant):
    return submitted(applicant)


@pytest.fixture
def senior_application(applicant):
    return submitted(applicant, "senior-developer")
