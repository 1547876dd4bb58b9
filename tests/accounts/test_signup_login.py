"""Sign up, email verification, log in, log out, password reset and the login lock-out."""

import re

import pytest
from django.core import mail

from accounts.models import User
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"


def confirmation_link(message):
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_sends_a_verification_email_and_confirming_logs_in(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "New.Person@Example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.org"
    assert len(mail.outbox) == 1
    assert "new.person@example.org" in mail.outbox[0].to[0].lower()

    # Mandatory verification: no session until the email is confirmed.
    assert client.get("/admin/").status_code == 302
    link = confirmation_link(mail.outbox[0])
    response = client.post(link)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_sign_up_in_chinese_remembers_the_language_for_emails(client):
    client.cookies["django_language"] = "zh-hans"
    client.post(
        "/accounts/signup/",
        {"email": "li@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert User.objects.get(email="li@example.org").language == "zh-hans"


def test_sign_up_with_mismatched_passwords_names_the_field(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "password1": NEW_PASSWORD, "password2": "something-else-1"},
    )

    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_log_in_and_log_out(client):
    user = UserFactory(email="member@example.org")

    response = client.post(
        "/accounts/login/", {"login": "member@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_a_form_error_not_a_500(client):
    UserFactory(email="member@example.org")

    response = client.post("/accounts/login/", {"login": "member@example.org", "password": "no"})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_login_is_locked_after_five_failures_even_with_the_right_password(client):
    UserFactory(email="target@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "target@example.org", "password": "guess"})

    response = client.post(
        "/accounts/login/", {"login": "target@example.org", "password": TEST_PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code in {200, 429}
    assert b"Too many failed login attempts" in response.content


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    UserFactory(email="forgetful@example.org")

    client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[0].body)
    assert link
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert User.objects.get(email="forgetful@example.org").check_password(NEW_PASSWORD)
