"""Recompute the derived data the dashboard reads: day rollups, monthly waiting times, the
eligibility of everyone with evidence, and the snapshots of the programme as it stands.

Every function here recomputes from the sources of truth and replaces what it owns, so running
one twice, late or concurrently changes nothing but its timestamp. Tasks call them (today after
each change commits, recent days nightly); ``insights_rebuild`` and ``loaddemo`` rebuild it all.
"""

import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from applications.models import Application, ApplicationEvent, Evidence, HeldTier
from applications.workflow import Action
from benefits.models import Grant, Offer
from criteria.engine import Evidence as EngineEvidence
from criteria.engine import evaluate_all
from criteria.models import Tier
from criteria.selectors import current_rulesets
from honor_wall.models import Certification
from honor_wall.selectors import valid_certifications
from reviews.models import Review

from .models import (
    Eligibility,
    MonthDurations,
    ReviewerDay,
    RollupDay,
    Snapshot,
    TierDay,
)
from .stats import hours, month_of, next_month, percentile

logger = logging.getLogger(__name__)

SUBMIT_ACTIONS = (Action.SUBMIT.value, Action.RESUBMIT.value)
DECISION_ACTIONS = (Action.APPROVE.value, Action.REJECT.value, Action.REQUEST_CHANGES.value)
FINAL_ACTIONS = (Action.APPROVE.value, Action.REJECT.value)
COUNTED_ACTIONS = (*SUBMIT_ACTIONS, *DECISION_ACTIONS, Action.WITHDRAW.value)
# The TierDay column each counted event adds to.
COLUMN_OF_ACTION = {
    Action.SUBMIT.value: "submitted",
    Action.RESUBMIT.value: "resubmitted",
    Action.APPROVE.value: "approved",
    Action.REJECT.value: "rejected",
    Action.REQUEST_CHANGES.value: "changes_requested",
    Action.WITHDRAW.value: "withdrawn",
}
REVIEW_COLUMNS = {
    Review.Decision.APPROVE.value: "approved",
    Review.Decision.REJECT.value: "rejected",
    Review.Decision.REQUEST_CHANGES.value: "changes_requested",
}
BATCH_SIZE = 2000


# --- Time: days and months are the programme's (settings.TIME_ZONE), whoever asks ----------------
def programme_zone():
    return timezone.get_default_timezone()


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, programme_zone()).date()


def day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), programme_zone())


def today() -> datetime.date:
    return timezone.localdate(timezone=programme_zone())


# --- From events to facts -------------------------------------------------------------------------
@dataclass(frozen=True)
class Fact:
    """One counted event of an application, with the waits it closes."""

    at: datetime.datetime
    tier_id: int
    column: str
    waited: datetime.timedelta | None = None  # a decision: since its round's submission
    to_first: datetime.timedelta | None = None  # the first decision: since the first submission
    to_final: datetime.timedelta | None = None  # approve or reject: since the first submission


def _facts(rows: Iterable[tuple]) -> Iterator[Fact]:
    """Facts from ``(application_id, tier_id, action, created_at)`` rows of counted actions,
    sorted by application, then time."""
    for _application_id, events in groupby(rows, key=lambda row: row[0]):
        first_submission = round_start = None
        decided = False
        for _app, tier_id, action, at in events:
            column = COLUMN_OF_ACTION[action]
            if action in SUBMIT_ACTIONS:
                first_submission = first_submission or at
                round_start = at
                yield Fact(at, tier_id, column)
            elif action in DECISION_ACTIONS:
                since_first = at - first_submission if first_submission else None
                yield Fact(
                    at,
                    tier_id,
                    column,
                    waited=at - round_start if round_start else None,
                    to_first=None if decided else since_first,
                    to_final=since_first if action in FINAL_ACTIONS else None,
                )
                decided = True
            else:
                yield Fact(at, tier_id, column)


def _event_rows(applications, before: datetime.datetime | None = None):
    """Counted events of ``applications`` (a queryset of ids, or None for all) in fact order."""
    rows = ApplicationEvent.objects.filter(action__in=COUNTED_ACTIONS)
    if applications is not None:
        rows = rows.filter(application_id__in=applications)
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    return (
        rows.order_by("application_id", "created_at", "pk")
        .values_list("application_id", "application__tier_id", "action", "created_at")
        .iterator(chunk_size=5000)
    )


def _sla() -> datetime.timedelta:
    return datetime.timedelta(days=settings.REVIEW_SLA_DAYS)


