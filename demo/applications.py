"""Demo profiles, evidence and applications in every state, made through the real services."""

import datetime
import random

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from applications.models import Application, Evidence, Profile
from applications.models.application import State
from applications.services import application_submit
from applications.workflow import Action, application_transition
from criteria.models import Tier
from honor_wall.models import Certification
from reviews.services import review_claim, review_decide

from .names import person
from .people import BATCH_SIZE, DEMO_DOMAIN, applicant_email

TODAY = datetime.date.today()

# Evidence sets that meet a tier's rules, and the tier they are for.
EXCELLENT_SET = [
    ("doc_contribution", {}, "Tutorial: image classification with MindSpore"),
    ("tech_article", {}, "Mixed precision training in MindSpore, step by step"),
    ("pull_request", {"state": "merged", "scope": "application"}, "Add a YOLOv5 example"),
]
SENIOR_EXTRA = [
    ("pull_request", {"state": "merged", "scope": "framework_core"}, "Fuse BatchNorm into Conv"),
]
EVANGELIST_SET = [
    ("study_camp", {}, "MindSpore study camp, spring term"),
    ("training_session", {"attendees": 60}, "MindSpore workshop at the university AI club"),
    ("sharing_session", {}, "Developer Talk: porting models to MindSpore"),
    ("tech_article", {}, "Five things I learned teaching MindSpore"),
]

EVIDENCE_FOR_TIER = {
    "excellent-developer": EXCELLENT_SET,
    "senior-developer": EXCELLENT_SET + SENIOR_EXTRA,
    "evangelist-reserve": EVANGELIST_SET,
}

# (state, tier slug) for the first demo applicants: every state appears.
APPLICATION_PLAN = [
    (State.SUBMITTED, "excellent-developer"),
    (State.IN_REVIEW, "excellent-developer"),
    (State.APPROVED, "excellent-developer"),
    (State.REJECTED, "excellent-developer"),
    (State.CHANGES_REQUESTED, "excellent-developer"),
    (State.WITHDRAWN, "excellent-developer"),
    (State.DRAFT, "excellent-developer"),
    (State.SUBMITTED, "evangelist-reserve"),
    (State.APPROVED, "evangelist-reserve"),
    (State.SUBMITTED, "senior-developer"),
]


@transaction.atomic
def load_profiles_and_evidence(people: int) -> None:
    """A profile and evidence for each demo applicant who has none yet (bulk inserts)."""
    emails = [applicant_email(n) for n in range(1, people + 1)]
    users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    with_profile = set(
        Profile.objects.filter(user__email__endswith=DEMO_DOMAIN).values_list("user_id", flat=True)
    )
    profiles, evidence = [], []
    for number, email in enumerate(emails, start=1):
        user_id = users[email]
        if user_id in with_profile:
            continue
        name, stem, organisation, city, country = person(number)
        profiles.append(
            Profile(
                user_id=user_id,
                display_name=name,
                handle=slugify(f"{stem}-{number}")[:40],
                organisation=organisation,
                city=city,
                country=country,
                bio="",
                wall_consent=True,
            )
        )
        evidence.extend(_evidence_for(user_id, number))
    Profile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
    Evidence.objects.bulk_create(evidence, batch_size=BATCH_SIZE)


def _evidence_for(user_id: int, number: int) -> list[Evidence]:
    rng = random.Random(number)
    chosen = list(EXCELLENT_SET if number % 4 else EVANGELIST_SET)
    if number % 7 == 0:
        chosen += SENIOR_EXTRA
    return [
        Evidence(
            owner_id=user_id,
            kind=kind,
            title=title,
            date=TODAY - datetime.timedelta(days=rng.randint(3, 400)),
            url=f"https://gitee.com/mindspore/community/issues/{number}{index}",
            fields=fields,
            verification=Evidence.Verification.VERIFIED,
            public=True,
        )
        for index, (kind, fields, title) in enumerate(chosen)
    ]


