"""Open Badges 3.0 credentials: their content, their VC-JWT signature and their verification
(``credentials.verify`` and the ``verify_credential`` command)."""

import base64
import datetime
import io
import json

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import CommandError, call_command

from applications.models import Application
from honor_wall import credentials
from honor_wall.services import certification_issue, certification_revoke
from tests.applications.conftest import set_state
from tests.honor_wall.conftest import YESTERDAY, tier

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def download(client, certification) -> dict:
    response = client.get(f"/verify/{certification.public_id}.json")
    assert response.status_code == 200
    return response.json()


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def run_verify(path) -> str:
    out = io.StringIO()
    call_command("verify_credential", str(path), stdout=out)
    return out.getvalue()


def run_verify_failing(path) -> str:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_credential", str(path), stdout=out)
    assert exit_info.value.code == 1
    return out.getvalue()


# --- The credential -------------------------------------------------------------------------
def test_credential_download_has_the_credential_and_its_jwt(client, certification):
    assert set(download(client, certification)) == {"credential", "vc_jwt"}


def test_credential_is_an_open_badge_3_verifiable_credential(client, certification):
    credential = download(client, certification)["credential"]
    site = settings.SITE_URL

    assert credential["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"urn:uuid:{certification.public_id}"
    assert credential["issuer"]["type"] == ["Profile"]
    assert credential["issuer"]["id"] == f"{site}/issuer/"
    assert credential["issuer"]["name"] == "MindSpore Developer Growth Incentive System"
    assert credential["credentialSubject"]["name"] == "Vera Visible"


def test_credential_describes_the_achievement(client, certification):
    excellent = tier("excellent-developer")

    achievement = download(client, certification)["credential"]["credentialSubject"]["achievement"]

    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == "Excellent Developer"
    assert achievement["description"] == excellent.description_en
    assert achievement["description"]
    # Without a rule set the narrative falls back to the tier's description.
    assert achievement["criteria"]["narrative"] == excellent.description_en
    assert achievement["image"]["id"] == f"{settings.SITE_URL}/badges/excellent-developer.png"


def test_credential_criteria_narrative_comes_from_the_rule_set_it_was_judged_by(client, vera):
    excellent = tier("excellent-developer")
    ruleset = excellent.rulesets.get(version=1)
    application = Application.objects.create(applicant=vera, tier=excellent, ruleset=ruleset)
    set_state(application, Application.State.APPROVED)
    certification = certification_issue(application=application, approvers=[])

    achievement = download(client, certification)["credential"]["credentialSubject"]["achievement"]

    narrative = achievement["criteria"]["narrative"]
    first_group = ruleset.definition["groups"][0]["title"]["en"]
    assert narrative.startswith(f"{first_group}")
    assert narrative != excellent.description_en
    assert achievement["version"] == "1"


def test_credential_valid_from_is_the_award_date(client, certification):
    certification.awarded_on = datetime.date(2024, 3, 5)
    certification.save()

    credential = download(client, certification)["credential"]

    assert credential["validFrom"] == "2024-03-05T00:00:00Z"


def test_credential_has_no_valid_until_without_an_expiry_date(client, certification):
    assert "validUntil" not in download(client, certification)["credential"]


def test_credential_is_valid_until_the_end_of_its_expiry_date(client, certification):
    certification.expires_on = datetime.date(2099, 12, 31)
    certification.save()

    credential = download(client, certification)["credential"]

    assert credential["validUntil"] == "2100-01-01T00:00:00Z"


def test_credential_status_points_at_the_revocation_endpoint(client, certification, staff):
    status = download(client, certification)["credential"]["credentialStatus"]
    status_path = f"/verify/{certification.public_id}/status.json"

    assert status == {
        "id": f"{settings.SITE_URL}{status_path}",
        "type": "1EdTechRevocationList",
    }
    assert client.get(status_path).json()["revoked"] is False

    certification_revoke(certification=certification, actor=staff, reason="Fraud")
    assert client.get(status_path).json() == {
        "id": f"urn:uuid:{certification.public_id}",
        "status": "revoked",
        "revoked": True,
        "reason": "Fraud",
    }


def test_jwt_is_signed_with_eddsa_by_the_published_key(client, certification):
    document = download(client, certification)
    token = document["vc_jwt"]
    published = client.get("/.well-known/jwks.json").json()["keys"]

    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, jwt.PyJWK(published[0]).key, algorithms=["EdDSA"])

    assert header["alg"] == "EdDSA"
    assert header["kid"] == published[0]["kid"]
    assert [key["kid"] for key in published] == [header["kid"]]
    assert claims["credentialSubject"] == document["credential"]["credentialSubject"]
    assert claims["iss"] == document["credential"]["issuer"]["id"]
    assert claims["jti"] == document["credential"]["id"]


def test_signing_key_is_written_to_the_configured_file(client, certification, settings):
    download(client, certification)

    with open(settings.CREDENTIAL_KEY_FILE, "rb") as key_file:
        assert key_file.read().startswith(b"-----BEGIN PRIVATE KEY-----")


# --- verify_credential ----------------------------------------------------------------------
@pytest.fixture
def credential_file(client, certification, tmp_path):
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(download(client, certification)), encoding="utf-8")
    return path


