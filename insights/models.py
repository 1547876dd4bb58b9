"""Rollups the dashboard reads instead of scanning every application, event and review.

Everything here is derived data: ``insights.services`` recomputes it from the sources of truth
(today's day on each change, recent days nightly, everything with ``insights_rebuild``), so a
row can always be thrown away and rebuilt. Days and months are local to ``settings.TIME_ZONE``.
"""

from django.conf import settings
from django.db import models


class RollupDay(models.Model):
    """One local day whose rows below are computed; its row is locked while they are rebuilt, so
    two refreshes of the same day run one after the other."""

    day = models.DateField(primary_key=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.day.isoformat()


class TierDay(models.Model):
    """What happened to one tier's applications on one local day (from their events) and how
    many of its certifications were awarded that day."""

    day = models.DateField()
    month = models.DateField(help_text="The first day of the day's month, to group by cheaply.")
    tier = models.ForeignKey("criteria.Tier", on_delete=models.CASCADE, related_name="+")
    submitted = models.PositiveIntegerField(default=0)  # first submissions
    resubmitted = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    changes_requested = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)
    # Decisions whose round (from its submission) waited longer than REVIEW_SLA_DAYS.
    decided_past_sla = models.PositiveIntegerField(default=0)
    certified = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "tier"], name="tierday_unique")]
        indexes = [models.Index(fields=["month", "tier"], name="tierday_month")]

    def __str__(self):
        return f"{self.day} {self.tier_id}"


class ReviewerDay(models.Model):
    """One reviewer's decisions on one tier on one local day (abstentions are not decisions)."""

    day = models.DateField()
    month = models.DateField()
    # Null once the reviewer's account is gone: their decisions still count in the totals.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    tier = models.ForeignKey("criteria.Tier", on_delete=models.CASCADE, related_name="+")
    approved = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    changes_requested = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["month", "reviewer"], name="reviewerday_month"),
            models.Index(fields=["day"], name="reviewerday_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.reviewer_id}"


class MonthDurations(models.Model):
    """Waiting times of one local month's decisions, for one scope of the dashboard's filters.

    Medians and percentiles cannot be added up from days or tiers, so they are kept for every
    scope a filter can choose: ``all``, ``track:<id>`` and ``tier:<id>``.
    """

    month = models.DateField()
    scope = models.CharField(max_length=30)
    # From the first submission to the first decision (approve, reject, request changes).
    first_count = models.PositiveIntegerField(default=0)
    first_median_hours = models.FloatField(null=True)
    first_p90_hours = models.FloatField(null=True)
    # From the first submission to the final decision (approve or reject).
    final_count = models.PositiveIntegerField(default=0)
    final_median_hours = models.FloatField(null=True)
    final_p90_hours = models.FloatField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "scope"], name="monthdurations_unique")
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.scope}"


class Eligibility(models.Model):
    """The engine's verdict on a person's stored evidence for one tier, computed in the
    background (never while a page waits) for everyone who has recorded evidence."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tier = models.ForeignKey("criteria.Tier", on_delete=models.CASCADE, related_name="+")
    eligible = models.BooleanField()
    evaluated_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "eligibility"
        constraints = [
            models.UniqueConstraint(fields=["person", "tier"], name="eligibility_unique")
        ]

    def __str__(self):
        return f"{self.person_id} {self.tier_id} {self.eligible}"


class Snapshot(models.Model):
    """Figures about the programme as it stands (the funnel, who holds certifications), computed
    in the background for every filter scope and read by the dashboard in one query."""

    name = models.CharField(max_length=40, unique=True)
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    def __str__(self):
        return self.name
