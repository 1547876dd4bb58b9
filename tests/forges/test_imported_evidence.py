"""What the forge says is read-only to the applicant (form and service both); public is theirs."""

import datetime

import pytest
from django.urls import reverse

from applications.errors import EvidenceImported
from applications.models import Evidence
from applications.services import evidence_delete, evidence_save
from forges.services import import_contributions

pytestmark = pytest.mark.django_db

PULL = "https://github.com/mindspore-ai/mindspore/pull/301"


@pytest.fixture
def pull(forges, github_person):
    forges.github_everything()
    import_contributions(user=github_person)
    return Evidence.objects.get(owner=github_person, url=PULL)


def test_the_service_refuses_to_change_an_imported_field(pull, github_person):
    for name, value in [
        ("title", "Something I did"),
        ("date", datetime.date(2026, 1, 1)),
        ("fields", {"state": "merged", "scope": "toolkit_core"}),
        ("repository", "mindspore-ai/docs"),
    ]:
        item = Evidence.objects.get(pk=pull.pk)
        setattr(item, name, value)
        with pytest.raises(EvidenceImported):
            evidence_save(actor=github_person, evidence=item)
    item = Evidence.objects.get(pk=pull.pk)
    item.source = Evidence.Source.DECLARED
    with pytest.raises(EvidenceImported):
        evidence_save(actor=github_person, evidence=item)


def test_the_applicant_still_chooses_whether_it_is_public(pull, github_person):
    pull.public = True
    evidence_save(actor=github_person, evidence=pull)
    pull.refresh_from_db()
    assert pull.public and pull.is_imported


def test_the_form_ignores_posted_changes_to_imported_fields(client, pull, github_person):
    client.force_login(github_person)
    page = client.get(reverse("applications:evidence_edit", args=[pull.pk]))
    assert page.status_code == 200
    assert "Imported from GitHub" in page.text
    assert 'name="upload"' not in page.text
    response = client.post(
        reverse("applications:evidence_edit", args=[pull.pk]),
        {
            "kind": "tech_article",
            "title": "Rewritten",
            "date": "2026-01-01",
            "url": "https://example.org/",
            "field_state": "open",
            "field_scope": "other",
            "public": "on",
        },
    )
    assert response.status_code == 302
    pull.refresh_from_db()
    assert (pull.kind, pull.title, pull.url, pull.public) == (
        "pull_request",
        "Fix Conv2D padding on CPU",
        PULL,
        True,
    )
    assert pull.fields == {"state": "merged", "scope": "framework_core"}


def test_imported_evidence_cannot_be_deleted_by_hand(client, pull, github_person):
    with pytest.raises(EvidenceImported):
        evidence_delete(actor=github_person, evidence=pull)
    client.force_login(github_person)
    response = client.post(reverse("applications:evidence_delete", args=[pull.pk]), follow=True)
    assert "only whether it is public can change" in response.text
    assert Evidence.objects.filter(pk=pull.pk).exists()


def test_the_evidence_page_shows_where_each_item_came_from(client, pull, github_person):
    from tests.factories import make_evidence

    make_evidence(github_person, "tech_article")
    client.force_login(github_person)
    page = client.get(reverse("applications:evidence_list")).text
    assert page.count("Imported from GitHub") == 4
    assert page.count("Declared by the applicant") == 1
    assert "mindspore-ai/mindspore" in page
