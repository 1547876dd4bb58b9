"""Reviewers and staff open an applicant's files only through an application they may review
(#11): submitted at least once, not their own, no conflict declared. Drafts, and applications
withdrawn before submission, are the applicant's alone: no review page, no notes, no files.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application, ApplicationEvent, Evidence
from applications.models.application import State
from applications.services import (
    application_submit,
    application_update,
    application_withdraw,
    evidence_save,
)
from applications.uploads import PDF
from criteria.models import Tier
from reviews.services import conflict_declare
from tests.factories import UserFactory, make_evidence, make_profile

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_file(owner, title="Paper"):
    return evidence_save(
        actor=owner,
        evidence=Evidence(owner=owner, kind="doc_contribution", title=title, date="2026-01-05"),
        upload=SimpleUploadedFile("doc.pdf", PDF_BYTES),
        upload_type=PDF,
    )


def application_in(state, applicant):
    """An application of ``applicant`` with a file, arranged in ``state``; ``"withdrawn-draft"``
    is one withdrawn before it was ever submitted."""
    if not hasattr(applicant, "profile"):
        make_profile(applicant)
    evidence = [with_file(applicant), make_evidence(applicant, "tech_article")]
    tier = Tier.objects.get(slug="excellent-developer")
    never_submitted = state in (State.DRAFT, "withdrawn-draft")
    application = application_submit(
        applicant=applicant, tier=tier, evidence=evidence, draft=never_submitted
    )
    if state == "withdrawn-draft":
        application_withdraw(application=application, actor=applicant)
    elif state != State.SUBMITTED and not never_submitted:
        # Arranging: put the submitted row in a later state, as a fixture would load it.
        Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


def file_url(application, evidence=None):
    evidence = evidence or application.evidence.exclude(file="").get()
    return f"/reviews/{application.pk}/evidence/{evidence.pk}/file/"


REVIEWABLE = [
    State.SUBMITTED,
    State.IN_REVIEW,
    State.APPROVED,
    State.REJECTED,
    State.CHANGES_REQUESTED,
    State.WITHDRAWN,
]
PRIVATE = [State.DRAFT, "withdrawn-draft"]


@pytest.mark.parametrize("who", ["reviewer", "staff"])
@pytest.mark.parametrize("state", REVIEWABLE + PRIVATE)
def test_a_file_opens_only_for_an_application_that_was_submitted(
    client, request, applicant, who, state
):
    application = application_in(state, applicant)
    client.force_login(request.getfixturevalue(who))

    response = client.get(file_url(application))

    if state in PRIVATE:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert response.headers["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("applicant", 403), ("other_applicant", 403)]
)
def test_people_who_do_not_review_never_reach_a_file_this_way(
    client, request, applicant, who, expected
):
    application = application_in(State.SUBMITTED, applicant)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    response = client.get(file_url(application))

    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"].startswith("/accounts/login/")


def test_a_conflicted_reviewer_gets_a_404(client, reviewer, applicant):
    application = application_in(State.SUBMITTED, applicant)
    client.force_login(reviewer)
    assert client.get(file_url(application)).status_code == 200

    conflict_declare(reviewer=reviewer, applicant=applicant)

    assert client.get(file_url(application)).status_code == 404


def test_a_reviewer_never_opens_the_files_of_their_own_application(client, reviewer):
    application = application_in(State.SUBMITTED, reviewer)
    client.force_login(reviewer)

    assert client.get(file_url(application)).status_code == 404


def test_only_the_applications_own_evidence_opens_through_it(client, reviewer, applicant):
    """Counting evidence ids under an application one may review finds nothing else: not the
    same person's evidence outside the application, nor anyone else's."""
    application = application_in(State.SUBMITTED, applicant)
    outside = with_file(applicant, title="Not in the application")
    someone_else = with_file(UserFactory(), title="Someone else's")
    client.force_login(reviewer)

    assert client.get(file_url(application, outside)).status_code == 404
    assert client.get(file_url(application, someone_else)).status_code == 404
    assert client.get(f"/evidence/{outside.pk}/file/").status_code == 404


def test_the_review_page_links_the_file_through_the_application(client, reviewer, applicant):
    application = application_in(State.SUBMITTED, applicant)
    item = application.evidence.exclude(file="").get()
    client.force_login(reviewer)

    html = client.get(f"/reviews/{application.pk}/").content.decode()

    assert f'href="/reviews/{application.pk}/evidence/{item.pk}/file/"' in html
    assert f"/evidence/{item.pk}/file/" not in html.replace(file_url(application, item), "")


@pytest.mark.parametrize("state", PRIVATE)
@pytest.mark.parametrize("who", ["reviewer", "staff"])
def test_drafts_have_no_review_page_notes_or_trail(client, request, applicant, state, who):
    application = application_in(state, applicant)
    events_before = ApplicationEvent.objects.filter(application=application).count()
    client.force_login(request.getfixturevalue(who))

    assert client.get(f"/reviews/{application.pk}/").status_code == 404
    assert client.post(f"/reviews/{application.pk}/note/", {"note": "Peeked."}).status_code == 404
    assert client.post(f"/reviews/{application.pk}/claim/").status_code == 404
    if who == "staff":
        assert client.get(f"/reviews/{application.pk}/trail/").status_code == 404
        reassign = {"reviewer": request.getfixturevalue("reviewer").pk}
        assert client.post(f"/reviews/{application.pk}/reassign/", reassign).status_code == 404
    assert ApplicationEvent.objects.filter(application=application).count() == events_before


def test_a_draft_becomes_reviewable_once_submitted(client, reviewer, applicant):
    application = application_in(State.DRAFT, applicant)
    client.force_login(reviewer)
    assert client.get(f"/reviews/{application.pk}/").status_code == 404

    application_update(
        application=application,
        actor=applicant,
        evidence=list(application.evidence.all()),
        statement="Ready now.",
    )

    assert client.get(f"/reviews/{application.pk}/").status_code == 200
    assert client.get(file_url(application)).status_code == 200
