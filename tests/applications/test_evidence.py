"""Recording evidence in the browser's forms: kinds, validation, files, and who sees what."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Evidence
from applications.models.application import State
from applications.services import application_submit
from tests.factories import make_evidence, set_state

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
YESTERDAY = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name, content=None, content_type="application/octet-stream"):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return SimpleUploadedFile(name, data, content_type=content_type)


def post_evidence(client, **overrides):
    data = {
        "kind": "pull_request",
        "title": "Fix the ResNet example",
        "date": YESTERDAY,
        "url": "https://gitee.com/mindspore/models/pulls/42",
        "field_state": "merged",
        "field_scope": "application",
    }
    data.update(overrides)
    return client.post("/me/evidence/new/", {k: v for k, v in data.items() if v is not None})


def test_adding_a_merged_pull_request(client, applicant):
    client.force_login(applicant)

    response = post_evidence(client)

    assert response.status_code == 302
    evidence = Evidence.objects.get(owner=applicant)
    assert evidence.kind == "pull_request"
    assert evidence.fields == {"state": "merged", "scope": "application"}


def test_the_form_shows_the_fields_of_the_kind_chosen(client, applicant):
    client.force_login(applicant)

    pr = client.get("/me/evidence/new/?kind=pull_request").content.decode()
    support = client.get("/me/evidence/new/?kind=community_support").content.decode()

    assert 'name="field_scope"' in pr
    assert 'name="field_count"' not in pr
    assert 'name="field_count"' in support


def test_htmx_asks_for_only_the_kind_fields(client, applicant):
    client.force_login(applicant)

    response = client.get(
        "/me/evidence/new/?kind=feature_leadership",
        headers={"HX-Request": "true", "HX-Target": "kind-fields"},
    )

    html = response.content.decode()
    assert 'name="field_approver_seat"' in html
    assert "<html" not in html


def test_changing_the_kind_without_javascript_keeps_what_was_typed(client, applicant):
    client.force_login(applicant)

    response = post_evidence(client, kind="community_support", change_kind="1")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="field_count"' in html
    assert "Fix the ResNet example" in html
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": (datetime.date.today() + datetime.timedelta(days=1)).isoformat()}, "date"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://example.org/file"}, "url"),
        ({"field_state": "exploded"}, "field_state"),
        ({"kind": "telepathy"}, "kind"),
        ({"url": "", "field_state": "merged"}, "url"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_a_form_error_naming_the_field(client, applicant, overrides, field):
    client.force_login(applicant)

    response = post_evidence(client, **overrides)

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Evidence.objects.exists()


def test_a_count_below_one_is_refused(client, applicant):
    client.force_login(applicant)

    response = post_evidence(
        client, kind="community_support", field_count="0", field_state=None, field_scope=None
    )

    assert response.status_code == 400
    assert "field_count" in response.context["form"].errors


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("doc.pdf", "application/pdf"), ("pixel.png", "image/png"), ("photo.jpg", "image/jpeg")],
)
def test_a_valid_pdf_png_or_jpeg_is_accepted_and_stored_privately(
    client, applicant, settings, name, content_type
):
    client.force_login(applicant)

    response = post_evidence(client, url="", upload=upload(name))

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.file_type == content_type
    stored = Path(evidence.file.path)
    assert stored.is_relative_to(settings.MEDIA_ROOT)
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT))
    assert name not in stored.name  # the uploader's name never becomes the stored name


@pytest.mark.parametrize(
    "bad",
    [
        lambda: upload("page.html.pdf", content_type="application/pdf"),
        lambda: upload("drawing.svg", content_type="image/svg+xml"),
        lambda: upload("drawing.png", content=(FIXTURES / "drawing.svg").read_bytes()),
        lambda: upload("huge.pdf", content=b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"%%EOF"),
        lambda: upload("cut.png", content=(FIXTURES / "pixel.png").read_bytes()[:40]),
    ],
    ids=["html-named-pdf", "svg", "svg-named-png", "over-10-mb", "truncated-png"],
)
def test_bad_files_are_refused_by_content(client, applicant, bad):
    client.force_login(applicant)

    response = post_evidence(client, url="", upload=bad())

    assert response.status_code == 400
    assert "upload" in response.context["form"].errors
    assert not Evidence.objects.exists()


def test_a_file_here_is_a_download_for_its_owner_alone(
    client, applicant, other_applicant, reviewer, staff
):
    """Reviewers and staff download through the review page of an application they may review
    (tests/reviews/test_evidence_files.py); by counting ids here they find nothing."""
    client.force_login(applicant)
    post_evidence(client, url="", upload=upload("doc.pdf"))
    url = f"/evidence/{Evidence.objects.get().pk}/file/"

    for user, status in [(applicant, 200), (reviewer, 404), (staff, 404), (other_applicant, 404)]:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, user
        if status == 200:
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.logout()
    assert client.get(url).status_code == 302


def test_another_applicants_evidence_is_a_404(client, applicant, other_applicant):
    theirs = make_evidence(other_applicant, "tech_article")
    client.force_login(applicant)

    assert client.get(f"/me/evidence/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/me/evidence/{theirs.pk}/edit/", {"title": "mine"}).status_code == 404
    assert client.post(f"/me/evidence/{theirs.pk}/delete/").status_code == 404
    assert Evidence.objects.filter(pk=theirs.pk, title="tech_article 10").exists()


def test_editing_evidence(client, applicant):
    evidence = make_evidence(applicant, "tech_article")
    client.force_login(applicant)

    response = client.post(
        f"/me/evidence/{evidence.pk}/edit/",
        {"kind": "tech_article", "title": "Renamed", "date": YESTERDAY, "url": evidence.url},
    )

    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.title == "Renamed"


def test_deleting_asks_for_confirmation_first(client, applicant):
    evidence = make_evidence(applicant, "tech_article")
    client.force_login(applicant)

    confirm = client.get(f"/me/evidence/{evidence.pk}/delete/")
    assert confirm.status_code == 200
    assert Evidence.objects.filter(pk=evidence.pk).exists()

    client.post(f"/me/evidence/{evidence.pk}/delete/")
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


@pytest.mark.parametrize("state", [State.SUBMITTED, State.IN_REVIEW])
def test_evidence_backing_a_pending_application_cannot_change(
    client, ready_applicant, excellent, state
):
    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    set_state(application, state)
    evidence = ready_applicant.test_evidence[0]
    client.force_login(ready_applicant)

    client.post(f"/me/evidence/{evidence.pk}/delete/")
    client.post(
        f"/me/evidence/{evidence.pk}/edit/",
        {"kind": evidence.kind, "title": "Changed", "date": YESTERDAY, "url": evidence.url},
    )

    evidence.refresh_from_db()
    assert evidence.title != "Changed"
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_evidence_can_change_once_changes_are_requested(client, ready_applicant, excellent):
    application = application_submit(
        applicant=ready_applicant, tier=excellent, evidence=ready_applicant.test_evidence
    )
    set_state(application, State.CHANGES_REQUESTED)
    evidence = ready_applicant.test_evidence[0]
    client.force_login(ready_applicant)

    client.post(
        f"/me/evidence/{evidence.pk}/edit/",
        {"kind": evidence.kind, "title": "Changed", "date": YESTERDAY, "url": evidence.url},
    )

    evidence.refresh_from_db()
    assert evidence.title == "Changed"
