"""A newcomer's first steps: profile, forge account, evidence, eligibility; where signing in
leads; the way back to the steps from each form; the Profile entry in the user menu."""

import pytest
from allauth.socialaccount.models import SocialAccount

from applications.models import Evidence
from applications.services import application_submit
from tests.factories import TEST_PASSWORD, excellent_evidence, make_evidence, make_profile

pytestmark = pytest.mark.django_db


def steps(client):
    html = client.get("/me/start/").content.decode()
    return {
        key: done
        for key, done in (
            (chunk.split('"')[0], chunk.split('data-done="')[1].split('"')[0])
            for chunk in html.split('data-step="')[1:]
        )
    }, html


def test_a_new_account_has_every_step_to_do(client, applicant):
    client.force_login(applicant)

    done, html = steps(client)

    assert done == {
        "profile": "false",
        "forge": "false",
        "evidence": "false",
        "eligibility": "false",
    }
    assert 'data-progress="0/4"' in html
    assert 'href="/me/profile/?from=start"' in html
    assert 'href="/me/evidence/new/?from=start"' in html


def test_each_step_is_done_by_what_the_person_did(client, applicant, excellent):
    make_profile(applicant, gitee_username="newcomer")
    client.force_login(applicant)
    done, html = steps(client)
    # A username typed into the profile is a hint, not a linked account.
    assert done == {
        "profile": "true",
        "forge": "false",
        "evidence": "false",
        "eligibility": "false",
    }
    assert 'href="/me/accounts/"' in html

    SocialAccount.objects.create(
        user=applicant, provider="gitee", uid="4711", extra_data={"login": "newcomer"}
    )
    application_submit(applicant=applicant, tier=excellent, evidence=excellent_evidence(applicant))

    done, html = steps(client)
    assert set(done.values()) == {"true"}
    assert 'data-progress="4/4"' in html


def test_signing_in_leads_a_newcomer_to_the_first_steps(client, applicant):
    client.force_login(applicant)

    response = client.get("/me/signed-in/")

    assert response.headers["Location"] == "/me/start/"


def test_signing_in_leads_anyone_with_a_profile_or_evidence_home(
    client, applicant, other_applicant
):
    make_profile(applicant)
    make_evidence(other_applicant, "tech_article")
    for person in (applicant, other_applicant):
        client.force_login(person)
        assert client.get("/me/signed-in/").headers["Location"] == "/"


def test_evidence_imported_at_sign_up_still_leads_to_the_first_steps(client, applicant):
    imported = make_evidence(applicant, "pull_request", state="merged", scope="framework_core")
    Evidence.objects.filter(pk=imported.pk).update(source=Evidence.Source.IMPORTED, forge="gitee")
    client.force_login(applicant)

    assert client.get("/me/signed-in/").headers["Location"] == "/me/start/"


def test_reviewers_are_not_sent_to_the_first_steps(client, reviewer):
    client.force_login(reviewer)

    assert client.get("/me/signed-in/").headers["Location"] == "/"


def test_logging_in_without_next_goes_through_the_first_steps_check(client, applicant):
    response = client.post(
        "/accounts/login/", {"login": applicant.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/me/signed-in/"


def test_saving_the_profile_from_the_steps_returns_to_them(client, applicant):
    client.force_login(applicant)

    response = client.post(
        "/me/profile/?from=start", {"display_name": "New Comer", "handle": "new-comer"}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.headers["Location"] == "/me/start/"


def test_saving_the_profile_otherwise_stays_on_it(client, applicant):
    client.force_login(applicant)

    response = client.post("/me/profile/", {"display_name": "New Comer", "handle": "new-comer"})

    assert response.headers["Location"] == "/me/profile/"


def test_the_dashboard_points_a_newcomer_to_the_steps_until_they_are_done(
    client, applicant, excellent
):
    client.force_login(applicant)
    assert "data-first-steps" in client.get("/me/").content.decode()

    make_profile(applicant)
    SocialAccount.objects.create(
        user=applicant, provider="github", uid="4712", extra_data={"login": "newcomer"}
    )
    application_submit(applicant=applicant, tier=excellent, evidence=excellent_evidence(applicant))

    assert "data-first-steps" not in client.get("/me/").content.decode()


def test_the_user_menu_has_the_profile_and_the_first_steps(client, applicant):
    client.force_login(applicant)

    html = client.get("/").content.decode()

    menu = html[html.index('class="dropdown-menu') :]
    assert '<a class="dropdown-item" href="/me/profile/">Profile</a>' in menu
    assert '<a class="dropdown-item" href="/me/start/">Getting started</a>' in menu


def test_the_dashboard_stops_pointing_to_the_steps_once_the_person_has_applied(
    client, applicant, excellent
):
    make_profile(applicant)  # no linked forge account: that step stays to do
    application_submit(applicant=applicant, tier=excellent, evidence=excellent_evidence(applicant))
    client.force_login(applicant)

    assert "data-first-steps" not in client.get("/me/").content.decode()
    done, _ = steps(client)
    assert done["forge"] == "false"
