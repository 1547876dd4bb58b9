"""Verifying a credential the way an outside verifier would: the key through the JOSE ``kid``,
the status through the published status list, each failed check named.

Everything a credential points at is read through a ``dereference(url) -> bytes`` function:
``dereference`` below serves this site's own addresses from the same functions its views use
(so verifying on the server needs no network) and fetches any other address over HTTP(S).
"""

import datetime
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import jwt
from django.conf import settings
from django.urls import Resolver404, resolve

from ..models import Certification
from . import baking, status_list
from .document import HolderUnknown, credential_for, language_from_bcp47
from .keys import ALGORITHM, published_jwk, sign_credential

TIMEOUT_SECONDS = 10
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
REGISTERED_CLAIMS = {"iss", "jti", "nbf", "exp", "sub", "iat"}


class Unavailable(Exception):
    """A document the credential points at could not be read."""


class Unreadable(ValueError):
    """The input is not a credential in any form this site issues."""


@dataclass
class Verdict:
    valid: bool
    problems: list[str] = field(default_factory=list)
    credential: dict | None = None


Dereference = Callable[[str], bytes]


# --- Reading the input ------------------------------------------------------------------------
def read(data: bytes) -> tuple[str | None, dict | None]:
    """The compact JWT, or the credential JSON, in a file: a VC-JWT, the JSON this site serves, or
    a baked PNG or SVG badge. Returns ``(token, None)`` or ``(None, credential)``."""
    if data.startswith(baking.PNG_SIGNATURE) or data.lstrip()[:1] == b"<":
        try:
            return baking.extract(data), None
        except baking.NotBaked as exc:
            raise Unreadable(str(exc)) from None
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise Unreadable("neither text, a PNG nor an SVG") from None
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise Unreadable(f"invalid JSON: {exc}") from None
        if not isinstance(document, dict) or "credentialSubject" not in document:
            raise Unreadable("the JSON is not a credential (no credentialSubject)")
        return None, document
    if text.count(".") != 2 or any(c.isspace() for c in text):
        raise Unreadable("not a compact JWT, a credential JSON or a baked badge")
    return text, None