def _add_fact(counters: dict, fact: Fact, sla: datetime.timedelta) -> None:
    counter = counters[(local_day(fact.at), fact.tier_id)]
    counter[fact.column] += 1
    if fact.waited is not None and fact.waited > sla:
        counter["decided_past_sla"] += 1


def _scopes(tier_id: int, track_of: dict[int, int]) -> tuple[str, ...]:
    return ("all", f"track:{track_of[tier_id]}", f"tier:{tier_id}")


def _durations_rows(month, waits: dict[str, tuple[list, list]]) -> list[MonthDurations]:
    return [
        MonthDurations(
            month=month,
            scope=scope,
            first_count=len(first),
            first_median_hours=_round(percentile(first, 0.5)),
            first_p90_hours=_round(percentile(first, 0.9)),
            final_count=len(final),
            final_median_hours=_round(percentile(final, 0.5)),
            final_p90_hours=_round(percentile(final, 0.9)),
        )
        for scope, (first, final) in sorted(waits.items())
    ]


def _round(value):
    return None if value is None else round(value, 2)


def _add_waits(waits, fact: Fact, track_of) -> None:
    for scope in _scopes(fact.tier_id, track_of):
        first, final = waits.setdefault(scope, ([], []))
        if fact.to_first is not None:
            first.append(hours(fact.to_first))
        if fact.to_final is not None:
            final.append(hours(fact.to_final))


def _tier_rows(counters: dict, certified: Iterable[tuple]) -> list[TierDay]:
    for day, tier_id, count in certified:
        counters[(day, tier_id)]["certified"] += count
    return [
        TierDay(day=day, month=month_of(day), tier_id=tier_id, **counter)
        for (day, tier_id), counter in sorted(counters.items())
        if any(counter.values())
    ]


def _reviewer_rows(rows: Iterable[tuple]) -> list[ReviewerDay]:
    by_key: dict[tuple, Counter] = defaultdict(Counter)
    for day, reviewer_id, tier_id, decision, count in rows:
        by_key[(day, reviewer_id, tier_id)][REVIEW_COLUMNS[decision]] += count
    return [
        ReviewerDay(day=day, month=month_of(day), reviewer_id=reviewer_id, tier_id=tier_id, **c)
        for (day, reviewer_id, tier_id), c in by_key.items()
    ]


def _decisions():
    return Review.objects.filter(decision__in=list(REVIEW_COLUMNS))


# --- Refreshing one day (after each change) and rebuilding everything -----------------------------
@transaction.atomic
def rollup_refresh_day(*, day: datetime.date) -> None:
    """Recompute one local day's tier and reviewer rows and the waiting times of its month.

    The day's ``RollupDay`` row is locked first, so two refreshes of one day never interleave.
    """
    RollupDay.objects.get_or_create(day=day)
    lock = RollupDay.objects.select_for_update().get(day=day)
    start, end = day_start(day), day_start(day + datetime.timedelta(days=1))
    touched = ApplicationEvent.objects.filter(
        created_at__gte=start, created_at__lt=end, action__in=COUNTED_ACTIONS
    ).values("application_id")
    counters: dict = defaultdict(Counter)
    sla = _sla()
    for fact in _facts(_event_rows(touched, before=end)):
        if fact.at >= start:
            _add_fact(counters, fact, sla)
    certified = (
        Certification.objects.filter(awarded_on=day)
        .values("awarded_on", "tier_id")
        .annotate(n=Count("pk"))
        .values_list("awarded_on", "tier_id", "n")
    )
    TierDay.objects.filter(day=day).delete()
    TierDay.objects.bulk_create(_tier_rows(counters, certified))
    reviews = (
        _decisions()
        .filter(created_at__gte=start, created_at__lt=end)
        .values("reviewer_id", "application__tier_id", "decision")
        .annotate(n=Count("pk"))
        .values_list("reviewer_id", "application__tier_id", "decision", "n")
    )
    ReviewerDay.objects.filter(day=day).delete()
    ReviewerDay.objects.bulk_create(_reviewer_rows((day, *row) for row in reviews))
    _refresh_month_durations(month_of(day))
    lock.refreshed_at = timezone.now()
    lock.save(update_fields=["refreshed_at"])


def _refresh_month_durations(month: datetime.date) -> None:
    start, end = day_start(month), day_start(next_month(month))
    decided = ApplicationEvent.objects.filter(
        created_at__gte=start, created_at__lt=end, action__in=DECISION_ACTIONS
    ).values("application_id")
    track_of = dict(Tier.objects.values_list("pk", "track_id"))
    waits: dict = {}
    for fact in _facts(_event_rows(decided, before=end)):
        if fact.at >= start:
            _add_waits(waits, fact, track_of)
    MonthDurations.objects.filter(month=month).delete()
    MonthDurations.objects.bulk_create(_durations_rows(month, waits))


