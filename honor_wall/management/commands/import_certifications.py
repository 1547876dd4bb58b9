"""``manage.py import_certifications FILE.csv [--dry-run] [--language zh-hans]``

Issues existing certifications from a CSV (columns ``email``, ``name``, ``tier``,
``awarded_on`` and optionally ``expires_on``, ``handle``, ``gitee``, ``github``, in any order).
Prints each refused row with its reason, then one summary line. Exit status: 0 every row issued
or already there, 1 some rows refused (listed), 2 the file cannot be read (one line says why).
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from honor_wall.import_csv import MAX_BYTES, Unreadable
from honor_wall.importing import ALREADY, ISSUE, ISSUED, REFUSED, import_check, import_run


class Command(BaseCommand):
    help = "Issue existing certifications from a CSV file (see the module's documentation)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--dry-run", action="store_true", help="check every row, issue nothing")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the invitations to people without an account",
        )

    def handle(self, *args, **options):
        try:
            data = self._read(options["file"])
            if options["dry_run"]:
                report = import_check(data)
            else:
                report = import_run(data, language=options["language"])
        except Unreadable as exc:
            self.stderr.write(f"import_certifications: {exc.message}")
            sys.exit(2)
        for row in report.refused:
            self.stdout.write(
                f"line {row.line}: {row.email or '-'} {row.tier or '-'}: {row.reason}"
            )
        to_issue = report.count(ISSUE) if options["dry_run"] else report.count(ISSUED)
        verb = "would be issued" if options["dry_run"] else "issued"
        self.stdout.write(
            f"{to_issue} {verb}, {report.count(ALREADY)} already there, "
            f"{report.count(REFUSED)} refused."
        )
        if report.count(REFUSED):
            sys.exit(1)

    def _read(self, path) -> bytes:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise Unreadable(f"cannot read {path}: {exc.strerror}") from exc
        return data
