"""The issuer's signing key, its public half as a JWK, and compact JWS signing.

The key comes from ``CREDENTIAL_SIGNING_KEY`` (an Ed25519 private key in PEM). Without it — the
embedded default — a key is generated once into ``CREDENTIAL_KEY_FILE`` so credentials stay
verifiable across restarts.

Open Badges 3.0 (VC-JWT) allows exactly ``alg``, ``kid`` and ``typ`` in the JOSE header, and
``kid`` must be a URI that dereferences to the public key as a JWK: ours is
``{SITE_URL}/.well-known/jwks/<RFC 7638 thumbprint>.json``, which this app serves.
"""

import base64
import datetime
import hashlib
import json
from functools import lru_cache
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.urls import reverse

ALGORITHM = "EdDSA"


def b64url(data: bytes) -> str:
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


def thumbprint(public_key: Ed25519PublicKey) -> str:
    """The RFC 7638 thumbprint of an Ed25519 public key (base64url SHA-256)."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    members = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": b64url(raw)}, separators=(",", ":"))
    return b64url(hashlib.sha256(members.encode()).digest())


def key_url(key_thumbprint: str) -> str:
    """The URI that names a key (the JOSE ``kid``) and serves it as a JWK."""
    return settings.SITE_URL + reverse("honor_wall:jwk", args=[key_thumbprint])


def public_jwk(public_key: Ed25519PublicKey | None = None) -> dict:
    """A public key as a JWK whose ``kid`` is the URI it is served at. Never holds ``d``."""
    public_key = public_key or signing_key().public_key()
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {
        "kty": "OKP",
        "crv": "Ed25519",
        "x": b64url(raw),
        "kid": key_url(thumbprint(public_key)),
        "alg": ALGORITHM,
        "use": "sig",
    }


def issuer_id() -> str:
    """The issuer's id: the address of its Profile."""
    return settings.SITE_URL + reverse("honor_wall:issuer")


def jwks() -> dict:
    return {"keys": [public_jwk()]}


def published_jwk(key_thumbprint: str) -> dict | None:
    """The published key with this thumbprint, or ``None``."""
    public_key = signing_key().public_key()
    return public_jwk(public_key) if thumbprint(public_key) == key_thumbprint else None


def sign_jwt(claims: dict) -> str:
    """``claims`` as a compact JWS signed with the issuer's key; header ``alg``, ``kid``, ``typ``
    and nothing else."""
    header = {"kid": public_jwk()["kid"], "typ": "JWT"}
    return jwt.encode(claims, signing_key(), algorithm=ALGORITHM, headers=header)


def utc_z(moment: datetime.datetime) -> str:
    """An aware datetime as the XML Schema dateTime credentials use: ``2024-03-05T00:00:00Z``."""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def sign_credential(credential: dict) -> str:
    """A credential as a VC-JWT: the payload is the credential itself plus the registered claims
    Open Badges 3.0 requires (``iss`` = issuer id, ``jti`` = credential id, ``nbf`` = validFrom,
    ``exp`` = validUntil when there is one, ``sub`` = the subject's id when it has one)."""
    claims = dict(credential)
    issuer = credential["issuer"]
    claims["iss"] = issuer["id"] if isinstance(issuer, dict) else issuer
    claims["jti"] = credential["id"]
    claims["nbf"] = int(datetime.datetime.fromisoformat(credential["validFrom"]).timestamp())
    if "validUntil" in credential:
        claims["exp"] = int(datetime.datetime.fromisoformat(credential["validUntil"]).timestamp())
    subject_id = credential.get("credentialSubject", {}).get("id")
    if subject_id:
        claims["sub"] = subject_id
    return sign_jwt(claims)
