"""Changes of state a reviewer or staff makes: claim, release, decide, note, reassign, bulk.

Every function here runs in one transaction that locks the application row first, so two people
acting at once are served one after the other and the second sees the first one's outcome.
Each writes its audit event (``ApplicationEvent``) in that same transaction. Who may do what is
``reviews.rules``: every function asks it (``require``) before it acts.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import can_review, is_programme_staff
from applications.models import Application, Evidence
from applications.models.application import State
from applications.workflow import Action, application_record, application_transition
from honor_wall.services import certification_issue
from mindspore_growth.errors import DomainError, IllegalTransition, NotAllowed

from .errors import AlreadyApproved, BulkRefused
from .models import ConflictOfInterest, Review, ReviewClaim, ReviewEvent
from .rules import DECISION_ACTIONS, Decision, ReviewAction, decision_needs_comment, require


def _locked(application_id: int) -> Application:
    """The application row, locked until the transaction ends (a no-op lock on SQLite, which
    serialises writers anyway)."""
    # of=("self",): lock the application only, not its tier (shared by every application).
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("tier")
        .get(pk=application_id)
    )


@transaction.atomic
def review_claim(*, application: Application, reviewer) -> ReviewClaim:
    """Take a submitted application into review (``submitted → in_review``)."""
    application = _locked(application.pk)
    require(reviewer, application, ReviewAction.CLAIM)
    application_transition(application=application, action=Action.CLAIM, actor=reviewer)
    return ReviewClaim.objects.create(application=application, reviewer=reviewer)


def _claim_of(application: Application) -> ReviewClaim | None:
    return ReviewClaim.objects.filter(application=application).select_related("reviewer").first()


def _release(application: Application, actor, *, note: str = "", by_system=False) -> None:
    ReviewClaim.objects.filter(application=application).delete()
    application_transition(
        application=application,
        action=Action.RELEASE,
        actor=actor,
        note=note,
        by_system=by_system,
    )


@transaction.atomic
def review_release(*, application: Application, actor, note: str = "") -> Application:
    """Put an in-review application back in the queue (its claimer or staff)."""
    application = _locked(application.pk)
    require(actor, application, ReviewAction.RELEASE)
    _release(application, actor, note=note)
    return application


@transaction.atomic
def review_decide(
    *, application: Application, reviewer, decision: str, comment: str = "", note: str = ""
) -> Review:
    """Record a reviewer's decision and apply it.

    Reject and request-changes decide at once and need a comment to the applicant. Approve
    decides when the tier's ``approvals_required`` different reviewers approved this round;
    until then the application goes back to the queue for another reviewer. Abstain releases
    it. The final approval certifies the applicant in the same transaction.
    """
    application = _locked(application.pk)
    require(reviewer, application, ReviewAction.DECIDE)
    claim = _claim_of(application)
    decision = Decision(decision)
    comment, note = (comment or "").strip(), (note or "").strip()
    if decision_needs_comment(decision) and not comment:
        raise IllegalTransition(_("A comment to the applicant is required."))
    round_started = application.submitted_at
    if (
        decision == Decision.APPROVE
        and Review.objects.filter(
            application=application,
            reviewer=reviewer,
            round_submitted_at=round_started,
            decision=Decision.APPROVE,
        ).exists()
    ):
        raise AlreadyApproved()

    review = Review.objects.create(
        application=application,
        reviewer=reviewer,
        round_submitted_at=round_started,
        decision=decision,
        comment=comment,
        note=note,
        claimed_at=claim.claimed_at if claim else None,
    )
    if decision == Decision.ABSTAIN:
        application_record(
            application=application, actor=reviewer, action=ReviewEvent.ABSTAIN, note=note
        )
        _release(application, reviewer)
        return review
    if decision == Decision.APPROVE:
        approvers = list(
            Review.objects.filter(
                application=application,
                round_submitted_at=round_started,
                decision=Decision.APPROVE,
            ).values_list("reviewer_id", flat=True)
        )
        if len(approvers) < application.tier.approvals_required:
            application_record(
                application=application, actor=reviewer, action=ReviewEvent.APPROVAL, note=note
            )
            _release(application, reviewer)
            return review
        ReviewClaim.objects.filter(application=application).delete()
        application_transition(
            application=application,
            action=Action.APPROVE,
            actor=reviewer,
            comment=comment,
            note=note,
        )
        certification_issue(application=application, approvers=approvers)
        return review
    ReviewClaim.objects.filter(application=application).delete()
    application_transition(
        application=application,
        action=DECISION_ACTIONS[decision],
        actor=reviewer,
        comment=comment,
        note=note,
    )
    return review


@transaction.atomic
def review_note(*, application: Application, reviewer, note: str) -> None:
    """An internal note on the application's trail (reviewers and staff see it, never the
    applicant)."""
    application = _locked(application.pk)
    require(reviewer, application, ReviewAction.NOTE)
    note = (note or "").strip()
    if not note:
        raise IllegalTransition(_("Write the note first."))
    application_record(application=application, actor=reviewer, action=ReviewEvent.NOTE, note=note)


# The verdicts a reviewer may give a piece of evidence, and the event each writes.
VERDICT_EVENTS = {
    Evidence.Verification.VERIFIED: ReviewEvent.EVIDENCE_VERIFIED,
    Evidence.Verification.REJECTED: ReviewEvent.EVIDENCE_REJECTED,
}


@transaction.atomic
def evidence_judge(*, application: Application, reviewer, evidence_id: int, verdict: str) -> None:
    """A reviewer marks one piece of the application's evidence verified or rejected (rejected
    evidence never counts toward any rule). Recorded on the application's trail."""
    application = _locked(application.pk)
    require(reviewer, application, ReviewAction.JUDGE)
    if verdict not in VERDICT_EVENTS:
        raise IllegalTransition()
    evidence = application.evidence.filter(pk=evidence_id).first()
    if evidence is None:
        raise NotAllowed()
    Evidence.objects.filter(pk=evidence.pk).update(
        verification=verdict, verification_note="", checked_at=timezone.now()
    )
    application_record(
        application=application,
        actor=reviewer,
        action=VERDICT_EVENTS[verdict],
        note=evidence.title,
    )


