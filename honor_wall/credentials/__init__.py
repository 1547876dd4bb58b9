"""Open Badges 3.0.3 credentials, signed as VC-JWT with Ed25519 (EdDSA), their status list,
baked badges and their verification.

``keys``: the signing key, JWKs and signing; ``document``: the credential itself;
``status_list``: revocation as a Bitstring Status List; ``baking``: badges that carry their
credential; ``verification``: checking a credential as an outside verifier would.
"""

from .document import CONTEXTS, HolderUnknown, credential_for, issuer_profile
from .keys import jwks, public_jwk, published_jwk, sign_credential, signing_key

__all__ = [
    "CONTEXTS",
    "HolderUnknown",
    "credential_for",
    "issuer_profile",
    "jwks",
    "public_jwk",
    "published_jwk",
    "sign_credential",
    "signing_key",
]
