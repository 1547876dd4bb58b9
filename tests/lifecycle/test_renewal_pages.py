"""The holder's way to renew: the button on /me/certifications/, the renewal form prefilled with
the evidence that counts, the marker in the queue, and the wall's "since · renewed"."""

import datetime

import pytest
from django.test import TestCase

from applications.models import Application
from honor_wall.models import Certification
from honor_wall.renewal import renewal_start
from reviews.services import review_claim, review_decide
from tests.factories import (
    UserFactory,
    certify,
    excellent_evidence,
    make_evidence,
    make_profile,
    today,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
MINE = "/me/certifications/"


def holder(days_left=30, language="en"):
    person = UserFactory(language=language)
    make_profile(person, wall_consent=True)
    certification = certify(
        person, awarded_on=today() - 700 * DAY, expires_on=today() + days_left * DAY
    )
    return person, certification


def renew_url(certification):
    return f"{MINE}{certification.public_id}/renew/"


def test_the_holders_page_offers_renew_when_it_is_open(client):
    person, certification = holder(days_left=30)
    client.force_login(person)

    html = client.get(MINE).content.decode()

    assert 'data-renewal="open"' in html
    assert renew_url(certification) in html


def test_no_renew_button_long_before_the_end(client):
    person, _certification = holder(days_left=300)
    client.force_login(person)

    html = client.get(MINE).content.decode()

    assert "data-renewal" not in html


def test_the_form_is_prefilled_with_the_evidence_of_the_period(client):
    person, certification = holder(days_left=30)
    recent = excellent_evidence(person)
    before = make_evidence(person, "talk", days_ago=800)  # before the certification
    client.force_login(person)

    response = client.get(renew_url(certification))

    html = response.content.decode()
    assert response.status_code == 200
    for item in recent:
        assert f'value="{item.pk}" ' in html and 'id="id_evidence_' in html
    checked = [
        line for line in html.splitlines() if "checked" in line and 'name="evidence"' in line
    ]
    assert {str(item.pk) for item in recent} <= {
        part.split('value="')[1].split('"')[0] for part in checked
    }
    assert not any(f'value="{before.pk}"' in line for line in checked)
    window_start = (today() - 700 * DAY).isoformat()
    assert f'data-window="{window_start}/{(today() + 30 * DAY).isoformat()}"' in html


def test_submitting_opens_a_renewal_and_the_page_says_so(client):
    person, certification = holder(days_left=30)
    evidence = excellent_evidence(person)
    client.force_login(person)

    response = client.post(
        renew_url(certification), {"evidence": [e.pk for e in evidence], "statement": "Still here."}
    )

    application = Application.objects.get(applicant=person, kind=Application.Kind.RENEWAL)
    assert response.status_code == 302
    assert response["Location"] == f"/me/applications/{application.pk}/"
    assert application.kind == Application.Kind.RENEWAL
    assert application.state == Application.State.SUBMITTED
    detail = client.get(response["Location"]).content.decode()
    assert 'data-kind="renewal"' in detail
    mine = client.get(MINE).content.decode()
    assert 'data-renewal="in-progress"' in mine


def test_evidence_that_does_not_meet_the_rules_is_a_form_error_not_a_500(client):
    person, certification = holder(days_left=30)
    client.force_login(person)

    response = client.post(renew_url(certification), {"evidence": [], "statement": ""})

    assert response.status_code == 400
    assert "requirements for this certification are not met" in response.content.decode()
    assert not Application.objects.filter(kind=Application.Kind.RENEWAL).exists()


def test_a_bad_evidence_id_is_a_form_error(client):
    person, certification = holder(days_left=30)
    client.force_login(person)

    response = client.post(renew_url(certification), {"evidence": ["1; DROP"]})

    assert response.status_code == 400


def test_someone_elses_certification_is_404(client):
    _person, certification = holder(days_left=30)
    client.force_login(UserFactory())

    assert client.get(renew_url(certification)).status_code == 404
    assert client.post(renew_url(certification), {}).status_code == 404


def test_too_early_sends_the_holder_back_with_the_reason(client):
    person, certification = holder(days_left=300)
    client.force_login(person)

    response = client.get(renew_url(certification), follow=True)

    assert response.redirect_chain[-1][0] == MINE
    assert "Renewal opens on" in response.content.decode()


def test_the_renewal_page_in_chinese(client):
    person, certification = holder(days_left=30, language="zh-hans")
    client.force_login(person)

    html = client.get(renew_url(certification), headers={"accept-language": "zh-hans"}).content
    assert "续期" in html.decode()


def test_the_queue_marks_renewals(client, reviewer):
    person, certification = holder(days_left=30)
    renewal_start(certification=certification, actor=person, evidence=excellent_evidence(person))
    client.force_login(reviewer)

    html = client.get("/reviews/").content.decode()

    assert 'data-kind="renewal"' in html


def test_the_wall_shows_since_and_renewed(client, reviewer):
    person, old = holder(days_left=30)
    application = renewal_start(
        certification=old, actor=person, evidence=excellent_evidence(person)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        review_claim(application=application, reviewer=reviewer)
        review_decide(application=application, reviewer=reviewer, decision="approve")
    new = Certification.objects.get(renews=old)

    wall = client.get("/honor-wall/").content.decode()
    profile = client.get(f"/honor-wall/{person.profile.handle}/").content.decode()

    text = f"since {old.awarded_on.year} · renewed {new.awarded_on.year}"
    assert text in wall
    assert text in profile
    assert wall.count('class="badge tier-badge') == 1