def load_applications(people: int, reviewer: User) -> None:
    """Applications in every state for the first demo applicants who have none yet."""
    tiers = {tier.slug: tier for tier in Tier.objects.all()}
    for number, (state, slug) in enumerate(APPLICATION_PLAN, start=1):
        if number > people:
            return
        user = User.objects.get(email=applicant_email(number))
        if Application.objects.filter(applicant=user).exists():
            continue
        _make_application(user, tiers[slug], state, reviewer)


@transaction.atomic
def _make_application(user, tier, state, reviewer):
    _ensure_evidence(user, EVIDENCE_FOR_TIER[tier.slug])
    evidence = list(Evidence.objects.filter(owner=user))
    application = application_submit(
        applicant=user,
        tier=tier,
        evidence=evidence,
        statement="I have contributed to MindSpore for a year and would like to be certified.",
        draft=state == State.DRAFT,
    )
    if state in (State.DRAFT, State.SUBMITTED):
        return
    if state == State.WITHDRAWN:
        application_transition(application=application, action=Action.WITHDRAW, actor=user)
        return
    review_claim(application=application, reviewer=reviewer)
    if state == State.IN_REVIEW:
        return
    decision, comment = {
        State.APPROVED: ("approve", "Well documented contributions. Congratulations!"),
        State.REJECTED: ("reject", "The article does not meet the technical content rules."),
        State.CHANGES_REQUESTED: (
            "request_changes",
            "Please add the link to the merged pull request.",
        ),
    }[state]
    review_decide(application=application, reviewer=reviewer, decision=decision, comment=comment)


def _ensure_evidence(user, items):
    have = set(Evidence.objects.filter(owner=user).values_list("title", flat=True))
    Evidence.objects.bulk_create(
        Evidence(
            owner=user,
            kind=kind,
            title=title,
            date=TODAY - datetime.timedelta(days=30),
            url="https://www.mindspore.cn/news",
            fields=fields,
        )
        for kind, fields, title in items
        if title not in have
    )


# Tiers certified demo people hold, by share of the population (a senior also holds excellent).
CERTIFIED_MIX = [
    (70, ["excellent-developer"]),
    (12, ["excellent-developer", "senior-developer"]),
    (10, ["evangelist-reserve"]),
    (6, ["evangelist-reserve", "evangelist"]),
    (2, ["evangelist-reserve", "evangelist", "senior-evangelist"]),
]


def _tiers_for(number: int, planned: str | None) -> list[str]:
    if planned is not None:
        # Someone with an application in flight holds a certification of the other track.
        return ["evangelist-reserve"] if planned.endswith("developer") else ["excellent-developer"]
    slot = number % 100
    for share, slugs in CERTIFIED_MIX:
        if slot < share:
            return slugs
        slot -= share
    return CERTIFIED_MIX[0][1]


def tiers_sought(number: int) -> list[str]:
    """The tiers a demo applicant with a history ends up seeking, in ladder order."""
    return _tiers_for(number, None)


@transaction.atomic
def load_certifications(people: int) -> list:
    """Certify the first ``people`` demo applicants who hold nothing yet (imported history: no
    application), in the track other than the one their live application is for."""
    tiers = {tier.slug: tier for tier in Tier.objects.all()}
    emails = [applicant_email(n) for n in range(1, people + 1)]
    users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
    certified = set(
        Certification.objects.filter(person_id__in=users.values()).values_list(
            "person_id", flat=True
        )
    )
    planned = {number: slug for number, (_state, slug) in enumerate(APPLICATION_PLAN, start=1)}
    rows = []
    for number, email in enumerate(emails, start=1):
        user_id = users[email]
        if user_id in certified:
            continue
        rng = random.Random(number * 7919)
        awarded = TODAY - datetime.timedelta(days=rng.randint(30, 900))
        for offset, slug in enumerate(_tiers_for(number, planned.get(number))):
            rows.append(
                Certification(
                    person_id=user_id,
                    tier=tiers[slug],
                    awarded_on=awarded + datetime.timedelta(days=20 * offset),
                )
            )
    return Certification.objects.bulk_create(rows, batch_size=BATCH_SIZE)
