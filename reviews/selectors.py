"""Reads for reviewers and staff: the queue, one application's review page, workload."""

import datetime
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from applications.models import Application, ApplicationEvent, Evidence, Profile
from applications.models.application import QUEUE_STATES, State
from applications.queue_version import VERSION_KEY, queue_version
from applications.selectors import evaluate_for
from applications.workflow import event_labels
from criteria.engine import Evaluation
from criteria.models import Tier

from .models import ConflictOfInterest, Review, ReviewClaim, ReviewEvent
from .rules import reviewable_by

COUNTS_SECONDS = 60 * 60
# Filters whose matches change without any move, claim or conflict: a person's name or email
# (the search), the clock (the minimum age). Counts with them are never kept.
UNKEPT_FILTERS = ("q", "min_age")


def sla_days() -> int:
    return settings.REVIEW_SLA_DAYS


SORTS = {
    "oldest": ("submitted_at", "pk"),
    "newest": ("-submitted_at", "-pk"),
    "tier": ("tier__track__order", "tier__rank", "submitted_at", "pk"),
    # Applicants without a profile last on every database (PostgreSQL's default; SQLite would
    # put them first), as ``_ByApplicantName`` reads them.
    "applicant": (F("applicant__profile__display_name").asc(nulls_last=True), "submitted_at", "pk"),
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
    """Submitted and in-review applications, filtered (applicant's email, name or handle; tier;
    track; state; claimed by ``reviewer`` or nobody; rules met or not; waiting at least
    ``min_age`` days) and sorted, oldest first by default.

    Only the rows: ``with_queue_figures`` adds what the queue shows for each, and is meant for
    one page of them (annotating every open application before the LIMIT grows with the queue).
    """
    condition = queue_condition(
        reviewer,
        q=q,
        tier=tier,
        track=track,
        state=state,
        claimed=claimed,
        verdict=verdict,
        min_age=min_age,
    )
    return _sorted(_open(reviewer).filter(condition).select_related("tier"), sort)


def queue_page(reviewer, *, number, per_page: int, sort="oldest", **filters):
    """One page of the queue with its figures, and the counts (``queue_counts``).

    Three queries whatever the queue's size: the counts (which also give the paginator its
    total; none when they are kept), the page's ids (sorting the bare rows, nothing grouped),
    and that page's rows with their figures.
    """
    condition = queue_condition(reviewer, **filters)
    counts = queue_counts(reviewer, **filters)
    rows = _open(reviewer).filter(condition)
    if sort == "applicant":
        ids = _ByApplicantName(rows, counts["matching"])
    else:
        ids = _sorted(rows, sort).values_list("pk", flat=True)
    paginator = Paginator(ids, per_page)
    paginator.count = counts["matching"]  # already counted with the states: no second count
    page = paginator.get_page(number)
    page.object_list = with_queue_figures(list(page.object_list))
    return page, counts


def _sorted(rows: QuerySet[Application], sort) -> QuerySet[Application]:
    return rows.order_by(*SORTS.get(sort or "oldest", SORTS["oldest"]))


class _ByApplicantName:
    """The ids of ``rows`` in the order of the ``applicant`` sort, a page at a time: applicants
    with a profile by name, then those without one (a missing name sorts last), each by age.

    One query over accounts and profiles with a LEFT JOIN sorts every waiting application by
    name before the LIMIT; applicants with a profile alone can be read in the order of the
    profiles' name index (``profile_by_display_name``), stopping after a page. Those without
    a profile are read only for a page that reaches them.
    """

    def __init__(self, rows: QuerySet[Application], total: int):
        self.total = total
        self.named = (
            rows.filter(applicant__profile__isnull=False)
            .order_by(*SORTS["applicant"])
            .values_list("pk", flat=True)
        )
        self.unnamed = (
            rows.filter(applicant__profile__isnull=True)
            .order_by("submitted_at", "pk")
            .values_list("pk", flat=True)
        )

    def __getitem__(self, page: slice) -> list[int]:
        start, stop = page.start, page.stop
        ids = list(self.named[start:stop])
        if len(ids) >= min(stop, self.total) - start:  # a full page, or the queue's last
            return ids
        named = start + len(ids) if ids else self.named.count()
        return ids + list(self.unnamed[max(start - named, 0) : stop - named])


def queue_condition(
    reviewer, *, q="", tier=None, track=None, state="", claimed="", verdict="", min_age=None
) -> Q:
    """The queue's filters as one condition on applications (empty when nothing is filtered).
    Nullable relations (profile, claim) are asked through subqueries, so the condition means
    the same inside a count's ``filter=`` as in ``filter()``."""
    condition = Q()
    if q:
        # Accounts and profiles asked apart and joined by a UNION: each side can then use its
        # trigram indexes (reviews' migration 0002) where one query over both tables with an
        # OR scans and upper-cases every account.
        by_email = User.objects.filter(email__icontains=q).values("pk")
        by_name = Profile.objects.filter(
            Q(display_name__icontains=q) | Q(handle__icontains=q)
        ).values("user_id")
        condition &= Q(applicant__in=by_email.union(by_name))
    if tier:
        condition &= Q(tier=tier)
    if track:
        condition &= Q(tier__in=Tier.objects.filter(track=track).values("pk"))
    if state:
        condition &= Q(state=state)
    claims = ReviewClaim.objects.values("application_id")
    if claimed == "me":
        condition &= Q(pk__in=claims.filter(reviewer=reviewer))
    elif claimed == "unclaimed":
        condition &= ~Q(pk__in=claims)
    if verdict:
        condition &= Q(rules_met=verdict == "met")
    if min_age is not None:
        condition &= Q(submitted_at__lte=timezone.now() - datetime.timedelta(days=min_age))
    return condition


def _open(reviewer) -> QuerySet[Application]:
    return reviewable_by(reviewer).filter(state__in=QUEUE_STATES)


# Read with each row but never shown in the queue: long texts, JSON to decode, password hashes.
UNSHOWN = (
    "statement",
    "evaluation",
    "applicant__password",
    "applicant__profile__bio",
    "applicant__profile__links",
    "tier__description_en",
    "tier__description_zh",
    "tier__track__description_en",
    "tier__track__description_zh",
    "claim__reviewer__password",
)


def with_queue_figures(ids: list[int]) -> list[Application]:
    """The applications of ``ids`` (one page of the queue), in that order, with what each row
    shows: tier, applicant and profile, claim, approvals this round, evidence counts."""
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
    rows = (
        Application.objects.filter(pk__in=ids)
        .select_related("tier", "tier__track", "applicant", "applicant__profile", "claim__reviewer")
        .defer(*UNSHOWN)
        .annotate(
            approvals=Coalesce(Subquery(approvals), 0),
            evidence_count=Count("evidence", distinct=True),
            evidence_verified=Count(
                "evidence", filter=Q(evidence__verification="verified"), distinct=True
            ),
            evidence_rejected=Count(
                "evidence", filter=Q(evidence__verification="rejected"), distinct=True
            ),
            evidence_imported=Count(
                "evidence", filter=Q(evidence__source="imported"), distinct=True
            ),
        )
        .in_bulk()
    )
    return [rows[pk] for pk in ids if pk in rows]


def queue_counts(reviewer, **filters) -> dict[str, int]:
    """How many applications wait in each queue state for the reviewer (the whole queue), and
    how many of them match the filters (``queue_condition``'s), in one pass over the open ones.

    Kept per reviewer and filters under the queue's version (``applications.queue_version``),
    which every move of the workflow and every claim or conflict changes: the pass runs once
    after each change rather than on every page, and a reviewer's own action is counted on the
    next page they see. The matches of a search or a minimum age change without any move (a
    name, the clock), so they are counted every time (``UNKEPT_FILTERS``); the whole queue's
    counts beside them are the ones kept without filters, and such a pass keeps them there.
    """
    filters = {name: value for name, value in filters.items() if value not in (None, "")}
    unkept = any(name in filters for name in UNKEPT_FILTERS)
    key = _counts_key(reviewer, {} if unkept else filters)
    found = cache.get_many([VERSION_KEY, key])  # one round trip when the counts are kept
    version = found.get(VERSION_KEY) or queue_version()
    kept = found.get(key)
    if version is not None and kept is not None and kept[0] == version:
        if not unkept:
            return kept[1]
        # Only the matches are counted: with an index (the search's trigrams, the queue's
        # age) rather than a pass over every open application.
        matching = _open(reviewer).filter(queue_condition(reviewer, **filters)).count()
        return {**kept[1], "matching": matching}
    counts = _counts(reviewer, queue_condition(reviewer, **filters))
    if version is not None:
        whole = counts["submitted"] + counts["in_review"]
        cache.set(
            key, (version, {**counts, "matching": whole} if unkept else counts), COUNTS_SECONDS
        )
    return counts


def _counts_key(reviewer, filters: dict) -> str:
    asked = "&".join(
        f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items())
    )
    return f"reviews:queue-counts:{reviewer.pk}:{asked}"


