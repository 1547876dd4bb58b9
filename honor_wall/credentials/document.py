"""A certification as an Open Badges 3.0.3 ``OpenBadgeCredential`` (VC data model 2.0).

The credential speaks one language: the holder's by default, English on request; its
achievement says which in ``inLanguage``. The holder is named by a salted hash of their email
address (an ``IdentityObject``), never by the address itself; the credential has no
``credentialSubject.id`` because nothing stable and non-personal identifies a person here.
"""

import datetime
import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from criteria.engine import localize
from criteria.models import RuleSet, Tier
from criteria.rule_types import describe_rule

from ..models import Certification
from .keys import issuer_id, utc_z
from .status_list import status_entry

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
SCHEMA = {
    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
    "ob_v3p0_achievementcredential_schema.json",
    "type": "1EdTechJsonSchemaValidator2019",
}
LANGUAGES = [code for code, _name in settings.LANGUAGES]


class HolderUnknown(Exception):
    """The holder deleted their account: nothing identifies them, so no credential can be made."""


def bcp47(language: str) -> str:
    """A Django language code as a BCP 47 tag: ``zh-hans`` → ``zh-Hans``."""
    return translation.to_locale(language).replace("_", "-")


def language_from_bcp47(tag: str) -> str | None:
    """The language we issue in for a BCP 47 tag or Django code (``zh-Hans``, ``zh-hans``), or
    ``None``."""
    return next((code for code in LANGUAGES if bcp47(code).lower() == tag.lower()), None)


def holder_language(certification: Certification) -> str:
    language = getattr(certification.person, "language", None)
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def _midnight(day: datetime.date) -> str:
    return utc_z(datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC))


def issuer_profile() -> dict:
    """The issuer's Profile (its name in the active language)."""
    return {
        "id": issuer_id(),
        "type": ["Profile"],
        "name": _("MindSpore Developer Growth Incentive System"),
        "url": settings.SITE_URL,
    }


def identity_hash(email: str, salt: str) -> str:
    """Open Badges' IdentityHash: ``sha256$`` and the hex SHA-256 of the address and salt."""
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def identifier(certification: Certification) -> dict:
    """The holder's email address as a salted hash. The salt is this credential's own (its id),
    so two credentials of one person cannot be linked by their hashes."""
    salt = certification.public_id.hex
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash(certification.person.email, salt),
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def ruleset_of(certification: Certification) -> RuleSet | None:
    """The rule set the certification was judged by; for one issued without an application, the
    version in force on the day it was awarded (else the oldest)."""
    if certification.ruleset_id:
        return certification.ruleset
    rulesets = RuleSet.objects.filter(tier_id=certification.tier_id)
    return (
        rulesets.filter(created_at__date__lte=certification.awarded_on).order_by("-version").first()
        or rulesets.order_by("version").first()
    )


def criteria_narrative(tier: Tier, ruleset: RuleSet | None) -> str:
    """The requirements in the active language, as Markdown, generated from the rule set the
    way the programme page states them: each group, its items and how each is checked."""
    if ruleset is None or not ruleset.definition.get("groups"):
        return tier.description
    tiers = Tier.objects.values_list("slug", "name_en", "name_zh")
    names = {slug: capfirst(localize({"en": en, "zh-hans": zh})) for slug, en, zh in tiers}
    lines = []
    for number, group in enumerate(ruleset.definition["groups"], start=1):
        heading = f"**{localize(group.get('title', {}))}**"
        if group.get("optional"):
            heading = _("%(heading)s (%(note)s)") % {
                "heading": heading,
                "note": _("optional, never decides"),
            }
        elif len(group["items"]) > 1:
            count = group.get("min_items", 1)
            heading = _("%(heading)s (%(note)s)") % {
                "heading": heading,
                "note": ngettext("meet any %(counter)s item", "meet any %(counter)s items", count)
                % {"counter": count},
            }
        lines.append(f"{number}. {heading}")
        for item in group["items"]:
            text = _("%(title)s: %(explanation)s") % {
                "title": localize(item.get("title", {})),
                "explanation": localize(item.get("explanation", {})),
            }
            rule = describe_rule(item["rule"], lambda slug: names.get(slug, slug))
            # A literal msgid (xgettext does not read f-strings), the programme page's own.
            checked = _("Checked as: %(rule)s") % {"rule": rule}
            lines.append(f"   - {text} {checked}")
    return "\n".join(lines)


def credential_for(certification: Certification, language: str | None = None) -> dict:
    """The unsigned OpenBadgeCredential for a certification, in ``language`` (default: the
    holder's). Raises ``HolderUnknown`` when the holder's account is gone."""
    if certification.person is None:
        raise HolderUnknown(certification.public_id)
    language = language or holder_language(certification)
    with translation.override(language):
        return _credential(certification, language)


def _credential(certification: Certification, language: str) -> dict:
    site = settings.SITE_URL
    tier = certification.tier
    profile = getattr(certification.person, "profile", None)
    programme = f"{site}{reverse('criteria:programme')}#tier-{tier.slug}"
    ruleset = ruleset_of(certification)
    issuer = issuer_profile()
    achievement = {
        "id": programme,
        "type": ["Achievement"],
        "achievementType": "Certification",
        "name": tier.name,
        "description": tier.description or tier.name,
        "criteria": {"id": programme, "narrative": criteria_narrative(tier, ruleset)},
        "image": {
            "id": site + reverse("honor_wall:badge_png", args=[tier.slug]),
            "type": "Image",
            "caption": _("MindSpore certified %(tier)s") % {"tier": tier.name},
        },
        "creator": issuer,
        "inLanguage": bcp47(language),
    }
    if ruleset is not None:
        achievement["version"] = str(ruleset.version)
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [identifier(certification)],
        "achievement": achievement,
    }
    if profile and profile.display_name:
        subject["name"] = profile.display_name
    awarded = _midnight(certification.awarded_on)
    credential = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{certification.public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": _("MindSpore certified %(tier)s") % {"tier": tier.name},
        "issuer": issuer,
        "validFrom": awarded,
        "awardedDate": awarded,
        "credentialSubject": subject,
        "credentialStatus": status_entry(certification),
        "credentialSchema": [SCHEMA],
    }
    if certification.expires_on:
        # Valid through the whole of its last day.
        credential["validUntil"] = _midnight(certification.expires_on + datetime.timedelta(days=1))
    return credential
