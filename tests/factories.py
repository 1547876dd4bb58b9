"""Factories and arranging helpers shared by the whole suite: the one place tests build people,
profiles, evidence, applications and certifications."""

import base64
import datetime
import hashlib
import hmac
import struct
import time

import factory
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    language = settings.LANGUAGE_CODE
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Give the user a verified primary email, as allauth requires for log-in."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for role in extracted:
            group, _ = Group.objects.get_or_create(name=Role(role).value)
            self.groups.add(group)

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Reviewers, staff and administrators get an authenticator app, as they must have;
        ``second_factor=False`` makes one without (to test the requirement)."""
        if not create or extracted is False:
            return
        from accounts.rules import needs_second_factor

        if extracted or needs_second_factor(self):
            with_second_factor(self)
        forget_cached_roles(self)


def forget_cached_roles(user):
    for name in (
        "_access",
        "_perm_cache",
        "_user_perm_cache",
        "_group_perm_cache",
        "_has_second_factor",
    ):
        user.__dict__.pop(name, None)


def with_second_factor(user):
    """Activate an authenticator app (TOTP) for ``user`` with a fresh secret; returns it."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    forget_cached_roles(user)
    return user


def totp_code(user, at=None) -> str:
    """The code ``user``'s authenticator app shows now (RFC 6238: HMAC-SHA1, 30 s, 6 digits),
    computed here from the stored secret, independently of allauth's own check."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    key = base64.b32decode(decrypt(stored.data["secret"]), casefold=True)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def reviewer_factory(**kwargs):
    return UserFactory(roles=[Role.REVIEWER], **kwargs)


def staff_factory(**kwargs):
    return UserFactory(roles=[Role.STAFF], **kwargs)


# --- The programme's objects, arranged the way the services leave them ------------------------
# One set of helpers for every test module; each builds through the services where one exists.
# Functions, not constants: a run that crosses midnight must compare with the day the code sees.
def today():
    return timezone.localdate()


def yesterday():
    return today() - datetime.timedelta(days=1)


def tier(slug_or_tier):
    from criteria.models import Tier

    if isinstance(slug_or_tier, Tier):
        return slug_or_tier
    return Tier.objects.get(slug=slug_or_tier)


def make_profile(user, handle=None, **fields):
    from applications.models import Profile

    handle = handle or user.email.split("@")[0].replace(".", "-")
    return Profile.objects.create(
        user=user, display_name=fields.pop("display_name", handle.title()), handle=handle, **fields
    )


def make_evidence(user, kind, days_ago=10, **fields):
    """Evidence of ``kind`` dated ``days_ago`` days back; ``fields`` are the kind's details."""
    from applications.models import Evidence

    return Evidence.objects.create(
        owner=user,
        kind=kind,
        title=f"{kind} {days_ago}",
        date=today() - datetime.timedelta(days=days_ago),
        url="https://gitee.com/mindspore/mindspore/pulls/1",
        fields=fields,
    )


def excellent_evidence(user):
    """A doc contribution and a tech article: enough for Excellent Developer."""
    return [make_evidence(user, "doc_contribution"), make_evidence(user, "tech_article")]


def set_state(application, state):
    """Put the row in ``state`` directly, as a fixture would load it (arranging only)."""
    from applications.models import Application

    Application.objects.filter(pk=application.pk).update(state=state)
    application.refresh_from_db()
    return application


def submitted(applicant=None, tier_="excellent-developer", *, statement="", draft=False):
    """An application of ``applicant`` (a new person when ``None``) for ``tier_`` (a slug or a
    Tier), submitted through the service (kept as a draft with ``draft``), with a profile and the
    evidence the tier needs."""
    from applications.models import Evidence
    from applications.services import application_submit

    applicant = applicant or UserFactory()
    if not hasattr(applicant, "profile"):
        make_profile(applicant)
    chosen = tier(tier_)
    excellent_evidence(applicant)
    if chosen.slug == "senior-developer":
        make_evidence(applicant, "pull_request", state="merged", scope="framework_core")
    return application_submit(
        applicant=applicant,
        tier=chosen,
        evidence=Evidence.objects.filter(owner=applicant),
        statement=statement,
        draft=draft,
    )


def certify(user=None, tier_="excellent-developer", *, application=None, awarded_on=None, **fields):
    """Certify ``user`` as a final approval does: an approved application (``application``, or
    one made for ``tier_``) and ``certification_issue``, whose after-commit work (the honor
    wall's signals: benefits) runs as if the approval committed. ``awarded_on`` and other
    fields (``expires_on``, ``status``) then arrange the certification, as imported history."""
    from django.test import TestCase

    from applications.models import Application
    from honor_wall.services import certification_issue

    if application is None:
        application = Application.objects.create(applicant=user, tier=tier(tier_))
    set_state(application, Application.State.APPROVED)
    with TestCase.captureOnCommitCallbacks(execute=True):
        certification = certification_issue(application=application, approvers=[])
        if awarded_on is not None or fields:
            certification.awarded_on = awarded_on or certification.awarded_on
            for name, value in fields.items():
                setattr(certification, name, value)
            certification.save()
    return certification


def make_person(
    handle,
    *,
    display_name=None,
    consent=True,
    slug="excellent-developer",
    awarded_on=None,
    **profile_fields,
):
    """A user with a profile (consenting unless told) and one certification for ``slug``
    (none when ``slug`` is None). Returns the user; the profile is ``user.profile``."""
    user = UserFactory(email=f"{handle}@example.org")
    profile = make_profile(user, handle)
    profile.display_name = display_name or handle.replace("-", " ").title()
    profile.wall_consent = consent
    for name, value in profile_fields.items():
        setattr(profile, name, value)
    profile.save()
    if slug:
        certify(user, slug, awarded_on=awarded_on)
    return user
