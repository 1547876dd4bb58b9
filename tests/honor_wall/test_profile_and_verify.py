"""A person's public profile, the public verification page and the printable certificate."""

import datetime
import uuid

import pytest
from django.conf import settings

from applications.models import Evidence
from honor_wall.badges import qr_svg
from honor_wall.services import certification_revoke
from tests.factories import certify, make_person, yesterday


def add_evidence(user, title, *, public, url="", **fields):
    return Evidence.objects.create(
        owner=user,
        kind="tech_article",
        title=title,
        date=datetime.date(2024, 2, 1),
        url=url,
        public=public,
        **fields,
    )


# --- Profile --------------------------------------------------------------------------------
def test_profile_shows_certifications_with_dates_and_badges(client, db):
    person = make_person("ada", display_name="Ada Lovelace", awarded_on=datetime.date(2024, 3, 5))
    evangelist = certify(person, "evangelist", awarded_on=datetime.date(2023, 11, 20))

    response = client.get("/honor-wall/ada/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="mb-1">Ada Lovelace</h1>' in html
    assert "Certified March 5, 2024" in html
    assert "Certified Nov. 20, 2023" in html
    assert 'src="/badges/excellent-developer.svg" alt="Excellent Developer"' in html
    assert 'src="/badges/evangelist.svg" alt="Evangelist"' in html
    assert f'href="/verify/{evangelist.public_id}/"' in html


def test_profile_leaves_out_revoked_certifications(client, db, staff):
    person = make_person("ada")
    senior = certify(person, "senior-developer")
    certification_revoke(certification=senior, actor=staff, reason="Mistake")

    html = client.get("/honor-wall/ada/").content.decode()

    assert "/badges/excellent-developer.svg" in html
    assert "/badges/senior-developer.svg" not in html
    assert str(senior.public_id) not in html


def test_profile_shows_the_bio(client, db):
    make_person("ada", bio="I write programs for engines.")

    assert "I write programs for engines." in client.get("/honor-wall/ada/").content.decode()


def test_profile_shows_only_public_evidence_titles_and_links(client, db):
    person = make_person("ada")
    add_evidence(person, "Public talk on MindSpore", public=True, url="https://example.org/talk")
    add_evidence(person, "Public note without link", public=True)
    add_evidence(person, "Secret draft", public=False, url="https://example.org/secret")

    html = client.get("/honor-wall/ada/").content.decode()

    assert '<a href="https://example.org/talk" rel="nofollow noopener noreferrer">' in html
    assert "Public talk on MindSpore" in html
    assert "Public note without link" in html
    assert "Secret draft" not in html
    assert "https://example.org/secret" not in html


def test_profile_never_links_the_evidence_file(client, db):
    person = make_person("ada")
    evidence = add_evidence(
        person,
        "Slides of my talk",
        public=True,
        file="evidence/ada/slides-private.pdf",
        file_name="slides-private.pdf",
    )

    html = client.get("/honor-wall/ada/").content.decode()

    assert "Slides of my talk" in html
    assert f"/evidence/{evidence.pk}/file/" not in html
    assert "slides-private.pdf" not in html


def test_profile_says_when_nothing_is_public(client, db):
    person = make_person("ada")
    add_evidence(person, "Secret draft", public=False)

    html = client.get("/honor-wall/ada/").content.decode()

    assert "This person has not made any contribution public." in html


def test_profile_has_open_graph_and_twitter_meta_tags(client, db):
    make_person("ada", display_name="Ada Lovelace")

    html = client.get("/honor-wall/ada/").content.decode()

    assert '<meta property="og:type" content="profile">' in html
    assert '<meta property="og:title" content="Ada Lovelace · MindSpore Wall of Honor">' in html
    assert '<meta property="og:description" content="Excellent Developer">' in html
    assert '<meta property="og:url" content="http://testserver/honor-wall/ada/">' in html
    assert (
        '<meta property="og:image" content="http://testserver/badges/excellent-developer.png">'
        in html
    )
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:title" content="Ada Lovelace · MindSpore Wall of Honor">' in html


def test_profile_of_a_person_without_consent_is_404(client, db):
    make_person("shy", consent=False)

    assert client.get("/honor-wall/shy/").status_code == 404


@pytest.mark.parametrize("lost", ["revoked", "expired"])
def test_profile_of_a_person_without_a_valid_certification_is_404(client, db, staff, lost):
    person = make_person("ada")
    certification = person.certifications.get()
    if lost == "revoked":
        certification_revoke(certification=certification, actor=staff, reason="Fraud")
    else:
        certification.expires_on = yesterday()
        certification.save()

    assert client.get("/honor-wall/ada/").status_code == 404


def test_profile_of_an_unknown_handle_is_404(client, db):
    assert client.get("/honor-wall/nobody-here/").status_code == 404


def test_profile_disappears_when_consent_is_withdrawn_after_a_visit(client, db):
    person = make_person("ada")
    assert client.get("/honor-wall/ada/").status_code == 200

    person.profile.wall_consent = False
    person.profile.save()

    assert client.get("/honor-wall/ada/").status_code == 404


# --- Verification ---------------------------------------------------------------------------
def verify_url(certification):
    return f"/verify/{certification.public_id}/"


def test_verify_says_a_valid_certification_is_valid(client, vera, certification):
    response = client.get(verify_url(certification))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-status="valid"' in html
    assert "This certification is genuine and valid." in html
    assert "Vera Visible" in html
    assert "Excellent Developer" in html
    assert str(certification.public_id) in html


def test_verify_says_an_expired_certification_expired(client, vera, certification):
    certification.expires_on = datetime.date(2024, 1, 31)
    certification.awarded_on = datetime.date(2023, 1, 31)
    certification.save()

    html = client.get(verify_url(certification)).content.decode()

    assert 'data-status="expired"' in html
    assert "This certification was genuine but expired on Jan. 31, 2024." in html
    assert "/certificate/" not in html


def test_verify_says_a_revoked_certification_is_revoked_with_the_reason(
    client, vera, certification, staff
):
    certification_revoke(
        certification=certification, actor=staff, reason="The evidence was plagiarised."
    )

    html = client.get(verify_url(certification)).content.decode()

    assert 'data-status="revoked"' in html
    assert "This certification was revoked on" in html
    assert "The evidence was plagiarised." in html
    assert "genuine and valid" not in html


def test_verify_of_an_unknown_id_is_404(client, db):
    response = client.get(f"/verify/{uuid.uuid4()}/")

    assert response.status_code == 404


def test_verify_page_has_a_qr_code_of_its_own_address(client, vera, certification):
    html = client.get(verify_url(certification)).content.decode()

    expected = qr_svg(settings.SITE_URL + verify_url(certification))
    assert expected.startswith("<svg")
    assert f'<div class="qr qr-box mx-auto">{expected}</div>' in html


def test_verify_shows_staff_the_revoke_button_and_hides_it_from_the_public(
    client, vera, certification, staff
):
    revoke = f"/verify/{certification.public_id}/revoke/"
    assert revoke not in client.get(verify_url(certification)).content.decode()

    client.force_login(staff)
    assert revoke in client.get(verify_url(certification)).content.decode()


# --- Certificate ----------------------------------------------------------------------------
def test_certificate_shows_name_tier_and_id_of_a_valid_certification(client, vera, certification):
    response = client.get(f"/verify/{certification.public_id}/certificate/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<p class="name">Vera Visible</p>' in html
    assert '<p class="tier">Excellent Developer</p>' in html
    assert f"<code>{certification.public_id}</code>" in html
    assert settings.SITE_URL + verify_url(certification) in html


def test_certificate_of_a_revoked_certification_is_404(client, vera, certification, staff):
    certification_revoke(certification=certification, actor=staff, reason="Fraud")

    assert client.get(f"/verify/{certification.public_id}/certificate/").status_code == 404


def test_certificate_of_an_expired_certification_is_404(client, vera, certification):
    certification.expires_on = yesterday()
    certification.save()

    assert client.get(f"/verify/{certification.public_id}/certificate/").status_code == 404


def test_certificate_of_an_unknown_id_is_404(client, db):
    assert client.get(f"/verify/{uuid.uuid4()}/certificate/").status_code == 404
