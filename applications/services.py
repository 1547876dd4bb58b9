"""Changes of state for profiles, evidence and applications. Views, admin and tasks call these."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.engine import evaluate
from criteria.models import RuleSet, Tier
from criteria.selectors import current_rulesets

from .errors import ApplicationRefused, EvidenceLocked, NotAllowed
from .holdings import held_tier_slugs
from .models import Application, ApplicationEvent, Evidence, Profile
from .models.application import LOCKED_STATES, OPEN_STATES, State
from .uploads import FileType
from .workflow import Action, application_transition


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
    old_file = None
    if upload is not None:
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
    evidence.save()
    if old_file:
        storage = evidence.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return evidence


@transaction.atomic
def evidence_delete(*, actor, evidence: Evidence) -> None:
    """Delete the owner's evidence and its file; refused while it backs a pending application."""
    if evidence.owner_id != actor.pk:
        raise NotAllowed()
    if evidence_is_locked(evidence):
        raise EvidenceLocked()
    if evidence.file:
        storage, name = evidence.file.storage, evidence.file.name
        transaction.on_commit(lambda: storage.delete(name))
    evidence.delete()


# --- Applications ------------------------------------------------------------------------------
def evaluate_for(*, applicant, tier: Tier, evidence: Iterable[Evidence]):
    """The engine's verdict on ``evidence`` for ``tier`` today, with the rule set it used."""
    rulesets = current_rulesets()
    ruleset = rulesets[tier.slug]
    return evaluate(
        ruleset,
        [item.as_engine_evidence() for item in evidence],
        held_tier_slugs(applicant),
        timezone.localdate(),
        rulesets=rulesets,
    )


def _check_can_apply(*, applicant, tier: Tier, current: Application | None = None) -> None:
    if not tier.certifiable:
        raise ApplicationRefused(_("This tier is not awarded by application."))
    if not Profile.objects.filter(user=applicant).exists():
        raise ApplicationRefused(_("Fill in your profile before you apply."))
    if tier.slug in held_tier_slugs(applicant):
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
    evaluation = evaluate_for(applicant=applicant, tier=application.tier, evidence=evidence)
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
    *, applicant, tier: Tier, evidence: Iterable[Evidence], statement: str = "", draft=False
) -> Application:
    """Create an application for ``tier`` and submit it (or keep it as a draft).

    Refused when the tier is not certifiable, the applicant already holds it, has one open for
    it, picks evidence that is not theirs, or (when the tier requires it) the engine says the
    rules are not met. The evaluation and rule-set version are stored with the application.
    """
    _check_can_apply(applicant=applicant, tier=tier)
    try:
        with transaction.atomic():
            application = Application(applicant=applicant, tier=tier)
            evaluation = _store_evidence_and_evaluation(
                application, applicant=applicant, evidence=evidence, statement=statement
            )
            ApplicationEvent.objects.create(
                application=application, actor=applicant, action="create", to_state=State.DRAFT
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
    _check_can_apply(applicant=actor, tier=application.tier, current=application)
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


def locked_evidence_ids(user) -> set[int]:
    """Ids of the user's evidence that backs a submitted or in-review application."""
    return set(
        Evidence.objects.filter(
            owner=user, applications__state__in=[s.value for s in LOCKED_STATES]
        ).values_list("pk", flat=True)
    )


def evidence_meeting_rules(user, tier: Tier) -> list[int]:
    """The user's evidence the engine counted toward ``tier``: the default pick when applying."""
    evaluation = evaluate_for(
        applicant=user, tier=tier, evidence=Evidence.objects.filter(owner=user)
    )
    return sorted(
        {int(pk) for group in evaluation.groups for item in group.items for pk in item.evidence}
    )
