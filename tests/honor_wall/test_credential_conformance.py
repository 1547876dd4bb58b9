"""Judged by tools that are not ours.

openbadgeslib's ``OB3Verifier`` (an independent Open Badges 3.0 verifier) reads our credentials
over HTTP from the live app, as it would from any issuer: the key through the JOSE ``kid``, the
revocation bit through the published status list (whose own signature it checks too). Its
fetcher is its own ``download_file``, allowed plain HTTP and loopback for the test server only;
nothing reaches the internet. 1EdTech's JSON Schema for the AchievementCredential, vendored in
``ob_v3p0/`` with its source, validates what we issue.
"""

import functools
import json
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from jsonschema import Draft201909Validator
from openbadgeslib.ob3 import OB3VerificationError, OB3Verifier
from openbadgeslib.util import download_file

from honor_wall.services import certification_reissue, certification_revoke
from tests.factories import make_person

SCHEMA = json.loads(
    (Path(__file__).parent / "ob_v3p0" / "ob_v3p0_achievementcredential_schema.json").read_text()
)
# Plain HTTP and 127.0.0.1 are refused by default (rightly); the live test server is both.
download = functools.partial(download_file, allow_insecure=True, allow_private=True)


@pytest.fixture
def site(live_server, settings, seed_programme):
    """The app served for real, with every absolute address in credentials pointing at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def holder(site):
    return make_person("wang-fang", display_name="王芳").certifications.get()


def fetch_token(site, certification, suffix=".jwt") -> str:
    return download(f"{site}/verify/{certification.public_id}{suffix}").decode()


def verifier_for(token) -> OB3Verifier:
    """OB 3.0's key discovery: dereference the header's ``kid`` to a JWK, then verify with it."""
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = json.loads(download(kid))
    pem = jwt.PyJWK(jwk).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return OB3Verifier(pem)


# --- openbadgeslib ----------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_ob3verifier_accepts_an_issued_credential_with_its_status(site, holder):
    token = fetch_token(site, holder)

    assert jwt.get_unverified_header(token)["kid"].startswith(f"{site}/.well-known/jwks/")
    credential = verifier_for(token).verify(token, check_status=True, download=download)

    assert credential.id == f"urn:uuid:{holder.public_id}"
    assert credential.issuer.id == f"{site}/issuer/"
    assert credential.achievement.name == "Excellent Developer"
    assert credential.achievement.criteria_narrative.startswith("1. **")
    assert credential.identifiers[0].hashed is True
    assert credential.credential_status[0]["type"] == "BitstringStatusListEntry"


@pytest.mark.django_db(transaction=True)
def test_ob3verifier_reports_a_revoked_credential_as_revoked(site, holder, staff):
    token = fetch_token(site, holder)
    verifier = verifier_for(token)
    verifier.verify(token, check_status=True, download=download)

    certification_revoke(certification=holder, actor=staff, reason="Plagiarised work")

    with pytest.raises(OB3VerificationError, match=r"Credential status 'revocation' is set"):
        verifier.verify(token, check_status=True, download=download)


@pytest.mark.django_db(transaction=True)
def test_ob3verifier_accepts_it_again_once_reissued(site, holder, staff):
    token = fetch_token(site, holder)
    certification_revoke(certification=holder, actor=staff, reason="Checked by mistake")

    certification_reissue(certification=holder, actor=staff)

    verifier_for(token).verify(token, check_status=True, download=download)


@pytest.mark.django_db(transaction=True)
def test_ob3verifier_refuses_a_tampered_credential(site, holder):
    header, payload, signature = fetch_token(site, holder).split(".")
    claims = jwt.decode(f"{header}.{payload}.{signature}", options={"verify_signature": False})
    claims["credentialSubject"]["achievement"]["name"] = "Senior Developer"
    forged_payload = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    forged = f"{header}.{forged_payload}.{signature}"

    with pytest.raises(OB3VerificationError, match="Invalid signature"):
        verifier_for(forged).verify(forged, check_status=True, download=download)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("suffix", ["/badge.png", "/badge.svg"])
def test_ob3verifier_extracts_and_verifies_our_baked_badges(site, holder, suffix):
    baked = download(f"{site}/verify/{holder.public_id}{suffix}")

    if suffix.endswith(".png"):
        token = OB3Verifier.extract_token_from_png(baked)
    else:
        token = OB3Verifier.extract_token_from_svg(baked)

    credential = verifier_for(token).verify(token, check_status=True, download=download)
    assert credential.id == f"urn:uuid:{holder.public_id}"


@pytest.mark.django_db(transaction=True)
def test_ob3verifier_reads_the_chinese_credential_too(site, holder):
    token = download(f"{site}/verify/{holder.public_id}.jwt?lang=zh-Hans").decode()

    credential = verifier_for(token).verify(token, check_status=True, download=download)

    assert credential.achievement.name == "优秀开发者"
    assert credential.raw["credentialSubject"]["achievement"]["inLanguage"] == "zh-Hans"


# --- 1EdTech's JSON Schema --------------------------------------------------------------------
def test_the_vendored_schema_is_1edtechs():
    Draft201909Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == (
        "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
        "ob_v3p0_achievementcredential-jsonschema1.json"
    )


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
@pytest.mark.parametrize("expires", [False, True])
def test_the_credential_validates_against_1edtechs_schema(client, db, language, expires):
    person = make_person("zhao-lei", display_name="赵磊")
    certification = person.certifications.get()
    if expires:
        certification.expires_on = certification.awarded_on.replace(year=2099)
        certification.save()

    credential = client.get(f"/verify/{certification.public_id}.json", {"lang": language}).json()
    token = client.get(f"/verify/{certification.public_id}.jwt", {"lang": language})
    payload = jwt.decode(token.content.decode(), options={"verify_signature": False})

    validator = Draft201909Validator(SCHEMA)
    assert list(validator.iter_errors(credential)) == []
    assert list(validator.iter_errors(payload)) == []


def test_the_schema_would_catch_a_credential_without_a_subject_identity(client, certification):
    credential = client.get(f"/verify/{certification.public_id}.json").json()
    credential["credentialSubject"]["identifier"][0]["identityType"] = "shoe size"
    del credential["validFrom"]

    errors = list(Draft201909Validator(SCHEMA).iter_errors(credential))

    assert {error.validator for error in errors} >= {"required"}
    assert len(errors) >= 2
