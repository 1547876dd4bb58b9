"""Two-factor sign-in: required for reviewers, programme staff, administrators and anyone holding
a permission (sent to set it up before any privileged page opens), available to everyone. Codes
are computed here from the authenticator's secret, as the person's app would."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Permission

from tests.factories import (
    TEST_PASSWORD,
    UserFactory,
    reviewer_factory,
    staff_factory,
    totp_code,
    with_second_factor,
)

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"
REAUTHENTICATE = "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"


def fulfiller_factory(second_factor=True, **kwargs):
    user = UserFactory(second_factor=False, **kwargs)
    user.user_permissions.add(Permission.objects.get(codename="manage_fulfilment"))
    return with_second_factor(user) if second_factor else user


# Each privileged kind of person and a page only they may open.
PRIVILEGED = {
    "reviewer": (reviewer_factory, "/reviews/"),
    "programme staff": (staff_factory, "/reviews/workload/"),
    "superuser": (lambda **kw: UserFactory(is_staff=True, is_superuser=True, **kw), "/admin/"),
    "admin staff": (lambda **kw: UserFactory(is_staff=True, **kw), "/admin/"),
    "fulfilment": (fulfiller_factory, "/benefits/"),
}


@pytest.fixture(params=list(PRIVILEGED), ids=list(PRIVILEGED))
def privileged(request):
    """(a person of that kind without a second factor, their page)."""
    factory, page = PRIVILEGED[request.param]
    return factory(email="boss@example.org", second_factor=False), page


def sign_in(client, user, password=TEST_PASSWORD):
    return client.post("/accounts/login/", {"login": user.email, "password": password})


def test_without_a_second_factor_every_privileged_page_sends_them_to_set_it_up(client, privileged):
    user, page = privileged
    client.force_login(user)

    for url in [page, "/", "/honor-wall/", "/me/", "/api/v1/honor-wall/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP, url
    # Posting is stopped as well, before the view runs.
    assert client.post(page).status_code == 302
    # The account pages stay open, so they can confirm their password, set it up, sign out.
    setup = client.get(SETUP, follow=True)
    assert setup.status_code == 200
    assert setup.redirect_chain[-1][0].startswith("/accounts/reauthenticate/")
    assert client.get("/accounts/2fa/").status_code == 200


def test_applicants_are_not_asked_for_a_second_factor(client, applicant):
    client.force_login(applicant)
    assert client.get("/me/").status_code == 200
    assert client.get("/reviews/").status_code == 403


def test_a_reviewer_sets_up_the_app_then_opens_the_queue(client):
    reviewer = reviewer_factory(email="rev@example.org", second_factor=False)
    # Signed in (no second factor asked yet): sent on as everyone is, not to the setup page.
    assert sign_in(client, reviewer)["Location"] == "/me/signed-in/"
    sent = client.get("/reviews/", follow=True)
    assert [url for url, _ in sent.redirect_chain] == [SETUP, REAUTHENTICATE]
    assert "Your role needs two-factor sign-in" in sent.content.decode()
    confirmed = client.post(REAUTHENTICATE, {"password": TEST_PASSWORD})
    assert confirmed["Location"] == SETUP

    page = client.get(SETUP).content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page)
    secret = secret or re.search(r'value="([A-Z2-7]{32})"', page)
    assert secret, "the page shows the secret to type into the app"
    # The person's app computes the code from that secret.
    Authenticator.objects.create(user=reviewer, type="totp", data={"secret": secret.group(1)})
    code = totp_code(reviewer)
    Authenticator.objects.filter(user=reviewer).delete()
    wrong = client.post(SETUP, {"code": "000000" if code != "000000" else "111111"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=reviewer).exists()

    activated = client.post(SETUP, {"code": code})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=reviewer, type="totp").exists()
    assert Authenticator.objects.filter(user=reviewer, type="recovery_codes").exists()
    assert client.get("/reviews/").status_code == 200


@pytest.mark.parametrize("kind", list(PRIVILEGED))
def test_signing_in_asks_for_the_code_before_anything_opens(client, kind):
    factory, page = PRIVILEGED[kind]
    user = factory(email="boss@example.org")
    assert Authenticator.objects.filter(user=user, type="totp").exists()

    password_step = sign_in(client, user)
    assert password_step.status_code == 302
    assert password_step["Location"] == "/accounts/2fa/authenticate/"
    # Between the two steps nobody is signed in: the privileged page asks to log in.
    assert re.match(r"/(accounts|admin)/login/", client.get(page)["Location"])

    refused = client.post("/accounts/2fa/authenticate/", {"code": "12345"})
    assert refused.status_code == 200
    assert "code" in refused.context["form"].errors

    accepted = client.post("/accounts/2fa/authenticate/", {"code": totp_code(user)})
    assert accepted.status_code == 302
    assert client.get(page).status_code == 200


def test_a_code_works_once(client):
    reviewer = reviewer_factory(email="rev@example.org")
    code = totp_code(reviewer)
    sign_in(client, reviewer)
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.get("/reviews/").status_code == 200
    client.post("/accounts/logout/")

    sign_in(client, reviewer)
    replayed = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert replayed.status_code == 200
    assert client.get("/reviews/")["Location"].startswith("/accounts/login/")


def test_a_recovery_code_stands_in_for_the_app_once(client):
    reviewer = reviewer_factory(email="rev@example.org")
    codes = RecoveryCodes.activate(reviewer).get_unused_codes()

    sign_in(client, reviewer)
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    assert client.get("/reviews/").status_code == 200
    client.post("/accounts/logout/")

    sign_in(client, reviewer)
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 200


def test_a_reviewer_cannot_remove_their_only_second_factor(client):
    reviewer = reviewer_factory(email="rev@example.org")
    sign_in(client, reviewer)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(reviewer)})
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 200
    assert Authenticator.objects.filter(user=reviewer, type="totp").exists()


def test_an_applicant_may_turn_it_on_and_off_from_the_account_pages(client, applicant):
    sign_in(client, applicant)
    assert 'href="/accounts/2fa/"' in client.get("/me/").content.decode()
    assert client.get("/accounts/2fa/").status_code == 200
    with_second_factor(applicant)

    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    client.post("/accounts/reauthenticate/", {"password": TEST_PASSWORD})
    assert client.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=applicant, type="totp").exists()


def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    # A password alone, posted to the admin's own form, signs nobody in.
    superuser = UserFactory(is_staff=True, is_superuser=True)
    posted = client.post("/admin/login/", {"username": superuser.email, "password": TEST_PASSWORD})
    assert posted["Location"].startswith("/accounts/login/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
