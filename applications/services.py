"""Changes of state for evidence and applications. Views, admin and tasks call these.

A person's profile, data export and account deletion are in ``profile_services``.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from criteria.models import RuleSet, Tier
from mindspore_growth.errors import NotAllowed

from . import link_checks, uploads
from .errors import ApplicationRefused, EvidenceImported, EvidenceLocked
from .models import Application, ApplicationEvent, Evidence, Profile
from .models.application import LOCKED_STATES, OPEN_STATES, EvidenceWindow, State
from .selectors import evaluate_for, held_tier_slugs
from .tasks import check_evidence_link
from .uploads import FileType
from .workflow import Action, Record, application_transition

logger = logging.getLogger(__name__)


# --- Evidence --------------------------------------------------------------------------------
def evidence_is_locked(evidence: Evidence) -> bool:
    """Evidence that backs an application waiting for or under review cannot change."""
    return (
        evidence.pk is not None
        and evidence.applications.filter(state__in=[s.value for s in LOCKED_STATES]).exists()
    )


@transaction.atomic
def evidence_save(
    *, actor, evidence: Evidence, upload=None, upload_type: FileType | None = None
) -> Evidence:
    """Create or update ``evidence`` for its owner.

    Only the owner may save it; not while it backs a submitted or in-review application. An
    upload must already be validated by content (``uploads.validate_evidence_file``): its type
    decides the stored name, never the uploader's file name.
    """
    if evidence.owner_id != actor.pk:
        raise NotAllowed()
    if evidence_is_locked(evidence):
        raise EvidenceLocked()
    if _changes_what_was_imported(evidence, upload):
        raise EvidenceImported()
    old_file = None
    if upload is not None:
        if upload_type in (uploads.PNG, uploads.JPEG):
            # Photos carry where and when they were taken; reviewers need only the picture.
            upload = uploads.without_metadata(upload, upload_type)
        if evidence.file:
            old_file = evidence.file.name
        evidence._detected_extension = upload_type.extension
        evidence.file_name = (upload.name or "")[-200:]
        evidence.file_type = upload_type.content_type
        evidence.file_size = upload.size
        evidence.file.save("upload", upload, save=False)
    if not evidence.url and not evidence.file:
        raise ValidationError({"url": _("Give a link or upload a file (or both).")})
    evidence.full_clean()
    if _changed_what_was_checked(evidence):
        # A new link or new details: whatever was verified before no longer holds.
        evidence.verification = Evidence.Verification.UNCHECKED
        evidence.verification_note = ""
        evidence.checked_at = None
    evidence.save()
    if old_file:
        storage = evidence.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    if (
        settings.EVIDENCE_LINK_CHECKS
        and evidence.verification == Evidence.Verification.UNCHECKED
        and link_checks.checkable(evidence.kind, evidence.url)
    ):
        transaction.on_commit(partial(_queue_link_check, evidence.pk), robust=True)
    return evidence


def _queue_link_check(evidence_id: int) -> None:
    try:
        check_evidence_link.delay(evidence_id)
    except Exception:  # a broker that is down must not fail saving evidence; it stays unchecked
        logger.warning("Link check for evidence %s not queued", evidence_id, exc_info=True)


def _changes_what_was_imported(evidence: Evidence, upload) -> bool:
    """Imported evidence follows its forge: its imported fields (and its file) stay as they are."""
    if evidence.pk is None:
        return evidence.is_imported  # only the import creates imported evidence
    before = (
        Evidence.objects.filter(pk=evidence.pk)
        .values("source", "file", *Evidence.IMPORTED_FIELDS)
        .first()
    )
    if before is None or before.pop("source") != Evidence.Source.IMPORTED:
        return evidence.is_imported
    if upload is not None or before.pop("file") != (evidence.file.name or ""):
        return True
    return not evidence.is_imported or any(
        getattr(evidence, name) != value for name, value in before.items()
    )


def _changed_what_was_checked(evidence: Evidence) -> bool:
    if evidence.pk is None:
        return True
    before = Evidence.objects.filter(pk=evidence.pk).values("kind", "url", "fields").first()
    return before != {"kind": evidence.kind, "url": evidence.url, "fields": evidence.fields}


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    """Delete the owner's evidence and its file; refused while it backs a pending application,
    and for imported evidence (it leaves when it leaves the forge; it can be made private)."""
    if evidence.owner_id != actor.pk:
        raise NotAllowed()
    if evidence_is_locked(evidence):
        raise EvidenceLocked()
    if evidence.is_imported:
        raise EvidenceImported()
    if evidence.file:
        storage, name = evidence.file.storage, evidence.file.name
        transaction.on_commit(lambda: storage.delete(name))
    evidence.delete()


# --- Applications ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Renewal:
    """What makes an application a renewal: the certification it renews (the honor wall's pk)
    and the window its evidence must be dated in. The honor wall decides both
    (``honor_wall.renewal``)."""

    certification_id: int
    window: EvidenceWindow


def _check_can_apply(
    *, applicant, tier: Tier, current: Application | None = None, renewal: bool = False
) -> None:
    if not tier.certifiable:
        raise ApplicationRefused(_("This tier is not awarded by application."))
    if not Profile.objects.filter(user=applicant).exists():
        raise ApplicationRefused(_("Fill in your profile before you apply."))
    # A renewal is for a tier the applicant holds (or held until lately): that is its point.
    if not renewal and tier.slug in held_tier_slugs(applicant):
        raise ApplicationRefused(_("You already hold this certification."))
    others = Application.objects.filter(
        applicant=applicant, tier=tier, state__in=[s.value for s in OPEN_STATES]
    )
    if current is not None:
        others = others.exclude(pk=current.pk)
    if others.exists():
        raise ApplicationRefused(
            _("You already have an application for this certification in progress.")
        )


def _store_evidence_and_evaluation(application, *, applicant, evidence, statement):
    evidence = list(evidence)
    if any(item.owner_id != applicant.pk for item in evidence):
        raise NotAllowed()
    evaluation = evaluate_for(
        applicant=applicant,
        tier=application.tier,
        evidence=evidence,
        window=application.evidence_window,
    )
    application.statement = statement
    application.evaluation = evaluation.as_dict()
    application.rules_met = evaluation.eligible
    application.ruleset = RuleSet.objects.get(
        tier=application.tier, version=evaluation.ruleset_version
    )
    application.save()
    application.evidence.set(evidence)
    return evaluation


def _refuse_unless_rules_met(tier: Tier, evaluation) -> None:
    if tier.require_rules_met and not evaluation.eligible:
        raise ApplicationRefused(
            _(
                "The requirements for this certification are not met by the evidence you "
                "chose. Check what is missing on the eligibility page."
            )
        )


def application_submit(
    *,
    applicant,
    tier: Tier,
    evidence: Iterable[Evidence],
    statement: str = "",
    draft=False,
    renewal: Renewal | None = None,
) -> Application:
    """Create an application for ``tier`` and submit it (or keep it as a draft).

    Refused when the tier is not certifiable, the applicant already holds it, has one open for
    it, picks evidence that is not theirs, or (when the tier requires it) the engine says the
    rules are not met. The evaluation and rule-set version are stored with the application.
    A ``renewal`` (from ``honor_wall.renewal``, which checks the certification may be renewed)
    is for a tier the applicant holds, and counts only evidence dated within its window.
    """
    _check_can_apply(applicant=applicant, tier=tier, renewal=renewal is not None)
    try:
        with transaction.atomic():
            application = Application(applicant=applicant, tier=tier)
            if renewal is not None:
                application.kind = Application.Kind.RENEWAL
                application.renews_certification_id = renewal.certification_id
                application.evidence_from, application.evidence_until = renewal.window
            evaluation = _store_evidence_and_evaluation(
                application, applicant=applicant, evidence=evidence, statement=statement
            )
            ApplicationEvent.objects.create(
                application=application, actor=applicant, action=Record.CREATE, to_state=State.DRAFT
            )
            if not draft:
                _refuse_unless_rules_met(tier, evaluation)
                application_transition(
                    application=application, action=Action.SUBMIT, actor=applicant
                )
    except IntegrityError as exc:
        # Two submissions at once: the database's one-open-application rule decided.
        raise ApplicationRefused(
            _("You already have an application for this certification in progress.")
        ) from exc
    return application


@transaction.atomic
def application_update(
    *, application: Application, actor, evidence: Iterable[Evidence], statement: str, submit=True
) -> Application:
    """Change a draft or an application that needs changes, and (by default) submit it again.

    Only its applicant may; the same refusals as ``application_submit`` apply on submission.
    """
    if application.applicant_id != actor.pk:
        raise NotAllowed()
    if application.state not in (State.DRAFT, State.CHANGES_REQUESTED):
        raise ApplicationRefused(_("Only a draft or an application that needs changes can change."))
    _check_can_apply(
        applicant=actor,
        tier=application.tier,
        current=application,
        renewal=application.is_renewal,
    )
    evaluation = _store_evidence_and_evaluation(
        application, applicant=actor, evidence=evidence, statement=statement
    )
    if submit:
        _refuse_unless_rules_met(application.tier, evaluation)
        action = Action.SUBMIT if application.state == State.DRAFT else Action.RESUBMIT
        application_transition(application=application, action=action, actor=actor)
    return application


def application_withdraw(*, application: Application, actor) -> Application:
    """Withdraw a draft, submitted or changes-requested application (its applicant only)."""
    application_transition(application=application, action=Action.WITHDRAW, actor=actor)
    return application
