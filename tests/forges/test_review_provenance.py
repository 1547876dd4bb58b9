"""Reviewers see where each item came from: grouped on the review page, counted in the queue."""

import pytest
from django.urls import reverse

from applications.models import Evidence
from applications.services import application_submit
from criteria.models import Tier
from forges.services import import_contributions
from tests.factories import make_evidence, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(forges, github_person):
    forges.github_everything()
    import_contributions(user=github_person)
    make_profile(github_person)
    imported = list(Evidence.objects.filter(owner=github_person, source="imported"))
    article = make_evidence(github_person, "tech_article")
    article.title = "How I ported ResNet to MindSpore"
    article.save()
    return application_submit(
        applicant=github_person,
        tier=Tier.objects.get(slug="excellent-developer"),
        evidence=[*imported, article],
    )


def test_the_review_page_groups_imported_and_declared_evidence(client, reviewer, application):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:review", args=[application.pk])).text
    imported_at = page.index("Imported from a forge <span")
    declared_at = page.index("Declared by the applicant <span")
    assert imported_at < page.index("Fix Conv2D padding on CPU") < declared_at
    assert declared_at < page.index("How I ported ResNet to MindSpore")
    assert page.count("Imported from GitHub") == 4
    assert "mindspore-ai/docs" in page


def test_the_queue_says_how_much_is_forge_verified(client, reviewer, application):
    client.force_login(reviewer)
    page = client.get(reverse("reviews:queue")).text
    assert "forge-verified 4 of 5" in page


def test_the_engine_counts_imported_and_declared_alike(application):
    assert application.rules_met
    met = {
        item["key"]: item["evidence"]
        for group in application.evaluation["groups"]
        for item in group["items"]
    }
    assert met["docs"] and met["article"]
