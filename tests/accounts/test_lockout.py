"""Failed logins lock an account per client address, not for everyone; behind our proxies the
client's address comes from X-Forwarded-For as far as TRUSTED_PROXY_COUNT says to trust it, for
allauth's lock-out and DRF's throttle alike."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import RequestFactory

from mindspore_growth.client_address import client_address
from mindspore_growth.throttling import AnonRateThrottle
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # our reverse proxy, as the web process sees it
LOCKED = "Too many failed login attempts"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def log_in(client, email, password, forwarded=None):
    headers = {"REMOTE_ADDR": PROXY}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def test_five_wrong_passwords_lock_the_account_for_that_address_only(client, behind_one_proxy):
    victim = UserFactory(email="victim@example.org")
    for _ in range(5):
        assert LOCKED not in log_in(client, victim.email, "wrong", "203.0.113.66").content.decode()

    attacker = log_in(client, victim.email, TEST_PASSWORD, "203.0.113.66")
    assert LOCKED in attacker.content.decode()  # even the right password, from there

    owner = log_in(client, victim.email, TEST_PASSWORD, "198.51.100.7")
    assert owner.status_code == 302


def test_one_address_hammering_many_accounts_is_stopped_without_stopping_others(
    client, behind_one_proxy
):
    people = [UserFactory(email=f"p{n}@example.org") for n in range(5)]
    for n in range(20):
        log_in(client, people[n % 5].email, "wrong", "203.0.113.66")

    assert LOCKED in log_in(client, "someone@example.org", "x", "203.0.113.66").content.decode()
    assert log_in(client, people[0].email, TEST_PASSWORD, "198.51.100.7").status_code == 302


def test_a_forged_left_part_of_the_header_does_not_escape_the_lock(client, behind_one_proxy):
    victim = UserFactory(email="victim@example.org")
    for n in range(5):
        # The client wrote "10.9.9.n"; our proxy appended the address it really came from.
        log_in(client, victim.email, "wrong", f"10.9.9.{n}, 203.0.113.66")

    again = log_in(client, victim.email, TEST_PASSWORD, "10.9.9.99, 203.0.113.66")
    assert LOCKED in again.content.decode()


def test_without_trusted_proxies_the_header_is_ignored(client):
    assert django_settings.TRUSTED_PROXY_COUNT == 0
    victim = UserFactory(email="victim@example.org")
    for n in range(5):
        log_in(client, victim.email, "wrong", f"198.51.100.{n}")

    # Same REMOTE_ADDR, a new forged header: still the same client, still locked.
    assert LOCKED in log_in(client, victim.email, TEST_PASSWORD, "192.0.2.1").content.decode()


def test_the_api_throttle_counts_the_client_not_the_proxy_nor_the_forgery(
    client, behind_one_proxy, monkeypatch
):
    # DRF reads the rates when the class is defined; the class attribute wins over them.
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/hour", raising=False)

    def get(forwarded):
        return client.get(
            "/api/v1/honor-wall/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [get(f"10.9.9.{n}, 203.0.113.66") for n in range(3)] == [200, 200, 429]
    assert get("198.51.100.7") == 200  # another client behind the same proxy


def test_without_trusted_proxies_the_api_throttle_ignores_the_header(client, monkeypatch):
    # DRF reads the rates when the class is defined; the class attribute wins over them.
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/hour", raising=False)
    statuses = [
        client.get("/api/v1/honor-wall/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.66", PROXY),
        (1, "", PROXY),
        (1, "203.0.113.66", "203.0.113.66"),
        (1, "1.1.1.1, 203.0.113.66", "203.0.113.66"),
        (2, "1.1.1.1, 203.0.113.66, 10.0.0.9", "203.0.113.66"),
        (2, "203.0.113.66", PROXY),  # shorter than our chain: it bypassed a proxy
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
