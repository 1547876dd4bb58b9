from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReviewEvent(models.TextChoices):
    """The events reviewers write on an application's trail that do not move it (through
    ``applications.workflow.application_record``); the moves are the workflow's ``Action``."""

    APPROVAL = "approval", _("Approval recorded")  # one of several approvals a tier needs
    ABSTAIN = "abstain", _("Abstained")
    NOTE = "note", _("Internal note")
    REASSIGN = "reassign", _("Reassigned")
    EVIDENCE_VERIFIED = "evidence_verified", _("Evidence marked verified")
    EVIDENCE_REJECTED = "evidence_rejected", _("Evidence marked rejected")


class ReviewClaim(models.Model):
    """Who is reviewing an in-review application now (at most one person at a time)."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, related_name="claim"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_claims"
    )
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")

    def __str__(self):
        return f"{self.application} ← {self.reviewer}"


class Review(models.Model):
    """One reviewer's decision on one round of an application (a round starts at each
    submission). Approvals count per round; a reviewer approves a round at most once."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        REQUEST_CHANGES = "request_changes", _("Request changes")
        ABSTAIN = "abstain", _("Abstain")

    application = models.ForeignKey(
        "applications.Application", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="reviews"
    )
    round_submitted_at = models.DateTimeField()
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    comment = models.TextField(_("comment to the applicant"), blank=True)
    note = models.TextField(_("internal note"), blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "round_submitted_at"],
                condition=Q(decision="approve"),
                name="one_approval_per_reviewer_per_round",
            )
        ]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.application}"


class ConflictOfInterest(models.Model):
    """A reviewer who declared a conflict never sees that applicant's applications."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declared_conflicts"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "applicant"], name="one_conflict_per_pair")
        ]

    def __str__(self):
        return f"{self.reviewer} ✕ {self.applicant}"
