import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.factories import UserFactory, reviewer_factory, staff_factory, with_second_factor


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests speak English unless they switch; a leaked activation must not change others."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production's PBKDF2 costs ~0.3 s per user; tests create hundreds. Logins still check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.org")


@pytest.fixture
def other_applicant(db):
    return UserFactory(email="stranger@example.org")


@pytest.fixture
def reviewer(db):
    return reviewer_factory(email="reviewer@example.org")


@pytest.fixture
def second_reviewer(db):
    return reviewer_factory(email="reviewer2@example.org")


@pytest.fixture
def staff(db):
    return staff_factory(email="staff@example.org")


@pytest.fixture
def excellent(db):
    from criteria.models import Tier

    return Tier.objects.get(slug="excellent-developer")


@pytest.fixture
def senior(db):
    from criteria.models import Tier

    return Tier.objects.get(slug="senior-developer")


def pytest_configure(config):
    """Under pytest-xdist (``-n``) each process gets the Redis db after the one REDIS_URL names
    by its number (gw0 the db itself, gw1 the next): tests that empty or count the cache, or
    keep versions in it, must not see another process's. Each also gets its own database
    (pytest-django names it after the process). Here rather than in a fixture: the cache and
    the broker read these settings once, on first use, which must come after."""
    from django.conf import settings
    from django.core.cache import caches

    worker = getattr(config, "workerinput", {}).get("workerid")
    if not (worker and settings.REDIS_URL):
        return
    assert "settings" not in caches.__dict__, "the cache was configured before the worker's db"
    redis_url = urlsplit(settings.REDIS_URL)
    db = int(redis_url.path.lstrip("/") or 0) + int(worker.removeprefix("gw"))
    url = urlunsplit(redis_url._replace(path=f"/{db}"))
    if settings.CELERY_BROKER_URL == settings.REDIS_URL:
        settings.CELERY_BROKER_URL = url
    settings.CACHES["default"]["LOCATION"] = url
    settings.REDIS_URL = url


def pytest_collection_modifyitems(config, items):
    """Concurrency tests need real concurrent connections: they run where the database is
    PostgreSQL (CI's second pass) and are deselected, not skipped, on SQLite. Tests of the real
    worker need it running (CI's second pass sets CI_WORKER_MAIL_DIR) and are deselected too, as
    are tests of the real Redis (``redis``) without REDIS_URL."""
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    with_worker = bool(settings.REDIS_URL and os.environ.get("CI_WORKER_MAIL_DIR"))
    selected, deselected = [], []
    for item in items:
        needs_postgres = item.get_closest_marker("postgres") and not on_postgres
        needs_worker = item.get_closest_marker("real_worker") and not with_worker
        needs_redis = item.get_closest_marker("redis") and not settings.REDIS_URL
        (deselected if needs_postgres or needs_worker or needs_redis else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture(autouse=True)
def _celery_inline_unless_worker_test(request):
    """Tasks run inline, in the test's process (so ``mail.outbox`` sees their email), except in
    tests marked ``celery_worker`` or ``real_worker``, which go through the configured broker."""
    from mindspore_growth.celery import app

    if request.node.get_closest_marker("celery_worker") or request.node.get_closest_marker(
        "real_worker"
    ):
        yield
        return
    saved = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    note = "" if engine == "postgresql" else " (PostgreSQL-only tests deselected)"
    if not os.environ.get("CI_WORKER_MAIL_DIR"):
        note += " (real-worker tests deselected)"
    if not settings.REDIS_URL:
        note += " (Redis tests deselected)"
    return f"database: {engine}{note}; broker: {settings.CELERY_BROKER_URL.split('@')[-1]}"


@pytest.fixture
def seed_programme(transactional_db):
    """The seed's tiers and rules again: a transactional test's flush removed what the data
    migration loaded."""
    from django.apps import apps

    from criteria.seeding import load_seed_programme

    load_seed_programme(apps)


@pytest.fixture
def fulfiller(db):
    """Someone who may see shipping addresses and fulfil benefits (and nothing else)."""
    from django.contrib.auth.models import Permission

    user = UserFactory(email="logistics@example.org")
    user.user_permissions.add(Permission.objects.get(codename="manage_fulfilment"))
    return with_second_factor(user)


@pytest.fixture(autouse=True)
def _no_outside_internet(monkeypatch):
    """Tests never reach Gitee, GitHub or arXiv: link checks answer from recorded responses
    (``recorded_forges``) or find the service unreachable."""
    from applications import link_checks

    def unreachable(url):
        raise link_checks.Unreachable(f"no network in tests: {url}")

    monkeypatch.setattr(link_checks, "http_get", unreachable)


def pytest_runtest_call(item):
    """Public pages stored by an earlier test (another database) must not answer this one.
    Here rather than in a fixture: after every fixture, some of which empty the cache."""
    from mindspore_growth.public_cache import purge

    purge()


@pytest.fixture(autouse=True)
def _no_roles_from_an_earlier_test():
    """People's roles kept in the cache by an earlier test must not answer for this one (its
    fixtures included): that test's database was rolled back without a signal, and the next
    person created may get the same id."""
    from accounts.access import new_access_version

    new_access_version()


@pytest.fixture(autouse=True)
def _no_queue_counts_from_an_earlier_test():
    """The queue's counts kept by an earlier test must not answer for this one: its database
    was rolled back without a move, and the next reviewer created may get the same id."""
    from django.core.cache import cache

    from applications.queue_version import VERSION_KEY

    cache.delete(VERSION_KEY)  # the next read makes a new one


@pytest.fixture(autouse=True)
def _no_programme_fragments_from_an_earlier_test():
    """What was kept under the programme's version by an earlier test (the queue's filters) must
    not answer for this one: its tiers were rolled back without a signal."""
    from django.core.cache import cache

    from criteria.caching import PROGRAMME_VERSION_KEY

    cache.delete(PROGRAMME_VERSION_KEY)  # the next read makes a new one