def test_verify_credential_accepts_a_fresh_credential(credential_file, certification):
    output = run_verify(credential_file)

    assert output.startswith("VALID: Vera Visible — Excellent Developer")
    assert str(certification.public_id) in output
    assert "INVALID" not in output


def test_verify_credential_accepts_a_bare_jwt(client, certification, tmp_path):
    path = tmp_path / "credential.jwt"
    path.write_text(download(client, certification)["vc_jwt"], encoding="utf-8")

    assert run_verify(path).startswith("VALID:")


def test_verify_credential_rejects_a_tampered_payload(client, certification, tmp_path):
    header, payload, signature = download(client, certification)["vc_jwt"].split(".")
    claims = json.loads(b64url_decode(payload))
    claims["credentialSubject"]["achievement"]["name"] = "Senior Developer"
    forged = ".".join([header, b64url_encode(json.dumps(claims).encode()), signature])
    path = tmp_path / "forged.json"
    path.write_text(json.dumps({"vc_jwt": forged}), encoding="utf-8")

    output = run_verify_failing(path)

    assert "INVALID: signature does not match" in output
    assert "VALID:" not in output.replace("INVALID:", "")


def test_verify_credential_rejects_a_credential_revoked_after_download(
    credential_file, certification, staff
):
    certification_revoke(certification=certification, actor=staff, reason="Plagiarised work")

    output = run_verify_failing(credential_file)

    assert "INVALID: revoked: Plagiarised work" in output


def test_verify_credential_rejects_an_expired_credential(client, certification, tmp_path):
    certification.awarded_on = datetime.date(2023, 1, 1)
    certification.expires_on = YESTERDAY
    certification.save()
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(download(client, certification)), encoding="utf-8")

    output = run_verify_failing(path)

    until = (YESTERDAY + datetime.timedelta(days=1)).isoformat()
    assert f"INVALID: expired at {until}T00:00:00Z" in output


def test_verify_credential_rejects_a_token_signed_by_another_key_with_our_kid(
    client, certification, tmp_path
):
    token = download(client, certification)["vc_jwt"]
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    impostor = jwt.encode(
        claims,
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": header["kid"], "typ": "vc+jwt", "cty": "vc"},
    )
    assert jwt.get_unverified_header(impostor)["kid"] == header["kid"]
    path = tmp_path / "impostor.jwt"
    path.write_text(impostor, encoding="utf-8")

    output = run_verify_failing(path)

    assert "INVALID: signature does not match" in output


def test_verify_credential_refuses_a_file_that_is_not_a_credential(tmp_path, db):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes, not a credential", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("verify_credential", str(path), stdout=io.StringIO())

    assert error.value.returncode == 2
    assert "not a credential" in str(error.value)


def test_verify_credential_refuses_json_without_a_jwt(tmp_path, db):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": "world"}), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("verify_credential", str(path), stdout=io.StringIO())

    assert error.value.returncode == 2


def test_verify_credential_refuses_a_missing_file(tmp_path, db):
    missing = tmp_path / "nowhere.json"

    with pytest.raises(CommandError) as error:
        call_command("verify_credential", str(missing), stdout=io.StringIO())

    assert error.value.returncode == 2
    assert "cannot read" in str(error.value)


# --- credentials.verify ---------------------------------------------------------------------
def _status_lookup(status_url, credential_id):
    return {"revoked": False}


def verify_at(token, *when):
    """``credentials.verify`` with the published keys on the given UTC day and time."""
    return credentials.verify(
        token,
        keys=credentials.jwks()["keys"],
        status_lookup=_status_lookup,
        today=datetime.datetime(*when, tzinfo=datetime.UTC),
    )


def test_verify_reports_a_credential_that_is_not_yet_valid(certification):
    certification.awarded_on = datetime.date(2024, 6, 1)
    certification.save()
    token = credentials.sign(credentials.credential_for(certification))

    before = verify_at(token, 2024, 5, 31, 23, 59)
    after = verify_at(token, 2024, 6, 1, 0, 1)

    assert before.valid is False
    assert before.problems == ["not valid before 2024-06-01T00:00:00Z"]
    assert after.valid is True
    assert after.problems == []


def test_verify_reports_expiry_against_the_given_day(certification):
    certification.awarded_on = datetime.date(2024, 1, 1)
    certification.expires_on = datetime.date(2024, 12, 31)
    certification.save()
    token = credentials.sign(credentials.credential_for(certification))

    last_day = verify_at(token, 2024, 12, 31, 23, 59)
    day_after = verify_at(token, 2025, 1, 1, 0, 0)

    assert last_day.valid is True
    assert day_after.problems == ["expired at 2025-01-01T00:00:00Z"]


def test_verify_names_an_unknown_key_and_an_unknown_status(certification):
    token = credentials.sign(credentials.credential_for(certification))
    other_key = credentials.public_jwk(Ed25519PrivateKey.generate().public_key())

    unknown_key = credentials.verify(token, keys=[other_key], status_lookup=_status_lookup)
    no_status = credentials.verify(
        token, keys=credentials.jwks()["keys"], status_lookup=lambda *args: None
    )

    assert unknown_key.valid is False
    assert unknown_key.problems[0].startswith("unknown signing key")
    assert no_status.problems == ["revocation status unknown"]
