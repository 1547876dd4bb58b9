"""Revocation published as a W3C Bitstring Status List (v1.0), signed as a VC-JWT.

Every credential carries a ``BitstringStatusListEntry`` naming one bit of one list; the list is a
``BitstringStatusListCredential`` this app serves at ``/credentials/status/revocation``, signed
with the same key as the credentials. A set bit means revoked. The list is built from the
database on each request, so revoking (or re-issuing) flips the bit at once.

Indexes: a certification's bit is its primary key scrambled by a multiplicative permutation
modulo a prime, so positions are unique without a stored column yet say nothing about the order
or number of certifications issued. The list has ``LIST_BITS`` entries (at least the 131,072 the
specification asks for, for herd privacy).
"""

import base64
import datetime
import gzip
import zlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from ..models import Certification
from .keys import b64url, issuer_id, sign_credential, utc_z

LIST_BITS = 1 << 20
_PRIME = 1_048_573  # the largest prime below LIST_BITS: every pk below it maps to its own bit
_MULTIPLIER = 741_457
PURPOSE = "revocation"
# Verifiers may cache the list; it is regenerated on every request and valid for a day so a
# stale copy replayed later is refused.
LIST_VALIDITY = datetime.timedelta(days=1)
# A list fetched from elsewhere is untrusted: never inflate more than this.
MAX_LIST_BYTES = 16 * 1024 * 1024
VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


def status_index(certification_pk: int) -> int:
    """The bit that holds this certification's revocation status."""
    if not 0 < certification_pk < _PRIME:
        raise ValueError(f"certification {certification_pk} does not fit the status list")
    return certification_pk * _MULTIPLIER % _PRIME


def list_url() -> str:
    return settings.SITE_URL + reverse("honor_wall:status_list")


def status_entry(certification: Certification) -> dict:
    """The credential's ``credentialStatus``."""
    index = status_index(certification.pk)
    return {
        "id": f"{list_url()}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url(),
    }


def encode_bits(indexes) -> str:
    """The ``encodedList`` with these bits set: multibase base64url (``u``) of the GZIP
    -compressed bitstring, most significant bit first."""
    bits = bytearray(LIST_BITS // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + b64url(gzip.compress(bytes(bits), mtime=0))


def decode_bits(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (``ValueError`` when it is not one)."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList is not multibase base64url")
    data = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        inflator = zlib.decompressobj(wbits=31)  # GZIP framing
        bits = inflator.decompress(compressed, MAX_LIST_BYTES)
    except (ValueError, zlib.error) as exc:
        raise ValueError(f"encodedList is not valid: {exc}") from None
    if inflator.unconsumed_tail:
        raise ValueError("encodedList inflates past the size limit")
    if not inflator.eof:
        raise ValueError("encodedList is not a complete GZIP stream")
    return bits


def bit_is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"statusListIndex {index} is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def revoked_indexes() -> list[int]:
    revoked = Certification.objects.filter(status=Certification.Status.REVOKED)
    return [status_index(pk) for pk in revoked.values_list("pk", flat=True)]


def status_list_credential(now: datetime.datetime | None = None) -> dict:
    """The unsigned ``BitstringStatusListCredential`` as of ``now``."""
    now = (now or timezone.now()).replace(microsecond=0)
    url = list_url()
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": utc_z(now),
        "validUntil": utc_z(now + LIST_VALIDITY),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode_bits(revoked_indexes()),
        },
    }


def signed_status_list() -> str:
    return sign_credential(status_list_credential())
