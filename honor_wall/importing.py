"""Issuing existing certifications in bulk from a CSV: a dry run, then the real thing.

``import_check`` reads the file (``import_csv``) and decides every row: to be issued, already
there (the same email, tier and award date was imported before: re-uploading a file issues
nothing twice), or refused with its reason (a problem in the row, an unknown tier, a duplicate
in the file, a person already certified for the tier). ``import_run`` issues the rows to be
issued in batches: the checks of a batch are read in a handful of queries, then its rows are
written with bulk inserts in one transaction (``services.certifications_import_waiting`` for
people without an account, ``certifications_import_members`` for the others: their wall entries
and holdings follow, and the benefits after commit). If that transaction is refused (a row
imported meanwhile by another upload), the batch goes again one row at a time through
``services.certification_import``, each row in a savepoint of its own, undone alone if it
fails. Nothing ever leaves half a row nor undoes an earlier batch.
Staff use both from ``/certifications/import/`` (through ``import_uploads``: the dry run kept,
then confirmed, issued by a task) and ``manage.py import_certifications``.
"""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_programme_staff
from criteria.models import Tier
from mindspore_growth.errors import DomainError, NotAllowed

from .import_csv import CsvRow, read
from .models import Certification, CertificationImport
from .services import (
    certification_import,
    certifications_import_members,
    certifications_import_waiting,
)
from .validity import expiry_for

BATCH_SIZE = 500

ISSUE, ISSUED, ALREADY, REFUSED = "issue", "issued", "already", "refused"


@dataclass
class RowVerdict:
    """One row's fate, as the dry run and the outcome show it (stored as JSON)."""

    line: int
    email: str
    name: str
    tier: str
    awarded_on: str
    expires_on: str
    status: str
    reason: str = ""
    invite: bool = False


@dataclass
class ImportReport:
    rows: list[RowVerdict]

    def count(self, status) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def refused(self) -> list[RowVerdict]:
        return [row for row in self.rows if row.status == REFUSED]


def import_check(data: bytes, *, today: datetime.date | None = None) -> ImportReport:
    """The dry run: every row's verdict, nothing written. Raises ``import_csv.Unreadable``."""
    today = today or timezone.localdate()
    rows = read(data, today=today)
    tiers = {tier.slug: tier for tier in Tier.objects.filter(certifiable=True)}
    verdicts = []
    for start in range(0, len(rows), BATCH_SIZE):
        verdicts += _check_batch(rows[start : start + BATCH_SIZE], tiers, today)
    return ImportReport(rows=[verdict for verdict, _row in verdicts])


def import_run(
    data: bytes, *, actor=None, language: str = "", today: datetime.date | None = None
) -> ImportReport:
    """Issue every row the dry run would issue, batch by batch, each row in its own
    transaction. Programme staff only (``actor``); ``None`` is the management command.
    Raises ``import_csv.Unreadable``."""
    if actor is not None and not is_programme_staff(actor):
        raise NotAllowed()
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    today = today or timezone.localdate()
    rows = read(data, today=today)
    tiers = {tier.slug: tier for tier in Tier.objects.filter(certifiable=True)}
    outcome = []
    for start in range(0, len(rows), BATCH_SIZE):
        checked = _check_batch(rows[start : start + BATCH_SIZE], tiers, today)
        to_issue = [(verdict, row) for verdict, row in checked if verdict.status == ISSUE]
        if not _issue_batch(to_issue, tiers, language):
            # The batch was refused (a row imported meanwhile by another upload): one row at
            # a time, each in a savepoint of its own, within one transaction.
            with transaction.atomic():
                for verdict, row in to_issue:
                    _issue(verdict, row, tiers[row.tier], language)
        outcome += [verdict for verdict, _row in checked]
    return ImportReport(rows=outcome)


