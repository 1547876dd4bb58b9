"""Three years of programme history for the demo people, so the insight charts show something
real: applications submitted, claimed and decided (some rejected, some sent back for changes,
some withdrawn, the newest still waiting), the certifications they led to and the benefits
granted on them.

Bulk inserts with the timestamps the history needs (the models' ``auto_now_add`` would stamp
them all "now"), deterministic per person, idempotent: people who already applied or hold a
certification are left as they are.
"""

import contextlib
import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import Application, ApplicationEvent
from applications.models.application import State
from applications.workflow import Action, Record
from benefits.models import Grant, Offer
from criteria.models import Tier
from criteria.selectors import latest_rulesets
from honor_wall.models import Certification
from reviews.models import Review, ReviewClaim, ReviewEvent

from .people import BATCH_SIZE, applicant_email

YEARS = 3
DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


@dataclass
class Batch:
    """Rows to insert, linked by list position until the database gives them ids."""

    applications: list = field(default_factory=list)
    events: list = field(default_factory=list)  # (application index, event)
    reviews: list = field(default_factory=list)  # (application index, review)
    claims: list = field(default_factory=list)  # (application index, reviewer id, at)
    certifications: list = field(default_factory=list)  # (application index, certification)


@contextlib.contextmanager
def _timestamps_as_given(*models):
    """Let bulk inserts keep the historical ``created_at`` they carry."""
    fields = [
        f for model in models for f in model._meta.concrete_fields if getattr(f, "auto_now_add", 0)
    ]
    fields += [
        f for model in models for f in model._meta.concrete_fields if getattr(f, "auto_now", 0)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _wait(rng: random.Random) -> datetime.timedelta:
    """How long a submission waits for a reviewer: hours mostly, days often, past the SLA
    sometimes."""
    roll = rng.random()
    if roll < 0.45:
        return rng.uniform(1, 24) * HOUR
    if roll < 0.88:
        return rng.uniform(1, 7) * DAY
    return rng.uniform(7, 25) * DAY


class History:
    def __init__(self, *, reviewers: list[int], now: datetime.datetime):
        self.reviewers = reviewers
        self.now = now
        self.tiers = {tier.slug: tier for tier in Tier.objects.all()}
        by_rank = {(tier.track_id, tier.rank): tier.slug for tier in self.tiers.values()}
        self.next_tier = {
            tier.slug: by_rank.get((tier.track_id, tier.rank + 1)) for tier in self.tiers.values()
        }
        self.rulesets = {row.tier_id: row.pk for row in latest_rulesets()}
        self.batch = Batch()

    def person(self, number: int, user_id: int, targets: list[str]) -> None:
        rng = random.Random(number * 104729)
        # More people join as the programme grows: recent starts are likelier.
        span = YEARS * 365
        at = self.now - (1 - rng.random() ** 0.5) * span * DAY - rng.uniform(0, 12) * HOUR
        gives_up = rng.random() < 0.15
        for index, slug in enumerate(targets):
            last = index == len(targets) - 1
            if rng.random() < 0.55 or (last and gives_up):
                at = self.application(
                    rng, user_id, slug, at, rng.choice(["reject", "reject", "withdraw", "abandon"])
                )
                if at is None or (last and gives_up):
                    return
                at += rng.uniform(20, 120) * DAY
            at = self.application(rng, user_id, slug, at, "approve")
            if at is None:
                return
            at += rng.uniform(30, 240) * DAY
        # Many try the next rung too soon.
        higher = self.next_tier.get(targets[-1]) if targets else None
        if higher and rng.random() < 0.65:
            self.application(rng, user_id, higher, at, rng.choice(["reject", "withdraw"]))

    def application(self, rng, user_id, slug, submitted, outcome) -> datetime.datetime | None:
        """One application's life up to ``outcome`` or today; returns when it ended (None when
        it is still open today)."""
        if submitted >= self.now:
            return None
        tier = self.tiers[slug]
        index = len(self.batch.applications)
        application = Application(
            applicant_id=user_id,
            tier=tier,
            state=State.SUBMITTED,
            statement="I have contributed to MindSpore and would like to be certified.",
            ruleset_id=self.rulesets.get(tier.pk),
            rules_met=True,
            submitted_at=submitted,
            created_at=submitted - rng.uniform(0.1, 48) * HOUR,
        )
        self.batch.applications.append(application)
        self.event(index, user_id, Record.CREATE, "", State.DRAFT, application.created_at)
        self.event(index, user_id, Action.SUBMIT, State.DRAFT, State.SUBMITTED, submitted)
        # One approval in five needs a round of changes first.
        rounds = 2 if outcome == "approve" and rng.random() < 0.2 else 1
        at = submitted
        for round_number in range(1, rounds + 1):
            final = round_number == rounds
            if outcome == "withdraw" and final:
                return self.withdraw(index, application, user_id, at + rng.uniform(2, 20) * DAY)
            decision = "request_changes" if not final or outcome == "abandon" else outcome
            approvals = tier.approvals_required if decision == "approve" else 1
            at = self.round(rng, index, application, at, decision, approvals)
            if at is None:
                return None
            if not final:
                at += rng.uniform(2, 30) * DAY
                if at >= self.now:
                    return None
                self.event(
                    index, user_id, Action.RESUBMIT, State.CHANGES_REQUESTED, State.SUBMITTED, at
                )
                application.state, application.submitted_at = State.SUBMITTED, at
        if outcome == "abandon":
            return self.withdraw(index, application, user_id, at + rng.uniform(10, 60) * DAY)
        return at

    def round(self, rng, index, application, submitted, decision, approvals):
        """Claims and decisions of one round; ``None`` when today interrupts it."""
        reviewers = rng.sample(self.reviewers, k=min(approvals, len(self.reviewers)))
        at = submitted
        for number, reviewer in enumerate(reviewers, start=1):
            claimed = at + _wait(rng)
            if claimed >= self.now:
                return None
            self.event(index, reviewer, Action.CLAIM, State.SUBMITTED, State.IN_REVIEW, claimed)
            application.state = State.IN_REVIEW
            decided = claimed + rng.uniform(0.5, 40) * HOUR
            if decided >= self.now:
                self.batch.claims.append((index, reviewer, claimed))
                return None
            last = number == len(reviewers)
            self.batch.reviews.append(
                (
                    index,
                    Review(
                        reviewer_id=reviewer,
                        round_submitted_at=submitted,
                        decision=decision,
                        comment="" if decision == "approve" else "Please add the merged PR link.",
                        claimed_at=claimed,
                        created_at=decided,
                    ),
                )
            )
            if not last:
                self.event(
                    index, reviewer, ReviewEvent.APPROVAL, State.IN_REVIEW, State.IN_REVIEW, decided
                )
                self.event(
                    index, reviewer, Action.RELEASE, State.IN_REVIEW, State.SUBMITTED, decided
                )
                application.state = State.SUBMITTED
                at = decided
                continue
            target = {
                "approve": State.APPROVED,
                "reject": State.REJECTED,
                "request_changes": State.CHANGES_REQUESTED,
            }[decision]
            self.event(index, reviewer, Action(decision), State.IN_REVIEW, target, decided)
            application.state, application.decided_at = target, decided
            if decision == "approve":
                self.batch.certifications.append(
                    (
                        index,
                        Certification(
                            person_id=application.applicant_id,
                            tier_id=application.tier.pk,
                            ruleset_id=application.ruleset_id,
                            awarded_on=timezone.localtime(decided).date(),
                            created_at=decided,
                        ),
                    )
                )
            return decided
        return at

    def withdraw(self, index, application, user_id, at):
        if at >= self.now:
            return None
        self.event(index, user_id, Action.WITHDRAW, application.state, State.WITHDRAWN, at)
        application.state = State.WITHDRAWN
        return at

    def event(self, index, actor_id, action, from_state, to_state, at):
        self.batch.events.append(
            (
                index,
                ApplicationEvent(
                    actor_id=actor_id,
                    action=action,
                    from_state=from_state,
                    to_state=to_state,
                    created_at=at,
                ),
            )
        )
        application = self.batch.applications[index]
        application.updated_at = max(application.updated_at or at, at)

    @transaction.atomic
    def save(self) -> list[Certification]:
        batch = self.batch
        with _timestamps_as_given(Application, ApplicationEvent, Review, Certification):
            Application.objects.bulk_create(batch.applications, batch_size=BATCH_SIZE)
            ids = [application.pk for application in batch.applications]
            for rows, model in (
                (batch.events, ApplicationEvent),
                (batch.reviews, Review),
                (batch.certifications, Certification),
            ):
                for index, row in rows:
                    row.application_id = ids[index]
                model.objects.bulk_create([row for _index, row in rows], batch_size=BATCH_SIZE)
        ReviewClaim.objects.bulk_create(
            [
                ReviewClaim(application_id=ids[index], reviewer_id=reviewer)
                for index, reviewer, _at in batch.claims
            ],
            batch_size=BATCH_SIZE,
        )
        return [certification for _index, certification in batch.certifications]


DEMO_OFFERS = [
    (
        "gift",
        "MindSpore hoodie and sticker pack",
        "昇思卫衣和贴纸套装",
        None,
        ["excellent-developer", "senior-developer", "evangelist-reserve", "evangelist"],
    ),
    (
        "event_pass",
        "Free pass to HDC",
        "HDC 免费门票",
        400,
        ["senior-developer", "evangelist", "senior-evangelist"],
    ),
    (
        "meetup",
        "Core developer salon, Shenzhen",
        "核心开发者沙龙（深圳）",
        60,
        ["senior-developer", "senior-evangelist"],
    ),
]
GRANT_OUTCOMES = [
    (40, Grant.Status.FULFILLED),
    (15, Grant.Status.CLAIMED),
    (20, Grant.Status.OFFERED),
    (15, Grant.Status.EXPIRED),
    (10, Grant.Status.DECLINED),
]


def _grant_status(slot: int) -> str:
    for share, status in GRANT_OUTCOMES:
        if slot < share:
            return status
        slot -= share
    return Grant.Status.OFFERED


def load_offers() -> list[Offer]:
    """The demo offers (a gift, an event pass, a meetup), created once."""
    tiers = {tier.slug: tier for tier in Tier.objects.all()}
    offers = []
    for kind, title_en, title_zh, quota, slugs in DEMO_OFFERS:
        offer, created = Offer.objects.get_or_create(
            title_en=title_en, defaults={"kind": kind, "title_zh": title_zh, "quota": quota}
        )
        if created:
            offer.tiers.set([tiers[slug] for slug in slugs])
        offers.append(offer)
    return offers


def load_grants(certifications: list[Certification]) -> None:
    """Benefits offered on ``certifications``, in every state (idempotent)."""
    offers = load_offers()
    for_tier = {}
    for offer in offers:
        for tier_id in offer.tiers.values_list("pk", flat=True):
            for_tier.setdefault(tier_id, []).append(offer)
    grants, seen = [], set()
    for certification in certifications:
        for offer in for_tier.get(certification.tier_id, []):
            if (offer.pk, certification.person_id) in seen:
                continue
            seen.add((offer.pk, certification.person_id))
            status = _grant_status(random.Random(certification.pk).randrange(100))
            grants.append(
                Grant(
                    offer=offer,
                    person_id=certification.person_id,
                    certification_id=certification.pk,
                    status=status,
                    pass_code="DEMO" if offer.kind == Offer.Kind.EVENT_PASS else "",
                )
            )
    Grant.objects.bulk_create(grants, batch_size=BATCH_SIZE, ignore_conflicts=True)


def load_history(
    people: int, *, first: int, targets_for, reviewer_emails: list[str], progress=None
) -> int:
    """History for demo applicants ``first``..``people`` who neither applied nor hold anything
    yet; ``targets_for(number)`` names the tiers each one ends up seeking. ``progress(n)`` hears
    of every ``n`` people done. Returns how many applications it wrote."""
    emails = [applicant_email(n) for n in range(first, people + 1)]
    users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    busy = set(
        Application.objects.filter(applicant_id__in=users.values()).values_list(
            "applicant_id", flat=True
        )
    ) | set(
        Certification.objects.filter(person_id__in=users.values()).values_list(
            "person_id", flat=True
        )
    )
    reviewers = list(User.objects.filter(email__in=reviewer_emails).values_list("pk", flat=True))
    written = 0
    history = History(reviewers=reviewers, now=timezone.now())
    for number in range(first, people + 1):
        if progress is not None:
            progress(1)
        user_id = users[applicant_email(number)]
        if user_id in busy:
            continue
        history.person(number, user_id, targets_for(number))
        if len(history.batch.applications) >= 20_000:
            written += _flush(history)
    return written + _flush(history)


def _flush(history: History) -> int:
    written = len(history.batch.applications)
    load_grants(history.save())
    history.batch = Batch()
    return written
