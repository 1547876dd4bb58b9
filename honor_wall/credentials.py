"""Open Badges 3.0 credentials, signed as VC-JWT with Ed25519 (EdDSA), and their verification.

The signing key comes from ``CREDENTIAL_SIGNING_KEY`` (an Ed25519 private key in PEM). Without
it — the embedded default — a key is generated once into ``var/`` so credentials stay verifiable
across restarts. The public half is published as a JWK set.
"""

import base64
import datetime
import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse

from criteria.rule_types import describe_rule

from .models import Certification

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ISSUER_NAME = "MindSpore Developer Growth Incentive System"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _load_or_create_key() -> Ed25519PrivateKey:
    if settings.CREDENTIAL_SIGNING_KEY:
        key = serialization.load_pem_private_key(settings.CREDENTIAL_SIGNING_KEY.encode(), None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("CREDENTIAL_SIGNING_KEY must be an Ed25519 private key (PEM).")
        return key
    path = Path(settings.CREDENTIAL_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.write_bytes(pem)
        path.chmod(0o600)
    return serialization.load_pem_private_key(path.read_bytes(), None)


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    return _load_or_create_key()


def public_jwk(public_key: Ed25519PublicKey | None = None) -> dict:
    """The public key as a JWK, with its RFC 7638 thumbprint as ``kid``."""
    public_key = public_key or signing_key().public_key()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    x = _b64url(raw)
    thumbprint = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"))
    kid = _b64url(hashlib.sha256(thumbprint.encode()).digest())
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig"}


def jwks() -> dict:
    return {"keys": [public_jwk()]}


def issuer_profile() -> dict:
    return {
        "id": settings.SITE_URL + reverse("honor_wall:issuer"),
        "type": ["Profile"],
        "name": ISSUER_NAME,
        "url": settings.SITE_URL,
    }


def _timestamp(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def _criteria_narrative(certification: Certification) -> str:
    if certification.ruleset is None:
        return certification.tier.description_en
    definition = certification.ruleset.definition
    lines = []
    for group in definition["groups"]:
        rules = "; or ".join(describe_rule(item["rule"]) for item in group["items"])
        optional = " (optional)" if group.get("optional") else ""
        lines.append(f"{group['title']['en']}{optional}: {rules}.")
    return "\n".join(lines) or certification.tier.description_en


def credential_for(certification: Certification) -> dict:
    """The unsigned OpenBadgeCredential (VC data model 2.0) for a certification."""
    site = settings.SITE_URL
    tier = certification.tier
    profile = getattr(certification.person, "profile", None)
    credential = {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{certification.public_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer_profile(),
        "validFrom": _timestamp(certification.awarded_on).isoformat().replace("+00:00", "Z"),
        "name": f"MindSpore {tier.name_en}",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": profile.display_name if profile else "",
            "achievement": {
                "id": f"{site}{reverse('criteria:programme')}#tier-{tier.slug}",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": tier.name_en,
                "description": tier.description_en,
                "criteria": {
                    "id": f"{site}{reverse('criteria:programme')}#tier-{tier.slug}",
                    "narrative": _criteria_narrative(certification),
                },
                "image": {
                    "id": site + reverse("honor_wall:badge_png", args=[tier.slug]),
                    "type": "Image",
                },
                "version": str(certification.ruleset.version) if certification.ruleset else "",
            },
        },
        "credentialStatus": {
            "id": site + reverse("honor_wall:status", args=[certification.public_id]),
            "type": "1EdTechRevocationList",
        },
    }
    if certification.expires_on:
        credential["validUntil"] = (
            _timestamp(certification.expires_on + datetime.timedelta(days=1))
            .isoformat()
            .replace("+00:00", "Z")
        )
    return credential


def sign(credential: dict) -> str:
    """The credential as a compact VC-JWT (JWS, EdDSA)."""
    claims = dict(credential)
    claims["iss"] = credential["issuer"]["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = int(datetime.datetime.fromisoformat(credential["validFrom"]).timestamp())
    if "validUntil" in credential:
        claims["exp"] = int(datetime.datetime.fromisoformat(credential["validUntil"]).timestamp())
    return jwt.encode(
        claims,
        signing_key(),
        algorithm="EdDSA",
        headers={"kid": public_jwk()["kid"], "typ": "vc+jwt", "cty": "vc"},
    )


def status_of(certification: Certification) -> dict:
    """What the revocation endpoint answers."""
    return {
        "id": f"urn:uuid:{certification.public_id}",
        "status": certification.current_status,
        "revoked": certification.status == Certification.Status.REVOKED,
        "reason": certification.revoked_reason,
    }


# --- Verification -----------------------------------------------------------------------------
@dataclass
class Verdict:
    valid: bool
    problems: list[str] = field(default_factory=list)
    credential: dict | None = None


def extract_jwt(document: str) -> str:
    """The compact JWT from a raw token or from the JSON this site serves."""
    text = document.strip()
    if text.startswith("{"):
        data = json.loads(text)
        token = data.get("vc_jwt") if isinstance(data, dict) else None
        if not isinstance(token, str):
            raise ValueError("the JSON has no vc_jwt")
        return token
    if text.count(".") != 2:
        raise ValueError("not a compact JWT")
    return text


def verify(token: str, *, keys: list[dict], status_lookup, today=None) -> Verdict:
    """Check signature, dates and revocation; every failed check is named in ``problems``."""
    today = today or datetime.datetime.now(datetime.UTC)
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        return Verdict(False, [f"unreadable token: {exc}"])
    if header.get("alg") != "EdDSA":
        return Verdict(False, [f"unexpected algorithm {header.get('alg')!r}"])
    key = next((k for k in keys if k.get("kid") == header.get("kid")), None)
    if key is None:
        return Verdict(False, [f"unknown signing key {header.get('kid')!r}"])
    try:
        claims = jwt.decode(
            token,
            jwt.PyJWK(key).key,
            algorithms=["EdDSA"],
            options={"verify_exp": False, "verify_nbf": False, "verify_aud": False},
        )
    except jwt.InvalidSignatureError:
        return Verdict(False, ["signature does not match: the credential was altered"])
    except jwt.PyJWTError as exc:
        return Verdict(False, [f"invalid token: {exc}"])
    problems = []
    valid_from = datetime.datetime.fromisoformat(claims["validFrom"])
    if valid_from > today:
        problems.append(f"not valid before {claims['validFrom']}")
    if "validUntil" in claims and datetime.datetime.fromisoformat(claims["validUntil"]) <= today:
        problems.append(f"expired at {claims['validUntil']}")
    status = status_lookup(claims.get("credentialStatus", {}).get("id", ""), claims["id"])
    if status is None:
        problems.append("revocation status unknown")
    elif status.get("revoked"):
        problems.append(f"revoked: {status.get('reason') or 'no reason given'}")
    return Verdict(not problems, problems, claims)
