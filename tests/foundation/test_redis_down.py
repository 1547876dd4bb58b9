"""Redis gone (cache and broker on a port where nothing listens): every page and every write
still works, slower and uncached; nothing is lost; /healthz/ says 503 within a second."""

import socket
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError

from applications.models import Application, Evidence, Profile
from criteria.models import Tier
from honor_wall.models import Certification
from mindspore_growth.throttling import AnonRateThrottle
from notifications.models import Notification
from tests.factories import (
    TEST_PASSWORD,
    UserFactory,
    excellent_evidence,
    make_person,
    make_profile,
)
from tests.outage import TcpRelay, celery_broker_at, closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis(settings):
    """Production's cache configuration and broker, pointed at a port that refuses."""
    url = f"redis://127.0.0.1:{closed_port()}/0"
    # Celery first: it reads Django's settings live, so what it saves to restore afterwards
    # must be read before they name the dead broker.
    with celery_broker_at(url):
        settings.REDIS_URL = url
        settings.CELERY_TASK_ALWAYS_EAGER = False
        settings.CELERY_BROKER_URL = url
        settings.EVIDENCE_LINK_CHECKS = True
        settings.CACHES = {
            "default": {
                "BACKEND": django_settings.REDIS_CACHE_BACKEND,
                "LOCATION": url,
                "KEY_PREFIX": "dead",
                "OPTIONS": django_settings.REDIS_CACHE_OPTIONS,
            }
        }
        yield url


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what each write queues after its commit (the broker hand-overs among them)."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def test_the_cache_in_use_really_is_the_dead_redis(dead_redis):
    assert cache._cache._location == dead_redis
    with pytest.raises(RedisConnectionError):
        cache.ping()


def test_healthz_says_503_at_once_trying_each_service_once(client, dead_redis, monkeypatch):
    # "At once" without timing it: one connection attempt to the cache and one to the broker,
    # and no pause to retry (the timeouts that bound a host that does not answer are settings).
    attempts = []
    connect = socket.socket.connect

    def counted_connect(sock, address):
        attempts.append(address)
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", counted_connect)
    monkeypatch.setattr(time, "sleep", lambda seconds: pytest.fail(f"waited {seconds} s"))

    response = client.get("/healthz/")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks == {"database": "ok", "cache": "error", "broker": "error"}
    dead_port = urlsplit(dead_redis).port
    assert [port for _host, port, *_ in attempts if port == dead_port] == [dead_port, dead_port]


