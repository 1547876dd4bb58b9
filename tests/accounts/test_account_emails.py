"""allauth's emails in our words and the reader's language: our name, our sign-off, our address."""

import pytest
from django.contrib.sites.models import Site
from django.core import mail

from accounts.apps import sync_site_with_site_url
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-unusual-passphrase-42"

WORDING = {
    "en": {
        "confirm_subject": "[MindSpore Growth] Confirm your email address",
        "reset_subject": "[MindSpore Growth] Reset your password",
        "greeting": "Hello,",
        "sign_off": "The MindSpore Developer Growth team",
    },
    "zh-hans": {
        "confirm_subject": "[昇思开发者成长] 请确认您的邮箱地址",
        "reset_subject": "[昇思开发者成长] 重置密码",
        "greeting": "您好：",
        "sign_off": "昇思 MindSpore 开发者成长团队",
    },
}


def sign_up(client, language, email):
    client.cookies["django_language"] = language
    client.post("/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert len(mail.outbox) == 1
    return mail.outbox[0]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_confirmation_email_is_ours_in_the_readers_language(client, settings, language):
    settings.SITE_URL = "https://growth.example.org"
    words = WORDING[language]

    message = sign_up(client, language, f"li-{language}@example.org")

    assert message.subject == words["confirm_subject"]
    assert message.body.startswith(words["greeting"])
    assert words["sign_off"] in message.body
    assert "/accounts/confirm-email/" in message.body
    assert message.body.rstrip().endswith("https://growth.example.org")
    for allauth_wording in ("Hello from", "Thank you for using", "来自", "Hello!"):
        assert allauth_wording not in message.body


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_password_reset_email_is_ours_in_the_readers_language(client, language):
    # One address per case: allauth limits emails per address, across tests too.
    UserFactory(email=f"forgetful-{language}@example.org")
    client.cookies["django_language"] = language

    client.post("/accounts/password/reset/", {"email": f"forgetful-{language}@example.org"})

    (message,) = mail.outbox
    assert message.subject == WORDING[language]["reset_subject"]
    assert message.body.startswith(WORDING[language]["greeting"])
    assert "/accounts/password/reset/key/" in message.body


def test_the_site_is_named_from_settings(settings):
    settings.SITE_NAME = "Growth (staging)"
    settings.SITE_URL = "https://staging.example.org"

    sync_site_with_site_url(sender=None)

    site = Site.objects.get(pk=settings.SITE_ID)
    assert (site.name, site.domain) == ("Growth (staging)", "staging.example.org")
