"""The revocation status list: a signed BitstringStatusListCredential whose bits revoking and
re-issuing flip at once; and the badges that carry their credential (baking)."""

import datetime
import io

import jwt
import pytest
from django.conf import settings
from PIL import Image

from honor_wall.credentials import baking, status_list
from honor_wall.services import certification_reissue, certification_revoke
from tests.factories import make_person

LIST_PATH = "/credentials/status/revocation"


def published_list(client) -> dict:
    response = client.get(LIST_PATH)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    return jwt.decode(response.content.decode(), options={"verify_signature": False})


def bit_of(client, certification) -> bool:
    encoded = published_list(client)["credentialSubject"]["encodedList"]
    return status_list.bit_is_set(
        status_list.decode_bits(encoded), status_list.status_index(certification.pk)
    )


def test_the_list_is_a_signed_bitstring_status_list_credential(client, certification):
    response = client.get(LIST_PATH)
    token = response.content.decode()
    key = client.get(jwt.get_unverified_header(token)["kid"].removeprefix(settings.SITE_URL))

    claims = jwt.decode(token, jwt.PyJWK(key.json()).key, algorithms=["EdDSA"])

    url = settings.SITE_URL + LIST_PATH
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["id"] == url == claims["jti"]
    assert claims["issuer"] == f"{settings.SITE_URL}/issuer/" == claims["iss"]
    assert claims["credentialSubject"]["type"] == "BitstringStatusList"
    assert claims["credentialSubject"]["statusPurpose"] == "revocation"
    valid_from = datetime.datetime.fromisoformat(claims["validFrom"])
    valid_until = datetime.datetime.fromisoformat(claims["validUntil"])
    assert valid_until - valid_from == datetime.timedelta(days=1)
    assert response["Cache-Control"] == "public, max-age=60"


def test_the_list_has_the_minimum_size_for_herd_privacy(client, certification):
    bits = status_list.decode_bits(published_list(client)["credentialSubject"]["encodedList"])

    assert len(bits) * 8 >= 131_072
    assert not any(bits)


def test_revoking_sets_the_bit_and_reissuing_clears_it(client, certification, staff):
    assert bit_of(client, certification) is False

    certification_revoke(certification=certification, actor=staff, reason="Fraud")
    assert bit_of(client, certification) is True

    certification_reissue(certification=certification, actor=staff)
    assert bit_of(client, certification) is False


def test_revoking_one_leaves_the_others_clear(client, db, staff):
    people = [make_person(f"person-{n}").certifications.get() for n in range(3)]

    certification_revoke(certification=people[1], actor=staff, reason="Fraud")

    assert [bit_of(client, c) for c in people] == [False, True, False]


def test_indexes_are_unique_and_do_not_reveal_the_issue_order():
    indexes = [status_list.status_index(pk) for pk in range(1, 5001)]

    assert len(set(indexes)) == 5000
    assert all(0 <= index < status_list.LIST_BITS for index in indexes)
    assert indexes != sorted(indexes)


def test_an_index_beyond_the_list_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        status_list.status_index(2_000_000)


def test_encoding_round_trips_and_is_multibase_base64url():
    encoded = status_list.encode_bits([0, 7, 131_071])

    bits = status_list.decode_bits(encoded)
    assert encoded.startswith("u") and "=" not in encoded
    assert [status_list.bit_is_set(bits, i) for i in (0, 1, 7, 8, 131_071)] == [
        True,
        False,
        True,
        False,
        True,
    ]


@pytest.mark.parametrize("encoded", ["H4sI", "u!!!", "u" + "A" * 40, None])
def test_a_malformed_encoded_list_is_a_value_error(encoded):
    with pytest.raises(ValueError):
        status_list.decode_bits(encoded)


def test_a_compression_bomb_is_refused():
    import base64
    import gzip

    bomb = gzip.compress(b"\0" * (status_list.MAX_LIST_BYTES + 1))
    encoded = "u" + base64.urlsafe_b64encode(bomb).rstrip(b"=").decode()

    with pytest.raises(ValueError, match="size limit"):
        status_list.decode_bits(encoded)


# --- Baking -----------------------------------------------------------------------------------
def test_the_baked_png_is_the_badge_with_one_openbadgecredential_itxt_chunk(client, certification):
    response = client.get(f"/verify/{certification.public_id}/badge.png")
    token = client.get(f"/verify/{certification.public_id}.jwt").content.decode()

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith('attachment; filename="mindspore-excellent')
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (480, 160)
    chunks = [c for c in _png_chunks(response.content) if c[0] == b"iTXt"]
    assert len(chunks) == 1
    keyword, _, rest = chunks[0][1].partition(b"\0")
    assert keyword == b"openbadgecredential"
    assert rest[:2] == b"\0\0"  # not compressed
    assert rest[2:].split(b"\0", 2)[:2] == [b"", b""]  # no language tag, no translation
    assert baking.extract(response.content) == token == rest[2:].split(b"\0", 2)[2].decode()


def test_the_baked_svg_carries_the_credential_in_the_ob3_element(client, certification):
    response = client.get(f"/verify/{certification.public_id}/badge.svg")
    token = client.get(f"/verify/{certification.public_id}.jwt").content.decode()
    svg = response.content.decode()

    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in svg
    assert f'<openbadges:credential verify="{token}"></openbadges:credential>' in svg
    assert ">Excellent Developer</text>" in svg
    assert baking.extract(response.content) == token


def test_the_baked_badge_speaks_the_credentials_language(client, certification):
    svg = client.get(f"/verify/{certification.public_id}/badge.svg", {"lang": "zh-hans"})

    token = baking.extract(svg.content)
    achievement = jwt.decode(token, options={"verify_signature": False})["credentialSubject"][
        "achievement"
    ]
    assert ">优秀开发者</text>" in svg.content.decode()
    assert ">昇思 MindSpore 认证</text>" in svg.content.decode()
    assert achievement["inLanguage"] == "zh-Hans"


def _png_chunks(data: bytes):
    position = 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        yield kind, data[position + 8 : position + 8 + length]
        position += 12 + length
