"""Check a credential: signature (through the key its ``kid`` names), claims, dates, and the
issuer's published status list.

    python manage.py verify_credential credential.jwt           # a VC-JWT
    python manage.py verify_credential credential.json          # the credential's JSON
    python manage.py verify_credential badge.png                # a baked PNG or SVG badge
    python manage.py verify_credential https://growth.example.org/verify/<uuid>.jwt

This site's own documents (keys, status list, signed forms) are read from its database; any
other issuer's over HTTP(S). Exit status: 0 valid, 1 not valid (each reason printed), 2
unreadable input.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from honor_wall.credentials import verification


class Command(BaseCommand):
    help = "Verify a credential (VC-JWT, JSON or baked badge; a file or a URL)."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a file or URL: VC-JWT, credential JSON, PNG or SVG")

    def handle(self, *args, source, **options):
        try:
            token, credential = verification.read(self.load(source))
        except verification.Unreadable as exc:
            raise CommandError(f"not a credential: {exc}", returncode=2) from None
        if token is not None:
            verdict = verification.verify(token, dereference=verification.dereference)
        else:
            verdict = verification.verify_json(credential, dereference=verification.dereference)
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

    def load(self, source: str) -> bytes:
        if source.startswith(("http://", "https://")):
            try:
                return verification.fetch(source)
            except verification.Unavailable as exc:
                raise CommandError(f"cannot fetch {exc}", returncode=2) from None
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {source}: {exc}", returncode=2) from None