def _issue_batch(to_issue, tiers, language) -> bool:
    """Issue a batch's rows with bulk inserts in one transaction: those of people without an
    account (``services.certifications_import_waiting``) and those with one
    (``services.certifications_import_members``). ``False`` when it was refused: nothing of it
    is written."""
    if not to_issue:
        return True

    def fields(verdict, row):
        return {
            "email": row.email,
            "tier": tiers[row.tier],
            "awarded_on": row.awarded_on,
            "expires_on": _date(verdict.expires_on),
            "holder": _holder(row),
            "person": verdict._person,
        }

    waiting = [fields(v, r) for v, r in to_issue if v._person is None]
    members = [fields(v, r) for v, r in to_issue if v._person is not None]
    try:
        with transaction.atomic():
            if waiting:
                certifications_import_waiting(rows=waiting, language=language)
            if members:
                certifications_import_members(rows=members)
    except (IntegrityError, DomainError):
        return False
    for verdict, _row in to_issue:
        verdict.status = ISSUED
    return True


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _holder(row: CsvRow) -> dict:
    return {
        "name": row.name,
        "handle": row.handle,
        "gitee_username": row.gitee,
        "github_username": row.github,
    }


def _issue(verdict: RowVerdict, row: CsvRow, tier: Tier, language: str) -> None:
    try:
        certification_import(
            email=row.email,
            person=verdict._person,
            tier=tier,
            awarded_on=row.awarded_on,
            expires_on=_date(verdict.expires_on),
            holder=_holder(row),
            language=language,
        )
    except IntegrityError:  # the same row imported meanwhile, by another upload
        verdict.status = ALREADY
    except DomainError as exc:
        verdict.status, verdict.reason = REFUSED, str(exc.message)
    else:
        verdict.status = ISSUED


def _check_batch(rows: list[CsvRow], tiers: dict, today) -> list[tuple[RowVerdict, CsvRow]]:
    emails = {row.email for row in rows if row.email}
    people = {user.email: user for user in get_user_model().objects.filter(email__in=emails)}
    imported = set(
        Certification.objects.filter(imported_email__in=emails).values_list(
            "imported_email", "tier__slug", "awarded_on"
        )
    )
    current = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    held = set(
        Certification.objects.filter(status=Certification.Status.VALID)
        .filter(current)
        .filter(Q(person__in=people.values()) | Q(person__isnull=True, imported_email__in=emails))
        .values_list("person__email", "imported_email", "tier__slug")
    )
    holds = {(person_email or imported_email, slug) for person_email, imported_email, slug in held}
    return [(_verdict(row, tiers, people, imported, holds), row) for row in rows]


def _verdict(row: CsvRow, tiers, people, imported, holds) -> RowVerdict:
    tier = tiers.get(row.tier)
    expires_on = row.expires_on or (
        expiry_for(tier, row.awarded_on) if tier and row.awarded_on else None
    )
    verdict = RowVerdict(
        line=row.line,
        email=row.email,
        name=row.name,
        tier=row.tier,
        awarded_on=row.awarded_on.isoformat() if row.awarded_on else "",
        expires_on=expires_on.isoformat() if expires_on else "",
        status=ISSUE,
        invite=row.email not in people,
    )
    verdict._person = people.get(row.email)
    if row.problems:
        verdict.status, verdict.reason = REFUSED, " ".join(row.problems)
    elif tier is None:
        verdict.status = REFUSED
        verdict.reason = _("Unknown tier: %(tier)s.") % {"tier": row.tier}
    elif (row.email, row.tier, row.awarded_on) in imported:
        verdict.status = ALREADY
    elif (row.email, row.tier) in holds:
        verdict.status, verdict.reason = REFUSED, _("Already certified for this tier.")
    return verdict


def import_execute(record_id: int) -> CertificationImport | None:
    """Issue a confirmed upload and record the outcome (the task's body; running it again
    issues nothing twice)."""
    record = CertificationImport.objects.filter(
        pk=record_id, status=CertificationImport.Status.RUNNING
    ).first()
    if record is None:
        return None
    report = import_run(record.text.encode("utf-8"), language=record.language)
    CertificationImport.objects.filter(pk=record.pk).update(
        status=CertificationImport.Status.DONE,
        rows=[_public(row) for row in report.rows],
        issued=report.count(ISSUED),
        already=report.count(ALREADY),
        refused=report.count(REFUSED),
        finished_at=timezone.now(),
    )
    record.refresh_from_db()
    return record


def _public(verdict: RowVerdict) -> dict:
    return asdict(verdict)