@transaction.atomic
def review_reassign(*, application: Application, actor, reviewer) -> ReviewClaim:
    """Staff give a waiting or in-review application to ``reviewer``, who must be allowed to
    review it."""
    if not is_programme_staff(actor):
        raise NotAllowed()
    application = _locked(application.pk)
    require(actor, application, ReviewAction.REASSIGN)
    require(reviewer, application, ReviewAction.VIEW)
    if application.state == State.SUBMITTED:
        application_transition(application=application, action=Action.CLAIM, actor=actor)
    ReviewClaim.objects.filter(application=application).delete()
    claim = ReviewClaim.objects.create(application=application, reviewer=reviewer)
    application_record(
        application=application,
        actor=actor,
        action=ReviewEvent.REASSIGN,
        note=_("Assigned to %(reviewer)s.") % {"reviewer": reviewer.email},
    )
    return claim


def release_idle_claims(*, older_than) -> int:
    """Release claims nobody acted on since ``older_than`` (periodic task). Returns how many."""
    released = 0
    idle = ReviewClaim.objects.filter(claimed_at__lt=older_than).values_list(
        "application_id", flat=True
    )
    for application_id in list(idle):
        with transaction.atomic():
            application = _locked(application_id)
            claim = _claim_of(application)
            if claim is None or claim.claimed_at >= older_than:
                continue  # acted on meanwhile
            if application.state != State.IN_REVIEW:
                claim.delete()
                continue
            _release(application, None, note=_("Claim released: idle too long."), by_system=True)
            released += 1
    return released


BULK_ACTIONS = ("release", "reassign", "request_changes")


def reviews_bulk(
    *, actor, applications: Iterable[Application], action: str, reviewer=None, comment=""
) -> int:
    """Staff apply one action to several applications, each checked, all in one transaction:
    if any is refused nothing changes and ``BulkRefused`` lists why."""
    if not is_programme_staff(actor):
        raise NotAllowed()
    if action not in BULK_ACTIONS:
        raise IllegalTransition()
    failures = []
    with transaction.atomic():
        for application in applications:
            try:
                with transaction.atomic():
                    _bulk_one(actor, application, action, reviewer, comment)
            except DomainError as exc:
                failures.append((application, str(exc.message)))
        if failures:
            transaction.set_rollback(True)
    if failures:
        raise BulkRefused(failures)
    return len(list(applications))


def _bulk_one(actor, application, action, reviewer, comment):
    if action == "release":
        review_release(application=application, actor=actor)
    elif action == "reassign":
        if reviewer is None:
            raise IllegalTransition(_("Choose the reviewer to assign."))
        review_reassign(application=application, actor=actor, reviewer=reviewer)
    else:
        fresh = _locked(application.pk)
        if fresh.state == State.SUBMITTED:
            review_reassign(application=fresh, actor=actor, reviewer=actor)
        review_decide(
            application=fresh,
            reviewer=actor,
            decision=Decision.REQUEST_CHANGES,
            comment=comment,
        )


@transaction.atomic
def conflict_declare(*, reviewer, applicant, reason: str = "") -> ConflictOfInterest:
    """A reviewer steps away from an applicant: they never see them in the queue again.
    Their current claims on that applicant are released."""
    if not can_review(reviewer):
        raise NotAllowed()
    if applicant.pk == reviewer.pk:
        raise IllegalTransition(_("Your own applications are never in your queue."))
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        reviewer=reviewer, applicant=applicant, defaults={"reason": reason.strip()}
    )
    for claim in ReviewClaim.objects.filter(reviewer=reviewer, application__applicant=applicant):
        _release(claim.application, reviewer, note=_("Released: conflict of interest declared."))
    return conflict


def conflict_withdraw(*, reviewer, conflict_id: int) -> None:
    ConflictOfInterest.objects.filter(reviewer=reviewer, pk=conflict_id).delete()
