"""The staff page's uploads of existing certifications: the dry run, kept with its file, and
its confirmation, which queues the issuing after commit.

The issuing itself is ``importing.import_execute``, the body of ``tasks.run_certification_import``:
this module sits above both, so the imports go one way (views → here → tasks → importing).
"""

from dataclasses import asdict

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from mindspore_growth.errors import DomainError, NotAllowed

from .import_csv import decode
from .importing import ALREADY, ISSUE, REFUSED, import_check
from .models import CertificationImport
from .tasks import run_certification_import


def import_record(*, actor, file_name: str, data: bytes, language: str) -> CertificationImport:
    """The staff page's dry run, kept with the file so that confirming issues exactly it."""
    if not is_programme_staff(actor):
        raise NotAllowed()
    report = import_check(data)
    return CertificationImport.objects.create(
        uploaded_by=actor,
        file_name=file_name[:200],
        text=decode(data),
        language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
        rows=[asdict(row) for row in report.rows],
        issued=report.count(ISSUE),
        already=report.count(ALREADY),
        refused=report.count(REFUSED),
    )


def import_confirm(*, actor, record: CertificationImport) -> CertificationImport:
    """Start issuing a checked upload (once: a second confirmation finds it running or done).
    The work runs as a task after commit (``tasks.run_certification_import``)."""
    if not is_programme_staff(actor):
        raise NotAllowed()
    claimed = CertificationImport.objects.filter(
        pk=record.pk, status=CertificationImport.Status.CHECKED
    ).update(status=CertificationImport.Status.RUNNING)
    if not claimed:
        raise DomainError(_("This file is already issued."))
    transaction.on_commit(lambda: run_certification_import.delay(record.pk))
    record.refresh_from_db()
    return record