# --- Checks -----------------------------------------------------------------------------------
def _issuer_id(credential: dict) -> str:
    issuer = credential.get("issuer")
    return issuer.get("id", "") if isinstance(issuer, dict) else str(issuer or "")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _parse_time(value) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _verified_claims(token: str, *, issuer_id: str, dereference: Dereference) -> dict:
    """The token's claims once its signature checks out against the key its ``kid`` names,
    which must be published on the issuer's own site. Raises ``ValueError`` naming the problem."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise ValueError(f"unreadable token: {exc}") from None
    if header.get("alg") != ALGORITHM:
        raise ValueError(f"unsupported algorithm {header.get('alg')!r}")
    kid = header.get("kid")
    if not isinstance(kid, str) or not _origin(kid):
        raise ValueError("the token does not say which key signed it (no kid URI)")
    if _origin(kid) != _origin(issuer_id):
        raise ValueError(f"signed with a key the issuer does not publish: {kid}")
    try:
        jwk = json.loads(dereference(kid))
        key = jwt.PyJWK(jwk, algorithm=ALGORITHM).key
    except Unavailable as exc:
        raise ValueError(f"the issuer publishes no key {kid}: {exc}") from None
    except (ValueError, TypeError, jwt.PyJWTError) as exc:
        raise ValueError(f"the key at {kid} is not a usable JWK: {exc}") from None
    if "d" in jwk:
        raise ValueError(f"the key at {kid} is a private key: refusing it")
    try:
        return jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            options={"verify_exp": False, "verify_nbf": False, "verify_aud": False},
        )
    except jwt.InvalidSignatureError:
        raise ValueError(
            "signature does not match: the credential was altered after it was signed"
        ) from None
    except jwt.PyJWTError as exc:
        raise ValueError(f"invalid token: {exc}") from None


def _claims_problems(claims: dict) -> list[str]:
    problems = []
    types = claims.get("type") or []
    if "VerifiableCredential" not in types or not {
        "OpenBadgeCredential",
        "AchievementCredential",
    } & set(types):
        problems.append("not an Open Badges 3.0 credential")
    expected = {"iss": _issuer_id(claims), "jti": claims.get("id")}
    subject_id = (claims.get("credentialSubject") or {}).get("id")
    if subject_id:
        expected["sub"] = subject_id
    for claim, value in expected.items():
        if claims.get(claim) != value:
            problems.append(f"the JWT's {claim} disagrees with the credential")
    try:
        if claims.get("nbf") != int(_parse_time(claims["validFrom"]).timestamp()):
            problems.append("the JWT's nbf disagrees with the credential")
    except (KeyError, ValueError, TypeError):
        problems.append("the credential has no valid validFrom")
    return problems


def _date_problems(claims: dict, now: datetime.datetime) -> list[str]:
    problems = []
    try:
        if _parse_time(claims["validFrom"]) > now:
            problems.append(f"not valid before {claims['validFrom']}")
        if "validUntil" in claims and _parse_time(claims["validUntil"]) <= now:
            problems.append(f"expired at {claims['validUntil']}")
    except (KeyError, ValueError, TypeError):
        pass  # already named by _claims_problems
    return problems


def _status_problems(claims: dict, dereference: Dereference, now: datetime.datetime) -> list[str]:
    entries = claims.get("credentialStatus") or []
    entries = entries if isinstance(entries, list) else [entries]
    problems = []
    for entry in entries:
        try:
            revoked = _entry_is_set(entry, _issuer_id(claims), dereference, now)
        except ValueError as exc:
            problems.append(f"revocation status unknown: {exc}")
            continue
        if revoked:
            problems.append("revoked: the issuer's status list marks this credential as revoked")
    return problems


def _entry_is_set(entry, issuer_id: str, dereference: Dereference, now) -> bool:
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise ValueError(f"unsupported status method {entry.get('type') if entry else None!r}")
    purpose = entry.get("statusPurpose")
    url = entry.get("statusListCredential", "")
    try:
        index = int(entry.get("statusListIndex"))
        token = dereference(url).decode().strip()
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bad status entry: {exc}") from None
    except Unavailable as exc:
        raise ValueError(f"cannot read the status list {url}: {exc}") from None
    listed = _verified_claims(token, issuer_id=issuer_id, dereference=dereference)
    if _issuer_id(listed) != issuer_id:
        raise ValueError("the status list was issued by someone else")
    if "BitstringStatusListCredential" not in (listed.get("type") or []):
        raise ValueError("the status list is not a BitstringStatusListCredential")
    if "validUntil" in listed and _parse_time(listed["validUntil"]) < now:
        raise ValueError("the status list is out of date")
    subject = listed.get("credentialSubject") or {}
    if subject.get("statusPurpose") != purpose:
        raise ValueError(f"the status list is not for {purpose!r}")
    return status_list.bit_is_set(status_list.decode_bits(subject.get("encodedList")), index)


def verify(token: str, *, dereference: Dereference, now=None) -> Verdict:
    """Check a VC-JWT: the signature under the key ``kid`` names (on the issuer's site), the
    claims, the dates, and the bit of the status list it points at."""
    now = now or datetime.datetime.now(datetime.UTC)
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        return Verdict(False, [f"unreadable token: {exc}"])
    try:
        claims = _verified_claims(token, issuer_id=_issuer_id(unverified), dereference=dereference)
    except ValueError as exc:
        return Verdict(False, [str(exc)])
    problems = _claims_problems(claims)
    problems += _date_problems(claims, now)
    problems += _status_problems(claims, dereference, now)
    return Verdict(not problems, problems, claims)


def signed_form_url(credential: dict) -> str:
    """Where the issuer of a credential JSON serves its signed VC-JWT (this app's layout)."""
    public_id = str(credential.get("id", "")).removeprefix("urn:uuid:")
    url = _origin(_issuer_id(credential)) + f"/verify/{public_id}.jwt"
    achievement = (credential.get("credentialSubject") or {}).get("achievement") or {}
    if achievement.get("inLanguage"):
        url += f"?lang={achievement['inLanguage']}"
    return url


def verify_json(credential: dict, *, dereference: Dereference, now=None) -> Verdict:
    """A credential JSON carries no proof of its own: verify the VC-JWT its issuer serves for
    it, then require that JSON to say exactly what was signed."""
    if not _origin(_issuer_id(credential)):
        return Verdict(False, ["the credential names no issuer address"])
    url = signed_form_url(credential)
    try:
        token = dereference(url).decode().strip()
    except Unavailable as exc:
        return Verdict(False, [f"the issuer serves no signed form of this credential: {exc}"])
    verdict = verify(token, dereference=dereference, now=now)
    if verdict.credential is not None:
        signed = {k: v for k, v in verdict.credential.items() if k not in REGISTERED_CLAIMS}
        if signed != credential:
            differing = sorted(
                key
                for key in set(signed) | set(credential)
                if signed.get(key) != credential.get(key)
            )
            verdict.problems.insert(
                0, "the JSON differs from what the issuer signed: " + ", ".join(differing)
            )
            verdict.valid = False
    return verdict


# --- Dereferencing ----------------------------------------------------------------------------
def _local(url: str) -> bytes:
    """This site's own documents, from the functions its views serve them with."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Unavailable(f"{url}: not found") from None
    if match.view_name == "honor_wall:jwk":
        jwk = published_jwk(match.kwargs["thumbprint"])
        if jwk is None:
            raise Unavailable(f"{url}: not found")
        return json.dumps(jwk).encode()
    if match.view_name == "honor_wall:status_list":
        return status_list.signed_status_list().encode()
    if match.view_name == "honor_wall:credential_jwt":
        certification = Certification.objects.filter(public_id=match.kwargs["public_id"]).first()
        tag = parse_qs(parts.query).get("lang", [""])[0]
        language = language_from_bcp47(tag)
        if certification is None or (tag and language is None):
            raise Unavailable(f"{url}: not found")
        try:
            return sign_credential(credential_for(certification, language)).encode()
        except HolderUnknown:
            raise Unavailable(f"{url}: gone") from None
    raise Unavailable(f"{url}: not a credential document")


def fetch(url: str) -> bytes:
    """GET over HTTP(S), bounded in time and size."""
    if urlsplit(url).scheme not in ("https", "http"):
        raise Unavailable(f"not an http(s) address: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/vc+jwt, */*"})  # noqa: S310 (http(s) only, checked above)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (idem)
            data = response.read(MAX_DOCUMENT_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise Unavailable(f"{url}: {exc}") from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise Unavailable(f"{url}: larger than {MAX_DOCUMENT_BYTES} bytes")
    return data


def dereference(url: str) -> bytes:
    """A document by its address: this site's from here, anyone else's over the network."""
    site = settings.SITE_URL.rstrip("/") + "/"
    return _local(url) if url.startswith(site) else fetch(url)
