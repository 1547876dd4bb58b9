"""Reads for reviewers and staff: the queue, one application's review page, workload."""

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applications.models import Application, ApplicationEvent
from applications.models.application import State
from criteria.engine import Evaluation

from .models import Review, ReviewClaim
from .rules import reviewable_by

QUEUE_STATES = (State.SUBMITTED, State.IN_REVIEW)


def sla_days() -> int:
    return settings.REVIEW_SLA_DAYS


SORTS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "tier": ("tier__track__order", "tier__rank", "submitted_at"),
    "applicant": ("applicant__profile__display_name", "submitted_at"),
}


def queue(
    reviewer,
    *,
    q="",
    tier=None,
    track=None,
    state="",
    claimed="",
    verdict="",
    min_age=None,
    sort="oldest",
) -> QuerySet[Application]:
    """Submitted and in-review applications with what the queue shows, filtered (applicant's
    email, name or handle; tier; track; state; claimed by ``reviewer`` or nobody; rules met or
    not; waiting at least ``min_age`` days) and sorted, oldest first by default."""
    rows = _queue_rows(reviewer)
    if q:
        rows = rows.filter(
            Q(applicant__email__icontains=q)
            | Q(applicant__profile__display_name__icontains=q)
            | Q(applicant__profile__handle__icontains=q)
        )
    if tier:
        rows = rows.filter(tier=tier)
    if track:
        rows = rows.filter(tier__track=track)
    if state:
        rows = rows.filter(state=state)
    if claimed == "me":
        rows = rows.filter(claim__reviewer=reviewer)
    elif claimed == "unclaimed":
        rows = rows.filter(claim__isnull=True)
    if verdict:
        rows = rows.filter(rules_met=verdict == "met")
    if min_age is not None:
        rows = rows.filter(submitted_at__lte=timezone.now() - datetime.timedelta(days=min_age))
    return rows.order_by(*SORTS.get(sort or "oldest", SORTS["oldest"]))


def _queue_rows(reviewer) -> QuerySet[Application]:
    approvals = (
        Review.objects.filter(
            application=OuterRef("pk"),
            decision=Review.Decision.APPROVE,
            round_submitted_at=OuterRef("submitted_at"),
        )
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        reviewable_by(reviewer)
        .filter(state__in=QUEUE_STATES)
        .select_related("tier", "tier__track", "applicant", "applicant__profile", "claim__reviewer")
        .annotate(
            approvals=Coalesce(Subquery(approvals), 0),
            evidence_count=Count("evidence", distinct=True),
            evidence_verified=Count(
                "evidence", filter=Q(evidence__verification="verified"), distinct=True
            ),
            evidence_rejected=Count(
                "evidence", filter=Q(evidence__verification="rejected"), distinct=True
            ),
        )
    )


def state_counts(reviewer) -> dict[str, int]:
    """How many applications wait in each queue state (for the reviewer)."""
    rows = (
        reviewable_by(reviewer)
        .filter(state__in=QUEUE_STATES)
        .values("state")
        .annotate(n=Count("pk"))
    )
    counts = {state.value: 0 for state in QUEUE_STATES}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def overdue_before() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=sla_days())


@dataclass(frozen=True)
class EvaluationComparison:
    stored: Evaluation | None
    now: Evaluation
    changed_items: list[str]  # "group/item" keys whose verdict differs

    @property
    def changed(self) -> bool:
        return bool(self.changed_items) or (
            self.stored is not None and self.stored.eligible != self.now.eligible
        )


def compare_evaluations(application: Application) -> EvaluationComparison:
    """The verdict stored at submission next to the engine's verdict on the same evidence now."""
    from applications.services import evaluate_for

    stored = Evaluation.from_dict(application.evaluation) if application.evaluation else None
    now = evaluate_for(
        applicant=application.applicant, tier=application.tier, evidence=application.evidence.all()
    )
    before = {(g.key, i.key): i.met for g in stored.groups for i in g.items} if stored else {}
    changed = [
        f"{group.key}/{item.key}"
        for group in now.groups
        for item in group.items
        if stored is not None and before.get((group.key, item.key)) != item.met
    ]
    return EvaluationComparison(stored=stored, now=now, changed_items=changed)


def trail(application: Application) -> QuerySet[ApplicationEvent]:
    """Every event of the application, internal notes included (reviewers and staff only)."""
    return application.events.select_related("actor").order_by("created_at", "pk")


def earlier_applications(application: Application) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant_id=application.applicant_id)
        .exclude(pk=application.pk)
        .select_related("tier")
        .order_by("-created_at")
    )


def reviewers() -> QuerySet[User]:
    """Everyone who may review: reviewers and programme staff."""
    return (
        User.objects.filter(
            Q(groups__name__in=[Role.REVIEWER.value, Role.STAFF.value]) | Q(is_superuser=True)
        )
        .filter(is_active=True)
        .distinct()
        .order_by("email")
    )


@dataclass(frozen=True)
class Workload:
    reviewer: User
    claimed: int
    decided_this_month: int
    median_hours_to_decision: float | None


def workload() -> list[Workload]:
    """Per reviewer: claims held now, decisions this month, median hours from claim to decision."""
    month_start = timezone.now().replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    people = list(reviewers())
    claimed = dict(
        ReviewClaim.objects.values("reviewer").annotate(n=Count("pk")).values_list("reviewer", "n")
    )
    decided = dict(
        Review.objects.filter(created_at__gte=month_start)
        .exclude(decision=Review.Decision.ABSTAIN)
        .values("reviewer")
        .annotate(n=Count("pk"))
        .values_list("reviewer", "n")
    )
    durations: dict[int, list[float]] = {}
    for reviewer_id, hours in (
        Review.objects.filter(claimed_at__isnull=False)
        .exclude(decision=Review.Decision.ABSTAIN)
        .annotate(took=F("created_at") - F("claimed_at"))
        .values_list("reviewer", "took")
    ):
        durations.setdefault(reviewer_id, []).append(hours.total_seconds() / 3600)
    return [
        Workload(
            reviewer=person,
            claimed=claimed.get(person.pk, 0),
            decided_this_month=decided.get(person.pk, 0),
            median_hours_to_decision=(
                round(statistics.median(durations[person.pk]), 1)
                if person.pk in durations
                else None
            ),
        )
        for person in people
    ]


def digest_for(reviewer) -> dict:
    """What a reviewer's daily digest says: unclaimed and overdue counts, oldest first."""
    waiting = queue(reviewer)
    unclaimed = waiting.filter(state=State.SUBMITTED)
    overdue = waiting.filter(submitted_at__lt=overdue_before())
    return {
        "unclaimed": unclaimed.count(),
        "overdue": overdue.count(),
        "oldest": [
            {"id": app.pk, "tier_en": app.tier.name_en, "tier_zh": app.tier.name_zh,
             "submitted": app.submitted_at.date().isoformat()}
            for app in overdue[:10]
        ],
    }  # fmt: skip
