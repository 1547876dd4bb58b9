"""The settings module: embedded defaults, production safety, and clear configuration errors."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env):
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_embedded_default_boots_with_no_environment():
    probe = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG)"
    )
    result = run_manage("shell", "-c", probe, env={})

    assert result.returncode == 0, result.stderr
    engine, cache, eager, debug = result.stdout.splitlines()[-1].split()
    assert engine == "django.db.backends.sqlite3"
    assert cache.endswith("LocMemCache")
    assert eager == "True"
    assert debug == "True"


def production_env():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "growth.example.org",
        "CREDENTIAL_SIGNING_KEY": key.decode(),
        "REDIS_URL": "redis://127.0.0.1:6379/0",  # the check never connects
    }


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_asks_for_a_shared_credential_key():
    env = {**production_env(), "CREDENTIAL_SIGNING_KEY": ""}

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "honor_wall.W001" in result.stdout + result.stderr


def test_production_without_secret_key_is_a_clear_one_line_error():
    result = run_manage("check", env={"DEBUG": "false"})

    assert result.returncode == 1
    assert "SECRET_KEY must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_turns_on_secure_cookies_hsts_and_ssl_redirect():
    probe = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    env = {"DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_manage("shell", "-c", probe, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["True", "True", "True", "True", "False"]


def test_responses_carry_a_content_security_policy_without_inline_script(client):
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_page_contains_inline_script(client):
    html = client.get("/").content.decode()

    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag, f"inline script found: <script{tag}>"


def test_the_deploy_check_asks_for_a_shared_cache_in_production():
    env = {**production_env(), "REDIS_URL": ""}

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "mindspore_growth.W001" in result.stdout + result.stderr
    assert "counted per worker" in result.stdout + result.stderr


def test_an_unset_debug_fails_the_deploy_check():
    env = {k: v for k, v in production_env().items() if k != "DEBUG"}

    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr


def start_server_process(env):
    """Load the WSGI application as gunicorn (or runserver) does, in a fresh process."""
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "-c", "import mindspore_growth.wsgi"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_server_started_without_debug_set_says_so():
    production = production_env()
    unset = {k: v for k, v in production.items() if k != "DEBUG"}

    warned = start_server_process(unset)
    assert warned.returncode == 0, warned.stderr
    assert "DEBUG is not set, so this is the development set-up" in warned.stderr

    quiet = start_server_process(production)
    assert quiet.returncode == 0, quiet.stderr
    assert "DEBUG is not set" not in quiet.stderr


def test_pages_carry_a_banner_while_debug_is_on_by_default(client, settings, db):
    settings.DEBUG, settings.DEBUG_BY_DEFAULT = True, True
    assert "data-development-mode" in client.get("/").content.decode()

    settings.DEBUG_BY_DEFAULT = False  # DEBUG=true set on purpose
    assert "data-development-mode" not in client.get("/").content.decode()
    settings.DEBUG, settings.DEBUG_BY_DEFAULT = False, True
    assert "data-development-mode" not in client.get("/").content.decode()


def test_media_defaults_to_the_private_directory_under_media_root(settings, tmp_path):
    from applications.storage import PrivateStorage, private_storage

    settings.MEDIA_ROOT = tmp_path
    storage = private_storage()

    assert isinstance(storage, PrivateStorage)
    assert Path(storage.path("evidence/1/x.pdf")) == tmp_path / "private" / "evidence/1/x.pdf"


def test_a_bucket_in_the_environment_puts_media_on_s3_privately():
    # Signing a URL needs no network: the storage is configured, nothing is fetched.
    probe = (
        "from applications.storage import private_storage;"
        "from django.core.files.storage import storages;"
        "s = private_storage(); d = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.location, s.default_acl, d.location);"
        "print(s.url('evidence/1/x.pdf'))"
    )
    env = {
        "MEDIA_S3_BUCKET": "growth-media",
        "MEDIA_S3_ENDPOINT_URL": "https://s3.example.org",
        "MEDIA_S3_REGION": "cn-north-1",
        "MEDIA_S3_ACCESS_KEY_ID": "AKIAEXAMPLE",
        "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
    }
    result = run_manage("shell", "-c", probe, env=env)

    assert result.returncode == 0, result.stderr
    description, url = result.stdout.splitlines()[-2:]
    assert description.split() == ["S3Storage", "growth-media", "private", "private", "public"]
    assert url.startswith("https://s3.example.org/growth-media/private/evidence/1/x.pdf?")
    assert "Signature=" in url or "X-Amz-Signature=" in url


def test_the_api_throttle_takes_its_limit_from_the_environment():
    """A benchmark or a busy deployment lifts it without a code change (API_ANON_RATE)."""
    probe = (
        "from mindspore_growth.throttling import AnonRateThrottle as T;"
        "t = T(); print(t.get_rate(), t.num_requests, t.duration)"
    )
    result = run_manage("shell", "-c", probe, env={"API_ANON_RATE": "7/minute"})

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["7/minute", "7", "60"]
