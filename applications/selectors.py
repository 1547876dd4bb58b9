"""Reads for the applicant's pages: evidence, eligibility and the dashboard."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_programme_staff, is_reviewer
from accounts.selectors import FORGES, linked_logins
from criteria.engine import Evaluation, evaluate, evaluate_all
from criteria.models import Tier
from criteria.selectors import certifiable_tiers, current_rulesets

from .models import Application, ApplicationEvent, Evidence, HeldTier, Profile
from .models.application import LOCKED_STATES, OPEN_STATES, EvidenceWindow


def held_tier_slugs(user) -> set[str]:
    """Slugs of the tiers ``user`` holds a valid certification for today.

    Reads ``HeldTier``, which the honor wall keeps in step with certifications (revoked ones
    have no row; an expired one's row is past its ``valid_until``).
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    today = timezone.localdate()
    return set(
        HeldTier.objects.filter(person=user)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("tier__slug", flat=True)
    )


def profile_of(user) -> Profile | None:
    """The user's profile, or ``None`` before they fill it in."""
    return Profile.objects.filter(user=user).first()


def profile_by_handle(handle: str) -> Profile | None:
    """The profile with this public handle, with its user."""
    return Profile.objects.select_related("user").filter(handle=handle).first()


def evidence_of(user) -> QuerySet[Evidence]:
    """The user's evidence, newest first."""
    return Evidence.objects.filter(owner=user).order_by("-date", "-pk")


def applications_of(user) -> QuerySet[Application]:
    """The user's applications with their tier and their events (for the dashboard)."""
    return (
        Application.objects.filter(applicant=user)
        .select_related("tier", "tier__track")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by(
                    "created_at", "pk"
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )


def events_of(application: Application) -> QuerySet[ApplicationEvent]:
    """The application's events in order, with who made each."""
    return application.events.select_related("actor")


@dataclass(frozen=True)
class TierEligibility:
    tier: object
    evaluation: Evaluation
    held: bool
    open_application: Application | None


def eligibility_of(user) -> list[TierEligibility]:
    """Every certifiable tier with the engine's verdict on all of the user's evidence."""
    evidence = [item.as_engine_evidence() for item in evidence_of(user)]
    held = held_tier_slugs(user)
    rulesets = current_rulesets()
    evaluations = evaluate_all(rulesets, evidence, held, timezone.localdate())
    open_by_tier = {
        app.tier_id: app
        for app in Application.objects.filter(
            applicant=user, state__in=[s.value for s in OPEN_STATES]
        )
    }
    return [
        TierEligibility(
            tier=tier,
            evaluation=evaluations[tier.slug],
            held=tier.slug in held,
            open_application=open_by_tier.get(tier.pk),
        )
        for tier in certifiable_tiers()
        if tier.slug in evaluations
    ]


def evaluate_for(
    *, applicant, tier: Tier, evidence: Iterable[Evidence], window: EvidenceWindow | None = None
):
    """The engine's verdict on ``evidence`` for ``tier`` today, with the rule set it used.

    With a ``window`` (a renewal), only evidence dated within it counts, judged as of its end
    (or today, if sooner): the same rules, applied to the period just ending.
    """
    rulesets = current_rulesets()
    ruleset = rulesets[tier.slug]
    today = timezone.localdate()
    if window is not None:
        evidence = [item for item in evidence if window.covers(item.date)]
    return evaluate(
        ruleset,
        [item.as_engine_evidence() for item in evidence],
        held_tier_slugs(applicant),
        min(today, window.end) if window is not None else today,
        rulesets=rulesets,
    )


def locked_evidence_ids(user) -> set[int]:
    """Ids of the user's evidence that backs a submitted or in-review application."""
    return set(
        Evidence.objects.filter(
            owner=user, applications__state__in=[s.value for s in LOCKED_STATES]
        ).values_list("pk", flat=True)
    )


def evidence_meeting_rules(user, tier: Tier, window: EvidenceWindow | None = None) -> list[int]:
    """The user's evidence the engine counted toward ``tier`` (within ``window``, for a
    renewal): the default pick when applying."""
    evaluation = evaluate_for(
        applicant=user, tier=tier, evidence=Evidence.objects.filter(owner=user), window=window
    )
    return sorted(
        {int(pk) for group in evaluation.groups for item in group.items for pk in item.evidence}
    )


def evidence_titles(evidence_ids) -> dict[str, str]:
    """Titles of evidence by id (as strings, the engine's ids), for showing what met an item."""
    return {
        str(pk): title
        for pk, title in Evidence.objects.filter(pk__in=list(evidence_ids)).values_list(
            "pk", "title"
        )
    }


def changes_request(application) -> ApplicationEvent | None:
    """The reviewer's request for changes the application now answers (its latest move into
    "changes requested"), or None when it is in another state."""
    if application is None or application.state != Application.State.CHANGES_REQUESTED:
        return None
    return (
        application.events.filter(to_state=Application.State.CHANGES_REQUESTED)
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class ChangesSinceRequest:
    """What the applicant changed after a reviewer asked for changes."""

    requested: ApplicationEvent
    added: list  # Evidence now in the application that was not then
    removed: list[tuple[str, str]]  # (id, title as it was then) no longer in the application
    statement_before: str
    statement_changed: bool

    @property
    def anything(self) -> bool:
        return bool(self.added or self.removed or self.statement_changed)


def changes_since_request(application, events, evidence) -> ChangesSinceRequest | None:
    """Compare the application's ``evidence`` and statement now with what it held at the latest
    request for changes (from its ``events``, already loaded). None when changes were never
    requested, or when the applicant has not resubmitted yet."""
    if application.state == Application.State.CHANGES_REQUESTED:
        return None
    requests = [
        event
        for event in events
        if event.to_state == Application.State.CHANGES_REQUESTED and event.snapshot is not None
    ]
    if not requests:
        return None
    requested = requests[-1]
    before = requested.snapshot.get("evidence", {})
    now = {str(item.pk): item for item in evidence}
    statement_before = requested.snapshot.get("statement", "")
    return ChangesSinceRequest(
        requested=requested,
        added=[item for pk, item in now.items() if pk not in before],
        removed=[(pk, title) for pk, title in before.items() if pk not in now],
        statement_before=statement_before,
        statement_changed=statement_before.strip() != application.statement.strip(),
    )


@dataclass(frozen=True)
class FirstStep:
    """One step of a newcomer's path, and whether they have taken it."""

    key: str
    title: str
    explanation: str
    done: bool
    url: str


def first_steps(user) -> list[FirstStep]:
    """A newcomer's path through the site: profile, forge account, evidence, eligibility (four
    queries). The forge step is done when a Gitee or GitHub account is linked (verified by the
    forge, ``forge_identities``), not when a username is only typed into the profile."""
    profile = Profile.objects.filter(user=user).first()
    linked = any(identity.verified for identity in forge_identities(user, profile).values())
    has_evidence = Evidence.objects.filter(owner=user).exists()
    has_applied = Application.objects.filter(applicant=user).exists()
    profile_url = reverse("applications:profile") + "?from=start"
    return [
        FirstStep(
            "profile",
            _("Fill in your profile"),
            _("Your name and public handle: reviewers read them, the Wall of Honor shows them."),
            profile is not None,
            profile_url,
        ),
        FirstStep(
            "forge",
            _("Link your Gitee or GitHub account"),
            _("So that your pull requests and issues can be checked as yours."),
            linked,
            reverse("accounts:linked"),
        ),
        FirstStep(
            "evidence",
            _("Record your contributions"),
            _("Issues, pull requests, documents, articles, talks: each one is evidence."),
            has_evidence,
            reverse("applications:evidence_create") + "?from=start",
        ),
        FirstStep(
            "eligibility",
            _("Check what you qualify for, and apply"),
            _("Every requirement is checked against your evidence as you record it."),
            has_applied,
            reverse("applications:apply"),
        ),
    ]


def needs_first_steps(user) -> bool:
    """Whether signing in should lead to the first steps: an applicant with neither a profile
    nor evidence they recorded (reviewers and staff go where they were going). Evidence imported
    from a forge does not count: it arrives when someone signs up with Gitee, before they did
    anything here."""
    if is_reviewer(user) or is_programme_staff(user) or user.is_staff:
        return False
    declared = Evidence.objects.filter(owner=user, source=Evidence.Source.DECLARED)
    return not (Profile.objects.filter(user=user).exists() or declared.exists())


def held_tiers_of(user):
    """The tiers the user holds, in ladder order."""
    return (
        Tier.objects.filter(slug__in=held_tier_slugs(user))
        .select_related("track")
        .order_by("track__order", "rank")
    )


@dataclass(frozen=True)
class ForgeIdentity:
    """Who the person is on one forge."""

    forge: str
    forge_name: str
    login: str
    verified: bool  # the forge said so (a linked account), or only the person (a typed hint)


def forge_identities(user, profile=None) -> dict[str, ForgeIdentity]:
    """``{forge: identity}`` for the forges where the person is known: the linked account's
    login when they linked one (verified by the forge), otherwise the username they typed in
    their profile (an unverified hint). Link checks, the profile and the review page ask this.
    """
    if profile is None:
        profile = Profile.objects.filter(user=user).first()
    linked = linked_logins(user)
    hints = {
        "gitee": getattr(profile, "gitee_username", ""),
        "github": getattr(profile, "github_username", ""),
    }
    identities = {}
    for forge, name in FORGES.items():
        if linked.get(forge):
            identities[forge] = ForgeIdentity(forge, name, linked[forge], verified=True)
        elif hints.get(forge):
            identities[forge] = ForgeIdentity(forge, name, hints[forge], verified=False)
    return identities
