"""Profile, avatar, consent, export and account deletion."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from applications.models import Application, ApplicationEvent, Evidence, Profile
from applications.services import application_submit
from tests.factories import TEST_PASSWORD, make_evidence, make_profile

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def profile_data(**overrides):
    data = {
        "display_name": "Li Hua",
        "handle": "li-hua",
        "gitee_username": "lihua",
        "github_username": "li-hua",
        "organisation": "Peking University",
        "city": "Beijing",
        "country": "China",
        "bio": "I like operators.",
        "links_text": "https://lihua.dev\nhttps://gitee.com/lihua",
    }
    data.update(overrides)
    return data


def test_creating_a_profile_with_consent_off_by_default(client, applicant):
    client.force_login(applicant)

    response = client.post("/me/profile/", profile_data())

    assert response.status_code == 302
    profile = Profile.objects.get(user=applicant)
    assert profile.handle == "li-hua"
    assert profile.links == ["https://lihua.dev", "https://gitee.com/lihua"]
    assert profile.wall_consent is False


def test_handles_are_unique(client, applicant, other_applicant):
    make_profile(other_applicant, handle="li-hua")
    client.force_login(applicant)

    response = client.post("/me/profile/", profile_data())

    assert response.status_code == 400
    assert "handle" in response.context["form"].errors


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"handle": "not a slug!"}, "handle"),
        ({"links_text": "javascript:alert(1)"}, "links_text"),
        ({"gitee_username": "bad name with spaces"}, "gitee_username"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_bad_profile_input_names_the_field(client, applicant, overrides, field):
    client.force_login(applicant)

    response = client.post("/me/profile/", profile_data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Profile.objects.exists()


def test_avatar_is_resized_to_a_square_png(client, applicant):
    big = io.BytesIO()
    Image.new("RGB", (1200, 800), (10, 120, 200)).save(big, "JPEG")
    client.force_login(applicant)

    client.post(
        "/me/profile/",
        {**profile_data(), "avatar_upload": SimpleUploadedFile("me.jpg", big.getvalue())},
    )

    profile = Profile.objects.get()
    with Image.open(profile.avatar.path) as image:
        assert image.size == (256, 256)
        assert image.format == "PNG"


def test_an_svg_avatar_is_refused(client, applicant):
    client.force_login(applicant)

    response = client.post(
        "/me/profile/",
        {
            **profile_data(),
            "avatar_upload": SimpleUploadedFile(
                "me.png", (FIXTURES / "drawing.svg").read_bytes(), content_type="image/png"
            ),
        },
    )

    assert response.status_code == 400
    assert "avatar_upload" in response.context["form"].errors
    assert not Profile.objects.exists()


def test_avatar_is_public_only_on_the_wall(client, applicant, other_applicant):
    client.force_login(applicant)
    client.post(
        "/me/profile/",
        {
            **profile_data(),
            "avatar_upload": SimpleUploadedFile("a.png", (FIXTURES / "pixel.png").read_bytes()),
        },
    )
    url = "/people/li-hua/avatar.png"
    assert client.get(url).status_code == 200  # the owner sees their own

    client.force_login(other_applicant)
    assert client.get(url).status_code == 404

    Profile.objects.update(wall_consent=True)
    assert client.get(url).status_code == 404  # consent without a certification: not on the wall

    from criteria.models import Tier
    from honor_wall.models import Certification

    Certification.objects.create(
        person=applicant, tier=Tier.objects.get(slug="excellent-developer")
    )
    assert client.get(url).status_code == 200

    applicant.is_active = False
    applicant.save()
    assert client.get(url).status_code == 404


def test_export_contains_my_data_and_nobody_elses(client, applicant, other_applicant):
    make_profile(applicant, handle="me")
    make_evidence(applicant, "tech_article")
    make_evidence(other_applicant, "doc_contribution")
    client.force_login(applicant)

    response = client.get("/me/data.json")

    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == applicant.email
    assert data["profile"]["handle"] == "me"
    assert [e["kind"] for e in data["evidence"]] == ["tech_article"]


def test_apps_above_add_their_section_to_the_export_through_the_signal(client, applicant):
    from applications.signals import personal_data_requested

    def badges(sender, user, **kwargs):
        return "badges", [{"holder": user.email}]

    personal_data_requested.connect(badges, dispatch_uid="test-badges")
    try:
        client.force_login(applicant)
        data = json.loads(client.get("/me/data.json").content)
    finally:
        personal_data_requested.disconnect(dispatch_uid="test-badges")

    assert data["badges"] == [{"holder": applicant.email}]
    assert data["benefits"] == []  # the benefits app answers the same signal


def test_a_section_that_fails_fails_the_whole_export(applicant):
    """Nobody receives a partial copy of their data believing it complete."""
    from applications.profile_services import personal_data_export
    from applications.signals import personal_data_requested

    def broken(sender, user, **kwargs):
        raise RuntimeError("the badges store is down")

    personal_data_requested.connect(broken, dispatch_uid="test-broken")
    try:
        with pytest.raises(RuntimeError):
            personal_data_export(applicant)
    finally:
        personal_data_requested.disconnect(dispatch_uid="test-broken")


def test_deleting_the_account_removes_personal_data_and_keeps_decisions(
    client, applicant, excellent
):
    make_profile(applicant)
    evidence = [
        make_evidence(applicant, "doc_contribution"),
        make_evidence(applicant, "tech_article"),
    ]
    application = application_submit(
        applicant=applicant, tier=excellent, evidence=evidence, statement="About me"
    )
    client.force_login(applicant)

    wrong = client.post("/me/delete/", {"password": "not-it"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=applicant.pk).exists()

    client.post("/me/delete/", {"password": TEST_PASSWORD})

    assert not User.objects.filter(pk=applicant.pk).exists()
    assert not Profile.objects.exists()
    assert not Evidence.objects.exists()
    kept = Application.objects.get(pk=application.pk)
    assert kept.applicant is None
    assert kept.statement == ""
    # The submitted application is withdrawn: nobody is left to certify.
    assert list(
        ApplicationEvent.objects.filter(application=kept).values_list("action", flat=True)
    ) == ["create", "submit", "withdraw"]
    assert kept.state == "withdrawn"
    assert "_auth_user_id" not in client.session