def test_public_pages_api_and_badges_answer(client, dead_redis):
    certification = make_person("li-hua").certifications.get()

    for url in [
        "/",
        "/programme/",
        "/honor-wall/",
        "/honor-wall/?track=developer",
        "/honor-wall/li-hua/",
        f"/verify/{certification.public_id}/",
        "/api/v1/honor-wall/",
        f"/api/v1/certifications/{certification.public_id}/",
        "/badges/excellent-developer.svg",
        "/badges/excellent-developer.png",
        "/honor-wall/feed.atom",
        "/sitemap.xml",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Li Hua" in client.get("/honor-wall/").content.decode()


def test_the_api_throttle_fails_open(client, dead_redis, monkeypatch):
    # DRF reads the rates when the class is defined; the class attribute wins over them.
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/hour", raising=False)
    statuses = [client.get("/api/v1/honor-wall/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]


def test_login_right_and_wrong(client, dead_redis):
    user = UserFactory(email="li@example.org")

    wrong = client.post("/accounts/login/", {"login": user.email, "password": "nope"})
    assert wrong.status_code == 200
    assert "not correct" in wrong.content.decode()

    right = client.post("/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert right.status_code == 302
    assert client.get("/me/").status_code == 200


def test_a_signed_in_person_stays_signed_in_and_their_pages_answer(client, applicant, dead_redis):
    client.force_login(applicant)  # the session is written to the database only

    for url in ["/honor-wall/", "/programme/", "/me/benefits/", "/accounts/email/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.wsgi_request.user == applicant, url
    assert applicant.email in client.get("/honor-wall/").content.decode()

    applicant.is_active = False
    applicant.save()
    assert not client.get("/honor-wall/").wsgi_request.user.is_authenticated


@pytest.mark.redis
def test_redis_lost_in_the_middle_of_a_session_signs_nobody_out(client, applicant, settings):
    target = urlsplit(django_settings.REDIS_URL)
    relay = TcpRelay(target.hostname, target.port or 6379)
    relay.up()
    settings.CACHES = {
        "default": {
            "BACKEND": django_settings.REDIS_CACHE_BACKEND,
            "LOCATION": f"redis://127.0.0.1:{relay.port}{target.path}",
            "KEY_PREFIX": f"relay-{time.monotonic_ns()}",
            "OPTIONS": {**django_settings.REDIS_CACHE_OPTIONS, "retry_after": 0.2},
        }
    }
    try:
        client.force_login(applicant)
        client.get("/honor-wall/")  # the session and the account are in Redis now
        assert cache.get(client.session.cache_key) is not None

        relay.down()
        for _ in range(2):
            response = client.get("/honor-wall/")
            assert response.status_code == 200
            assert response.wsgi_request.user == applicant

        relay.up()
        time.sleep(0.3)  # the pause after the failure ends
        assert client.get("/honor-wall/").wsgi_request.user == applicant
    finally:
        relay.down()


def test_signup_writes_the_account_and_its_email_stays_in_the_outbox(client, dead_redis, on_commit):
    with on_commit():
        response = client.post(
            "/accounts/signup/",
            {
                "email": "new@example.org",
                "password1": "a-long-pass-2026",
                "password2": "a-long-pass-2026",
            },
        )
    assert response.status_code == 302
    assert Profile.objects.count() == 0  # a profile is the applicant's own step
    from accounts.models import User

    assert User.objects.filter(email="new@example.org").exists()


def test_applicant_writes_evidence_profile_and_application(
    client, applicant, dead_redis, on_commit, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(applicant)

    with on_commit():
        profile = client.post(
            "/me/profile/",
            {"display_name": "Li Hua", "handle": "li-hua", "links_text": "", "bio": ""},
        )
    assert profile.status_code == 302
    assert Profile.objects.get(user=applicant).handle == "li-hua"

    with on_commit():
        evidence = client.post(
            "/me/evidence/new/",
            {
                "kind": "pull_request",
                "title": "Fix the ResNet example",
                "date": "2026-01-05",
                "url": "https://gitee.com/mindspore/models/pulls/42",
                "field_state": "merged",
                "field_scope": "application",
            },
        )
    assert evidence.status_code == 302
    saved = Evidence.objects.get(owner=applicant, title="Fix the ResNet example")
    # The link check could not be queued: the evidence stays unchecked, for a later look.
    assert saved.verification == Evidence.Verification.UNCHECKED

    chosen = [e.pk for e in excellent_evidence(applicant)]
    with on_commit():
        submitted = client.post("/apply/excellent-developer/", {"evidence": chosen})
    assert submitted.status_code == 302
    application = Application.objects.get(applicant=applicant)
    assert application.state == Application.State.SUBMITTED
    # The confirmation email waits in the outbox for the broker to come back.
    assert Notification.objects.filter(
        recipient=applicant, status=Notification.Status.PENDING
    ).exists()


def test_the_final_approval_certifies_and_the_wall_shows_it(
    client, reviewer, dead_redis, on_commit
):
    applicant = UserFactory(email="li@example.org")
    profile = make_profile(applicant, "li-hua")
    profile.display_name, profile.wall_consent = "Li Hua", True
    profile.save()
    from applications.services import application_submit

    application = application_submit(
        applicant=applicant,
        tier=Tier.objects.get(slug="excellent-developer"),
        evidence=excellent_evidence(applicant),
    )
    assert "Li Hua" not in client.get("/honor-wall/").content.decode()

    client.force_login(reviewer)
    assert client.get("/reviews/").status_code == 200
    with on_commit():
        assert client.post(f"/reviews/{application.pk}/claim/").status_code == 302
    with on_commit():
        decided = client.post(
            f"/reviews/{application.pk}/decide/", {"decision": "approve", "comment": "", "note": ""}
        )
    assert decided.status_code == 302

    application.refresh_from_db()
    assert application.state == Application.State.APPROVED
    certification = Certification.objects.get(application=application)
    assert Notification.objects.filter(
        recipient=applicant, status=Notification.Status.PENDING
    ).exists()
    client.logout()
    assert "Li Hua" in client.get("/honor-wall/").content.decode()
    assert client.get(f"/verify/{certification.public_id}/").status_code == 200
