"""Uploaded photos lose their metadata (GPS, camera, time); private downloads are never kept
by a browser or proxy cache."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from applications.models import Evidence

from .test_evidence import post_evidence

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def photo_with_exif(fmt="JPEG", size=(40, 20)):
    """A photo as a phone saves it: camera, GPS position, and 'rotate 90° to show'."""
    image = Image.new("RGB", size, "red")
    image.paste("blue", (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[MAKE] = "PhoneCorp"
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif.tobytes())
    assert Image.open(io.BytesIO(buffer.getvalue())).getexif()[MAKE] == "PhoneCorp"
    return buffer.getvalue()


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "photo.jpg"), ("PNG", "photo.png")])
def test_an_uploaded_photo_is_stored_without_its_exif_and_upright(client, applicant, fmt, name):
    client.force_login(applicant)
    upload = SimpleUploadedFile(name, photo_with_exif(fmt), content_type="image/jpeg")

    response = post_evidence(client, url="", upload=upload)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as stored, Image.open(stored) as image:
        exif = image.getexif()
        assert MAKE not in exif
        assert GPS_IFD not in exif
        assert not exif.get_ifd(GPS_IFD)
        assert b"PhoneCorp" not in image.info.get("exif", b"")
        # The orientation tag is gone, so the picture itself was turned: 20 wide, 40 high.
        assert image.size == (20, 40)
    assert evidence.file_size == evidence.file.size


def test_private_downloads_say_private_no_store(client, applicant, settings):
    client.force_login(applicant)
    post_evidence(client, url="", upload=SimpleUploadedFile("p.jpg", photo_with_exif()))

    for url in [f"/evidence/{Evidence.objects.get().pk}/file/", "/me/data.json"]:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_a_reviewers_download_is_private_no_store_too(client, applicant, reviewer):
    from applications.services import application_submit
    from criteria.models import Tier

    from .conftest import excellent_evidence, make_profile

    make_profile(applicant)
    client.force_login(applicant)
    post_evidence(client, url="", upload=SimpleUploadedFile("p.jpg", photo_with_exif()))
    photo = Evidence.objects.get(owner=applicant)
    application = application_submit(
        applicant=applicant,
        tier=Tier.objects.get(slug="excellent-developer"),
        evidence=[photo, *excellent_evidence(applicant)],
    )
    client.force_login(reviewer)

    response = client.get(f"/reviews/{application.pk}/evidence/{photo.pk}/file/")

    assert response.status_code == 200
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}