def _counts(reviewer, condition: Q) -> dict[str, int]:
    return _open(reviewer).aggregate(
        submitted=Count("pk", filter=Q(state=State.SUBMITTED)),
        in_review=Count("pk", filter=Q(state=State.IN_REVIEW)),
        matching=Count("pk", filter=condition) if condition else Count("pk"),
    )


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


# The label of every action a trail can hold: the applications app's (its moves and the
# creation) and ours.
TRAIL_LABELS = event_labels(ReviewEvent)


def application_for_review(user, pk) -> Application | None:
    """The application ``pk`` if ``user`` may review it (``reviews.rules``), with what its review
    page shows; ``None`` otherwise."""
    return (
        reviewable_by(user)
        .select_related("tier", "tier__track", "applicant", "applicant__profile", "ruleset")
        .filter(pk=pk)
        .first()
    )


def reviewable_among(user, ids) -> list[Application]:
    """Those of the applications ``ids`` that ``user`` may review, by id (a bulk action's)."""
    return list(reviewable_by(user).filter(pk__in=ids).order_by("pk"))


def evidence_for_review(application: Application) -> list[Evidence]:
    """The application's evidence, newest first."""
    return list(application.evidence.order_by("-date", "pk"))


def evidence_item(application: Application, evidence_pk) -> Evidence | None:
    """One piece of the application's own evidence, or ``None``."""
    return application.evidence.filter(pk=evidence_pk).first()


def trail(application: Application) -> list[ApplicationEvent]:
    """Every event of the application, internal notes included (reviewers and staff only), each
    with its ``label``."""
    events = list(application.events.select_related("actor").order_by("created_at", "pk"))
    for event in events:
        event.label = TRAIL_LABELS.get(event.action, event.action)
    return events


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
            {
                "id": app.pk,
                "tier_en": app.tier.name_en,
                "tier_zh": app.tier.name_zh,
                "submitted": app.submitted_at.date().isoformat(),
            }
            for app in overdue[:10]
        ],
    }


def conflicts_declared_by(reviewer) -> QuerySet[ConflictOfInterest]:
    """The reviewer's own declarations, with the applicants' names."""
    return ConflictOfInterest.objects.filter(reviewer=reviewer).select_related(
        "applicant", "applicant__profile"
    )


def has_declared_conflict(reviewer, conflict_pk) -> bool:
    """Whether the declaration ``conflict_pk`` is the reviewer's own."""
    return conflicts_declared_by(reviewer).filter(pk=conflict_pk).exists()


def person_by_email(email: str) -> User | None:
    """The account with this email (case-insensitive), or ``None``."""
    return User.objects.filter(email__iexact=email).first()
