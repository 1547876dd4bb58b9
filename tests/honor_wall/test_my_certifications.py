"""The holder's page, ``/me/certifications/``: every certification they hold or held, with its
downloads and ways to share it, whether or not they appear on the wall; and the ways to it."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core import mail

from honor_wall.services import certification_revoke
from reviews.services import review_claim, review_decide
from tests.factories import certify, make_person, submitted, yesterday

URL = "/me/certifications/"


def page(client, user, **extra) -> str:
    client.force_login(user)
    response = client.get(URL, **extra)
    assert response.status_code == 200
    return response.content.decode()


def card(html, certification) -> str:
    """The one card of ``certification`` on the page."""
    match = re.search(
        rf'<article[^>]*data-certification="{certification.public_id}".*?</article>', html, re.S
    )
    assert match, f"no card for {certification.public_id}"
    return match.group(0)


def test_it_asks_a_visitor_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_valid_certification_offers_every_download_and_share(client, vera, certification):
    html = card(page(client, vera), certification)
    uuid = certification.public_id

    assert 'data-status="valid"' in html
    assert "Excellent Developer" in html
    for href in [
        f"/verify/{uuid}/badge.png",
        f"/verify/{uuid}/badge.svg",
        f"/verify/{uuid}.jwt",
        f"/verify/{uuid}.json",
        f"/verify/{uuid}/certificate.pdf",
        f"/verify/{uuid}/",
    ]:
        assert f'href="{href}"' in html, href
    assert 'src="/badges/excellent-developer.svg"' in html
    assert f'value="{settings.SITE_URL}/verify/{uuid}/"' in html
    assert 'data-copy="#link-' in html


def test_add_to_linkedin_is_prefilled(client, vera, certification):
    certification.awarded_on = datetime.date(2025, 4, 9)
    certification.expires_on = datetime.date(2099, 4, 8)
    certification.save()

    html = card(page(client, vera), certification)

    href = unescape(re.search(r'href="(https://www.linkedin.com/profile/add\?[^"]+)"', html)[1])
    params = {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}
    assert params == {
        "startTask": "CERTIFICATION_NAME",
        "name": "MindSpore Excellent Developer",
        "organizationName": "MindSpore",
        "issueYear": "2025",
        "issueMonth": "4",
        "expirationYear": "2099",
        "expirationMonth": "4",
        "certUrl": f"{settings.SITE_URL}/verify/{certification.public_id}/",
        "certId": str(certification.public_id),
    }


def test_it_says_it_is_on_the_wall_and_links_the_profile(client, vera, certification):
    html = card(page(client, vera), certification)

    assert 'data-wall="shown"' in html
    assert 'href="/honor-wall/vera-visible/"' in html
    assert 'href="/me/profile/"' in html


def test_it_works_for_someone_who_did_not_consent_to_the_wall(client, db):
    shy = make_person("shy-shen", consent=False)
    certification = shy.certifications.get()

    html = card(page(client, shy), certification)

    assert 'data-wall="hidden"' in html
    assert "you have not agreed to appear on the Wall of Honor" in html
    assert 'href="/me/profile/"' in html
    assert "/honor-wall/shy-shen/" not in html
    assert f'href="/verify/{certification.public_id}/badge.png"' in html


def test_expired_and_revoked_ones_show_their_state_without_pdf_or_linkedin(
    client, vera, certification, staff
):
    expired = certify(
        vera, "evangelist-reserve", awarded_on=datetime.date(2023, 1, 1), expires_on=yesterday()
    )
    certification_revoke(certification=certification, actor=staff, reason="Copied work")

    html = page(client, vera)

    revoked_card, expired_card = card(html, certification), card(html, expired)
    assert 'data-status="revoked"' in revoked_card and "Copied work" in revoked_card
    assert 'data-status="expired"' in expired_card and "expired on" in expired_card
    for other in (revoked_card, expired_card):
        assert "certificate.pdf" not in other
        assert "linkedin.com" not in other
        assert "/badge.png" in other  # the credential still says what it is, status and all
        assert 'data-wall="hidden"' in other
        assert "the wall lists valid certifications only" in other


def test_it_shows_only_the_holders_own(client, vera, certification):
    other = make_person("other-ou").certifications.get()

    html = page(client, vera)

    assert str(certification.public_id) in html
    assert str(other.public_id) not in html


def test_a_chinese_holder_is_offered_the_english_credential(client, db):
    person = make_person("li-ming", display_name="李明")
    person.language = "zh-hans"
    person.save()
    certification = person.certifications.get()

    html = card(page(client, person), certification)

    assert f'href="/verify/{certification.public_id}.jwt?lang=en"' in html
    assert f'href="/verify/{certification.public_id}.json?lang=en"' in html
    assert "In English:" in html


def test_the_page_speaks_chinese(client, vera, certification):
    html = page(client, vera, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "我的认证" in html
    assert "添加到 LinkedIn" in html or "LinkedIn" in html
    assert "优秀开发者" in html


def test_someone_without_certifications_is_pointed_to_eligibility(client, applicant):
    html = page(client, applicant)

    assert "You hold no certification yet." in html
    assert 'href="/apply/"' in html


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_costs_the_same_queries_for_1_or_3(client, db, django_assert_num_queries, count):
    person = make_person("many-ma")
    for slug in ["senior-developer", "evangelist"][: count - 1]:
        certify(person, slug)
    client.force_login(person)

    # the account (signing in changed it); certifications (with tier, track, person, renewal),
    # which are on the wall, which have a renewal in progress, the profile (the session comes
    # from the cache, and the navigation bar's roles and permissions: accounts.access).
    with django_assert_num_queries(5):
        html = client.get(URL).content.decode()

    assert html.count('class="card mb-3 holder-certification"') == count


# --- The ways to it ---------------------------------------------------------------------------
def test_it_is_linked_from_me_and_the_user_menu(client, vera):
    client.force_login(vera)

    html = client.get("/me/").content.decode()

    nav = re.search(r'<nav class="nav nav-pills.*?</nav>', html, re.S).group(0)
    assert f'href="{URL}"' in nav
    menu = re.search(r'<ul class="dropdown-menu.*?</ul>', html, re.S).group(0)
    assert f'href="{URL}"' in menu


def test_the_approval_email_links_it(applicant, reviewer, django_capture_on_commit_callbacks):
    application = submitted(applicant)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review_claim(application=application, reviewer=reviewer)
        review_decide(application=application, reviewer=reviewer, decision="approve")

    [email] = [m for m in mail.outbox if applicant.email in m.to]
    assert f"{settings.SITE_URL}{URL}" in email.body
    assert applicant.certifications.count() == 1


def test_a_rejection_email_does_not_link_it(
    applicant, reviewer, django_capture_on_commit_callbacks
):
    application = submitted(applicant)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        review_claim(application=application, reviewer=reviewer)
        review_decide(application=application, reviewer=reviewer, decision="reject", comment="No.")

    [email] = [m for m in mail.outbox if applicant.email in m.to]
    assert URL not in email.body


# --- The verification page --------------------------------------------------------------------
def test_the_verification_page_links_the_json_jwt_and_public_profile(client, certification):
    html = client.get(f"/verify/{certification.public_id}/").content.decode()

    assert f'href="/verify/{certification.public_id}.json"' in html
    assert f'href="/verify/{certification.public_id}.jwt"' in html
    assert 'href="/honor-wall/vera-visible/"' in html


def test_the_verification_page_links_no_profile_when_not_public(client, db):
    certification = make_person("private-pu", consent=False).certifications.get()

    html = client.get(f"/verify/{certification.public_id}/").content.decode()

    assert "/honor-wall/private-pu/" not in html
    assert f'href="/verify/{certification.public_id}.jwt"' in html


def test_the_verification_page_states_the_rules_version_the_credential_states(
    client, certification
):
    version = client.get(f"/verify/{certification.public_id}.json").json()["credentialSubject"][
        "achievement"
    ]["version"]

    html = client.get(f"/verify/{certification.public_id}/").content.decode()

    assert re.search(rf"Rules version</dt><dd[^>]*>{version}</dd>", html)
