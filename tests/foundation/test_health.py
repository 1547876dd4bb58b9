"""/healthz/ reports database, cache and broker, and says 503 when one is down."""

import pytest


@pytest.mark.django_db
def test_healthz_is_200_with_every_part_up(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
    assert body["checks"]["broker"] in {"ok", "eager"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    # Port 9 (discard) has nothing listening here: a real refused connection, no mock.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"

    response = client.get("/healthz/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"] == "error"
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz/").status_code == 405
