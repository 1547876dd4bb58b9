"""Input built to hurt: image headers that promise billions of pixels, ids too large for the
database. Each is a form error, never a 500 or an exhausted worker."""

import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications.models import Application, Evidence
from tests.factories import make_profile

from .test_evidence import post_evidence

pytestmark = pytest.mark.django_db


def huge_png(width=20000, height=20000) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_image_claiming_billions_of_pixels_is_refused_as_evidence(client, applicant):
    client.force_login(applicant)

    response = post_evidence(
        client, url="", upload=SimpleUploadedFile("bomb.png", huge_png(), "image/png")
    )

    assert response.status_code == 400
    assert "upload" in response.context["form"].errors
    assert not Evidence.objects.exists()


def test_an_avatar_claiming_billions_of_pixels_is_refused(client, applicant):
    client.force_login(applicant)

    response = client.post(
        "/me/profile/",
        {
            "display_name": "Li Hua",
            "handle": "li-hua",
            "avatar_upload": SimpleUploadedFile("a.png", huge_png(13000, 13000), "image/png"),
        },
    )

    assert response.status_code == 400
    assert "avatar_upload" in response.context["form"].errors


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "-1", "abc"])
def test_an_impossible_evidence_id_is_a_form_error(client, applicant, value):
    make_profile(applicant)
    client.force_login(applicant)

    response = client.post(
        "/apply/excellent-developer/", {"evidence": [value], "statement": "Hello"}
    )

    assert response.status_code == 400
    assert not Application.objects.exists()
