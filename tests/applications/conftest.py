import datetime

import pytest

from applications.models import Application, Evidence, Profile
from criteria.models import Tier


def make_profile(user, handle=None):
    handle = handle or user.email.split("@")[0].replace(".", "-")
    return Profile.objects.create(user=user, display_name=handle.title(), handle=handle)


def make_evidence(user, kind, days_ago=10, **fields):
    return Evidence.objects.create(
        owner=user,
        kind=kind,
        title=f"{kind} {days_ago}",
        date=datetime.date.today() - datetime.timedelta(days=days_ago),
        url="https://gitee.com/mindspore/mindspore/pulls/1",
        fields=fields,
    )


def excellent_evidence(user):
    """A doc contribution and a tech article: enough for Excellent Developer."""
    return [make_evidence(user, "doc_contribution"), make_evidence(user, "tech_article")]


def set_state(application, state):
    # Arranging a test: put the row in a state directly, as a fixture would load it.
    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


@pytest.fixture
def excellent(db):
    return Tier.objects.get(slug="excellent-developer")


@pytest.fixture
def senior(db):
    return Tier.objects.get(slug="senior-developer")


@pytest.fixture
def ready_applicant(applicant):
    """An applicant with a profile and evidence that meets Excellent Developer."""
    make_profile(applicant)
    applicant.test_evidence = excellent_evidence(applicant)
    return applicant


def certify(application):
    """Arrange an approved, certified application (as a final approval leaves it)."""
    from honor_wall.services import certification_issue

    set_state(application, Application.State.APPROVED)
    return certification_issue(application=application, approvers=[])
