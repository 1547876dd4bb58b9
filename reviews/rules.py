"""Who may do what in the review app: the one home of each rule.

``may_review`` says whether a person may review an application at all, ``reviewable_by`` is
the same rule as a query (the queue, the review page's 404), and ``refusal`` says why a person
may not take one action now. Services call ``require`` before they act, views hand
``review_actions`` to templates for their buttons, and forms ask ``decision_needs_comment``;
none of them re-derives a rule.
"""

from enum import StrEnum
from functools import cached_property

import rules
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.rules import can_review, is_programme_staff
from applications.models import Application
from applications.models.application import State
from applications.workflow import Action, comment_required
from mindspore_growth.errors import DomainError, IllegalTransition, NotAllowed

from .errors import AlreadyDecided, ClaimedByOther, Conflicted
from .models import ConflictOfInterest, Review, ReviewClaim

DECIDED_STATES = (State.APPROVED, State.REJECTED, State.CHANGES_REQUESTED, State.WITHDRAWN)
Decision = Review.Decision

# The move each decision makes; abstaining moves nothing (the claim is released).
DECISION_ACTIONS = {
    Decision.APPROVE: Action.APPROVE,
    Decision.REJECT: Action.REJECT,
    Decision.REQUEST_CHANGES: Action.REQUEST_CHANGES,
}


def decision_needs_comment(decision) -> bool:
    """Whether a decision must tell the applicant why (the workflow's table says)."""
    action = DECISION_ACTIONS.get(decision)
    return action is not None and comment_required(action)


class ReviewAction(StrEnum):
    VIEW = "view"  # the review page, its files and notes
    CLAIM = "claim"
    RELEASE = "release"
    DECIDE = "decide"
    JUDGE = "judge"  # mark one piece of evidence verified or rejected
    NOTE = "note"
    REASSIGN = "reassign"
    TRAIL = "trail"  # the full audit trail, for staff


def reviewable_by(user) -> QuerySet[Application]:
    """Applications ``user`` may review, as a query: the same rule as ``may_review``.

    Reviewers and programme staff only; an application submitted at least once (a draft, and an
    application withdrawn before it was submitted, are the applicant's alone), whose applicant
    still has an account; never their own, never one of an applicant they declared a conflict
    with.
    """
    if not can_review(user):
        return Application.objects.none()
    conflicted = ConflictOfInterest.objects.filter(reviewer=user).values("applicant_id")
    return (
        Application.objects.filter(submitted_at__isnull=False, applicant__isnull=False)
        .exclude(applicant=user)
        .exclude(applicant_id__in=conflicted)
    )


class _Facts:
    """What the rules need to know about one person and one application, each read once."""

    def __init__(self, user, application: Application):
        self.user, self.application = user, application

    @cached_property
    def reviews(self) -> bool:
        return can_review(self.user)

    @cached_property
    def staff(self) -> bool:
        return is_programme_staff(self.user)

    @cached_property
    def conflicted(self) -> bool:
        return ConflictOfInterest.objects.filter(
            reviewer=self.user, applicant_id=self.application.applicant_id
        ).exists()

    @cached_property
    def claim(self) -> ReviewClaim | None:
        return (
            ReviewClaim.objects.filter(application=self.application)
            .select_related("reviewer")
            .first()
        )

    def holds_claim_or_staff(self) -> bool:
        return self.claim is None or self.claim.reviewer_id == self.user.pk or self.staff


def _refusal(facts: _Facts, action: ReviewAction) -> DomainError | None:
    user, application = facts.user, facts.application
    if not getattr(user, "is_authenticated", False) or not facts.reviews:
        return NotAllowed()
    if application.applicant_id is None or application.applicant_id == user.pk:
        return NotAllowed()
    if application.submitted_at is None:
        return NotAllowed()
    if facts.conflicted:
        return Conflicted()
    state = application.state
    if action in (ReviewAction.VIEW, ReviewAction.NOTE):
        return None
    if action is ReviewAction.TRAIL:
        return None if facts.staff else NotAllowed()
    if action is ReviewAction.JUDGE:
        if state != State.IN_REVIEW:
            return IllegalTransition(_("Claim this application before you judge its evidence."))
        return None if facts.holds_claim_or_staff() else ClaimedByOther()
    if state in DECIDED_STATES:
        return AlreadyDecided()
    if action is ReviewAction.CLAIM:
        return ClaimedByOther() if state == State.IN_REVIEW else None
    if action is ReviewAction.REASSIGN:
        return None if facts.staff else NotAllowed()
    if action is ReviewAction.RELEASE and state != State.IN_REVIEW:
        return IllegalTransition(_("This application is not claimed."))
    if action is ReviewAction.DECIDE and state != State.IN_REVIEW:
        return IllegalTransition(_("Claim this application before you decide."))
    return None if facts.holds_claim_or_staff() else ClaimedByOther()


def refusal(user, application: Application, action: ReviewAction) -> DomainError | None:
    """Why ``user`` may not take ``action`` on ``application`` now; ``None`` when they may."""
    return _refusal(_Facts(user, application), ReviewAction(action))


def require(user, application: Application, action: ReviewAction) -> None:
    """Raise the refusal, if any (services call this before they act)."""
    error = refusal(user, application, action)
    if error is not None:
        raise error


def review_actions(user, application: Application) -> frozenset[ReviewAction]:
    """Everything ``user`` may do on ``application`` now: the review page's buttons."""
    facts = _Facts(user, application)
    return frozenset(action for action in ReviewAction if _refusal(facts, action) is None)


@rules.predicate
def may_review(user, application: Application) -> bool:
    """Whether ``user`` may review ``application`` at all (see ``reviewable_by``)."""
    return refusal(user, application, ReviewAction.VIEW) is None
