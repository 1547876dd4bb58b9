import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# An applicant has at most one of these per tier; the database enforces it.
OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.IN_REVIEW, State.CHANGES_REQUESTED)
# While an application waits for a reviewer, its evidence cannot change under them.
LOCKED_STATES = (State.SUBMITTED, State.IN_REVIEW)
# Waiting for a reviewer's decision: what the review queue lists (the same two states).
QUEUE_STATES = LOCKED_STATES


class EvidenceWindow(NamedTuple):
    """Evidence dated from ``start`` to ``end`` (both included) counts toward a renewal."""

    start: datetime.date
    end: datetime.date

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


class Kind(models.TextChoices):
    NEW = "new", _("New certification")
    RENEWAL = "renewal", _("Renewal")


class Application(models.Model):
    """A request to be certified for one tier, with the evidence chosen and the engine's verdict.

    The ``state`` field is written only by ``applications.workflow.application_transition``.
    A renewal is an application of kind ``renewal``: the same state machine and queue, judged
    on the evidence dated within ``evidence_from``…``evidence_until`` (the honor wall sets that
    window from the certification it renews, ``renews_certification_id``).
    """

    State = State
    Kind = Kind

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="applications",
    )
    tier = models.ForeignKey("criteria.Tier", on_delete=models.PROTECT, related_name="applications")
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, editable=False
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW, editable=False
    )
    # The honor wall's Certification pk: not a foreign key, as that model sits above this app.
    renews_certification_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    evidence_from = models.DateField(
        _("evidence dated from"), null=True, blank=True, editable=False
    )
    evidence_until = models.DateField(
        _("evidence dated until"), null=True, blank=True, editable=False
    )
    statement = models.TextField(_("statement"), max_length=4000, blank=True)
    evidence = models.ManyToManyField(
        "applications.Evidence", related_name="applications", blank=True
    )
    ruleset = models.ForeignKey(
        "criteria.RuleSet", on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    evaluation = models.JSONField(null=True, blank=True, editable=False)
    rules_met = models.BooleanField(null=True, editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "tier"],
                condition=Q(state__in=[s.value for s in OPEN_STATES]),
                name="one_open_application_per_tier",
            )
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"]),
            # The review queue's pages, oldest or newest first, walk this index and stop after
            # one page instead of sorting every waiting application; a filter is checked on
            # the way. Partial: decided applications, which keep growing, are not in it. The
            # included columns (PostgreSQL) are what the queue's rule, counts and tier sort
            # read, so a deep page, a count or the tier sort never visits the table.
            models.Index(
                fields=["submitted_at", "id"],
                include=["applicant_id", "tier_id", "state", "rules_met"],
                condition=Q(state__in=[s.value for s in QUEUE_STATES]),
                name="application_queue_by_age",
            ),
        ]

    def __str__(self):
        return f"{self.tier} #{self.pk}"

    @property
    def is_open(self):
        return self.state in OPEN_STATES

    @property
    def is_renewal(self) -> bool:
        return self.kind == Kind.RENEWAL

    @property
    def evidence_window(self) -> "EvidenceWindow | None":
        """The dates evidence must fall within to count (renewals), or ``None``: any date."""
        if self.evidence_from is None or self.evidence_until is None:
            return None
        return EvidenceWindow(self.evidence_from, self.evidence_until)


class ApplicationEvent(models.Model):
    """One append-only line of an application's history: who moved it, from where to where, why.

    ``comment`` is addressed to the applicant; ``note`` is internal, for reviewers and staff.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A value of the writing app's vocabulary: ``applications.workflow.Action`` (the moves) and
    # ``Record`` (creation), ``reviews.models.ReviewEvent`` (votes, notes, verdicts). No
    # ``choices`` here: applications does not know the reviews app's; ``workflow.event_labels``
    # labels them for a trail.
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    comment = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # When a reviewer asks for changes: what the application held then ({"evidence": {id:
    # title}, "statement": text}), so the next reviewer sees what the applicant changed.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Application events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Application events are append-only.")

    @property
    def moved(self) -> bool:
        return self.from_state != self.to_state

    @property
    def shown_to_applicant(self) -> bool:
        """Moves and comments addressed to them; internal votes and notes are not."""
        return self.moved or bool(self.comment)
