"""Check a MindSpore credential: signature, dates and revocation.

    python manage.py verify_credential credential.json
    python manage.py verify_credential https://growth.example.org/verify/<uuid>.json

Exit status: 0 valid, 1 not valid (each reason printed), 2 unreadable input.
"""

import json
import urllib.error
import urllib.request
from pathlib import Path

import jwt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from honor_wall import credentials
from honor_wall.models import Certification

TIMEOUT_SECONDS = 10


def fetch(url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise CommandError(f"not an http(s) address: {url}", returncode=2)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.read().decode()
    except (urllib.error.URLError, TimeoutError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot fetch {url}: {exc}", returncode=2) from None


def local_status(status_url: str, credential_id: str):
    """Revocation status from our own database for our own credentials."""
    public_id = credential_id.removeprefix("urn:uuid:")
    certification = Certification.objects.filter(public_id=public_id).first()
    return credentials.status_of(certification) if certification else None


def remote_status(status_url: str, credential_id: str):
    try:
        return json.loads(fetch(status_url))
    except (CommandError, json.JSONDecodeError):
        return None


class Command(BaseCommand):
    help = "Verify a credential (file or URL): signature, validity dates and revocation."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file with the credential JSON or VC-JWT, or its URL")

    def handle(self, *args, source, **options):
        document = self.read(source)
        try:
            token = credentials.extract_jwt(document)
        except (ValueError, json.JSONDecodeError) as exc:
            raise CommandError(f"not a credential: {exc}", returncode=2) from None
        ours = self.issued_here(token)
        keys = credentials.jwks()["keys"] if ours else self.issuer_keys(token)
        verdict = credentials.verify(
            token, keys=keys, status_lookup=local_status if ours else remote_status
        )
        if verdict.valid:
            subject = verdict.credential["credentialSubject"]
            self.stdout.write(
                f"VALID: {subject.get('name') or 'holder'} — "
                f"{subject['achievement']['name']} ({verdict.credential['id']})"
            )
            return
        for problem in verdict.problems:
            self.stdout.write(f"INVALID: {problem}")
        raise SystemExit(1)

    def read(self, source: str) -> str:
        if source.startswith(("http://", "https://")):
            return fetch(source)
        try:
            return Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {source}: {exc}", returncode=2) from None

    def issued_here(self, token: str) -> bool:
        try:
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss", "")
        except jwt.PyJWTError:
            return True  # let verification report the broken token
        return issuer.startswith(settings.SITE_URL + "/")

    def issuer_keys(self, token: str) -> list[dict]:
        issuer = jwt.decode(token, options={"verify_signature": False}).get("iss", "")
        origin = "/".join(issuer.split("/")[:3])
        try:
            return json.loads(fetch(origin + "/.well-known/jwks.json")).get("keys", [])
        except json.JSONDecodeError:
            raise CommandError(f"{origin} publishes no JWK set", returncode=2) from None