@transaction.atomic
def rollup_rebuild() -> int:
    """Recompute every day and month from the whole history (after bulk loads, a change of
    ``TIME_ZONE`` or ``REVIEW_SLA_DAYS``). Returns how many tier-day rows it wrote."""
    track_of = dict(Tier.objects.values_list("pk", "track_id"))
    counters: dict = defaultdict(Counter)
    waits_by_month: dict = defaultdict(dict)
    sla = _sla()
    for fact in _facts(_event_rows(None)):
        _add_fact(counters, fact, sla)
        if fact.to_first is not None or fact.to_final is not None:
            _add_waits(waits_by_month[month_of(local_day(fact.at))], fact, track_of)
    certified = (
        Certification.objects.values("awarded_on", "tier_id")
        .annotate(n=Count("pk"))
        .values_list("awarded_on", "tier_id", "n")
    )
    tier_rows = _tier_rows(counters, certified)
    reviews = (
        _decisions()
        .annotate(day=TruncDate("created_at", tzinfo=programme_zone()))
        .values("day", "reviewer_id", "application__tier_id", "decision")
        .annotate(n=Count("pk"))
        .values_list("day", "reviewer_id", "application__tier_id", "decision", "n")
    )
    reviewer_rows = _reviewer_rows(reviews)
    days = {row.day for row in tier_rows} | {row.day for row in reviewer_rows}
    now = timezone.now()
    for model in (TierDay, ReviewerDay, MonthDurations, RollupDay):
        model.objects.all().delete()
    TierDay.objects.bulk_create(tier_rows, batch_size=BATCH_SIZE)
    ReviewerDay.objects.bulk_create(reviewer_rows, batch_size=BATCH_SIZE)
    MonthDurations.objects.bulk_create(
        [row for month, waits in waits_by_month.items() for row in _durations_rows(month, waits)],
        batch_size=BATCH_SIZE,
    )
    RollupDay.objects.bulk_create(
        [RollupDay(day=day, refreshed_at=now) for day in days], batch_size=BATCH_SIZE
    )
    return len(tier_rows)


# --- Eligibility: the engine over stored evidence, in the background ------------------------------
def eligibility_refresh(*, person_ids: Iterable[int] | None = None) -> int:
    """Evaluate every certifiable tier for each person with evidence (``person_ids``, or
    everyone) and store the verdicts; people without evidence lose theirs. Returns how many
    people were evaluated. Batches commit one by one: a page never waits on this."""
    rulesets = current_rulesets()
    tier_ids = dict(
        Tier.objects.filter(slug__in=rulesets, certifiable=True).values_list("slug", "pk")
    )
    as_of = today()
    evidence = Evidence.objects.order_by("owner_id", "pk")
    # What a person holds, as the applicant's own eligibility page reads it.
    held_rows = HeldTier.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=as_of))
    if person_ids is not None:
        person_ids = list(person_ids)
        evidence = evidence.filter(owner_id__in=person_ids)
        held_rows = held_rows.filter(person_id__in=person_ids)
    held: dict[int, set[str]] = defaultdict(set)
    for person_id, slug in held_rows.values_list("person_id", "tier__slug").iterator():
        held[person_id].add(slug)
    rows = evidence.values_list("owner_id", "pk", "kind", "date", "fields", "verification")
    evaluated, batch = 0, []
    now = timezone.now()
    for owner_id, items in groupby(rows.iterator(chunk_size=5000), key=lambda row: row[0]):
        engine_evidence = [
            EngineEvidence(
                id=str(pk),
                kind=kind,
                date=date,
                fields=fields or {},
                rejected=verification == Evidence.Verification.REJECTED,
            )
            for _owner, pk, kind, date, fields, verification in items
        ]
        verdicts = evaluate_all(rulesets, engine_evidence, held.get(owner_id, set()), as_of)
        batch.extend(
            Eligibility(
                person_id=owner_id,
                tier_id=tier_ids[slug],
                eligible=evaluation.eligible,
                evaluated_at=now,
            )
            for slug, evaluation in verdicts.items()
            if slug in tier_ids
        )
        evaluated += 1
        if len(batch) >= BATCH_SIZE:
            _store_eligibility(batch)
            batch = []
    _store_eligibility(batch)
    gone = Eligibility.objects.exclude(person_id__in=Evidence.objects.values("owner_id"))
    if person_ids is not None:
        gone = gone.filter(person_id__in=person_ids)
    gone.delete()
    return evaluated


