"""`make run HOST=…`: links name the address served; email is one console line and a file."""

import os
import pathlib
import subprocess
import sys

import pytest
from django.core.mail import EmailMessage

from mindspore_growth.development import site_url_for
from mindspore_growth.mail import DevelopmentEmailBackend

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("127.0.0.1:8101", "http://127.0.0.1:8101"),
        ("8101", "http://127.0.0.1:8101"),
        ("0.0.0.0:8000", "http://127.0.0.1:8000"),
        ("localhost:9000", "http://localhost:9000"),
        ("[::1]:8101", "http://[::1]:8101"),
    ],
)
def test_site_url_for_a_development_address(address, url):
    assert site_url_for(address) == url


def test_an_address_without_a_port_is_refused():
    with pytest.raises(ValueError, match="host:"):
        site_url_for("127.0.0.1:http")


UNSET = {"SITE_URL", "DEVELOPMENT_ADDRESS", "EMAIL_URL", "EMAIL_FILE_PATH"}


def settings_value(name, **environment):
    """A setting as the settings module computes it in a fresh process with ``environment``."""
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    code = f"from mindspore_growth import settings; print(settings.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env | environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def settings_site_url(**environment):
    return settings_value("SITE_URL", **environment)


def test_settings_derive_site_url_from_the_address_served_unless_it_is_set():
    assert settings_site_url(DEVELOPMENT_ADDRESS="127.0.0.1:8101") == "http://127.0.0.1:8101"
    assert settings_site_url() == "http://127.0.0.1:8000"
    assert (
        settings_site_url(DEVELOPMENT_ADDRESS="127.0.0.1:8101", SITE_URL="https://growth.org/")
        == "https://growth.org"
    )


@pytest.mark.parametrize("target", ["serve", "migrate", "demo"])
def test_make_passes_the_address_it_serves(tmp_path, target):
    """Every step of `make run` sees HOST: a stand-in python reports what it was given."""
    if subprocess.run(["make", "--version"], capture_output=True).returncode != 0:
        pytest.fail("GNU make is needed, as for make run")
    fake = tmp_path / "python"
    fake.write_text('#!/bin/sh\necho "DEVELOPMENT_ADDRESS=$DEVELOPMENT_ADDRESS $*"\n')
    fake.chmod(0o755)

    result = subprocess.run(
        ["make", "-s", target, "HOST=127.0.0.1:8101", f"BIN={tmp_path}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.startswith("DEVELOPMENT_ADDRESS=127.0.0.1:8101 manage.py")


def test_development_email_is_one_line_and_a_file(tmp_path):
    lines = []

    class Stream:
        def write(self, text):
            lines.append(text)

        def flush(self):
            pass

    backend = DevelopmentEmailBackend(file_path=tmp_path / "mail", stream=Stream())
    messages = [
        EmailMessage(
            "Your application  was received", "Body one\nsecond line", to=["a@example.org"]
        ),
        EmailMessage("Hello", "Body two", to=["b@example.org", "c@example.org"]),
    ]

    assert backend.send_messages(messages) == 2

    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    assert b"Body one\nsecond line" in files[0].read_bytes()
    assert len(lines) == 2
    assert lines[0] == f"email to a@example.org: Your application was received [{files[0]}]\n"
    assert lines[1].startswith("email to b@example.org, c@example.org: Hello [")
    assert all("Body" not in line for line in lines)


def test_development_is_the_default_backend_without_email_url():
    assert settings_value("EMAIL_BACKEND") == "mindspore_growth.mail.DevelopmentEmailBackend"
    assert settings_value("EMAIL_FILE_PATH") == str(ROOT / "var" / "mail")
    assert (
        settings_value("EMAIL_BACKEND", EMAIL_URL="smtp://mail.example.org:25")
        == "django.core.mail.backends.smtp.EmailBackend"
    )