@transaction.atomic
def _store_eligibility(rows: list[Eligibility]) -> None:
    if not rows:
        return
    Eligibility.objects.filter(person_id__in={row.person_id for row in rows}).delete()
    Eligibility.objects.bulk_create(rows, batch_size=BATCH_SIZE)


# --- Snapshots: the programme as it stands -------------------------------------------------------
FUNNEL = "funnel"
PEOPLE = "people"
BENEFITS = "benefits"
TOP = 10


def snapshot_refresh() -> None:
    """Recompute the funnel per tier; for every filter scope, who holds certifications (wall
    consent, language, organisations and cities, how many expire within 90 days); and the
    grants of each benefit offer by status."""
    now = timezone.now()
    for name, compute in ((FUNNEL, _funnel), (PEOPLE, _people), (BENEFITS, _benefits)):
        Snapshot.objects.update_or_create(
            name=name, defaults={"data": compute(), "computed_at": now}
        )


def _benefits() -> dict:
    """Per offer: its titles, the tiers it is for and its grants by status."""
    offers = {
        str(offer.pk): {
            "title_en": offer.title_en,
            "title_zh": offer.title_zh,
            "tiers": [],
            "counts": {},
        }
        for offer in Offer.objects.order_by("pk")
    }
    for offer_id, tier_id in Offer.tiers.through.objects.values_list("offer_id", "tier_id"):
        offers[str(offer_id)]["tiers"].append(tier_id)
    rows = Grant.objects.values("offer_id", "status").annotate(n=Count("pk")).order_by()
    for offer_id, status, count in rows.values_list("offer_id", "status", "n"):
        offers[str(offer_id)]["counts"][status] = count
    return offers


def _funnel() -> dict:
    with_evidence = Evidence.objects.values("owner_id").distinct().count()
    eligible = dict(
        Eligibility.objects.filter(eligible=True)
        .values_list("tier_id")
        .annotate(n=Count("pk"))
        .values_list("tier_id", "n")
    )
    applied = dict(
        Application.objects.filter(submitted_at__isnull=False)
        .values("tier_id")
        .annotate(n=Count("applicant_id", distinct=True))
        .values_list("tier_id", "n")
    )
    certified = dict(
        valid_certifications()
        .values("tier_id")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("tier_id", "n")
    )
    return {
        str(tier_id): {
            "with_evidence": with_evidence,
            "eligible": eligible.get(tier_id, 0),
            "applied": applied.get(tier_id, 0),
            "certified": certified.get(tier_id, 0),
        }
        for tier_id in Tier.objects.filter(certifiable=True).values_list("pk", flat=True)
    }


def _people() -> dict:
    """Per scope, about each person holding a valid certification in it (counted once)."""
    track_of = dict(Tier.objects.values_list("pk", "track_id"))
    soon = today() + datetime.timedelta(days=90)
    people: dict[str, dict[int, tuple]] = defaultdict(dict)
    expiring: Counter = Counter()
    rows = (
        valid_certifications()
        .filter(person__isnull=False)
        .values_list(
            "person_id",
            "tier_id",
            "expires_on",
            "person__language",
            "person__profile__wall_consent",
            "person__profile__organisation",
            "person__profile__city",
        )
        .iterator(chunk_size=5000)
    )
    for person_id, tier_id, expires_on, language, consent, organisation, city in rows:
        scopes = _scopes(tier_id, track_of)
        for scope in scopes:
            people[scope][person_id] = (language, bool(consent), organisation, city)
            if expires_on is not None and expires_on <= soon:
                expiring[scope] += 1
    return {scope: _describe(persons, expiring[scope]) for scope, persons in people.items()}


def _describe(persons: dict[int, tuple], expiring: int) -> dict:
    languages, consent, organisations, cities = Counter(), Counter(), Counter(), Counter()
    for language, consented, organisation, city in persons.values():
        languages[language or ""] += 1
        consent[consented] += 1
        if (organisation or "").strip():
            organisations[organisation.strip()] += 1
        if (city or "").strip():
            cities[city.strip()] += 1
    return {
        "people": len(persons),
        "consented": consent[True],
        "languages": dict(languages.most_common()),
        "organisations": organisations.most_common(TOP),
        "cities": cities.most_common(TOP),
        "expiring_90_days": expiring,
    }


def refresh_recent(*, days: int = 7) -> None:
    """The nightly catch-up: the last ``days`` days, in case a refresh after a change was lost
    (a broker that was down), then the snapshots."""
    for offset in range(days):
        rollup_refresh_day(day=today() - datetime.timedelta(days=offset))
    snapshot_refresh()
