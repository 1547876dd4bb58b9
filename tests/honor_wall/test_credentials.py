"""Open Badges 3.0.3 credentials: what the JSON says, how the VC-JWT is signed, in which language,
and what the addresses answer to bad input."""

import base64
import datetime
import hashlib
import json

import jwt
import pytest
from django.conf import settings

from applications.models import Application
from honor_wall.credentials import status_list
from tests.factories import certify, make_person, set_state, tier

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def credential_json(client, certification, **params) -> dict:
    response = client.get(f"/verify/{certification.public_id}.json", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def credential_jwt(client, certification, **params) -> str:
    response = client.get(f"/verify/{certification.public_id}.jwt", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    return response.content.decode()


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


@pytest.fixture
def judged(vera):
    """Vera's certification, issued through an application judged by rule set version 1."""
    excellent = tier("excellent-developer")
    ruleset = excellent.rulesets.get(version=1)
    application = Application.objects.create(applicant=vera, tier=excellent, ruleset=ruleset)
    set_state(application, Application.State.APPROVED)
    from honor_wall.services import certification_issue

    return certification_issue(application=application, approvers=[])


# --- The JSON is the credential ---------------------------------------------------------------
def test_the_json_is_the_credential_itself_not_a_wrapper(client, certification):
    credential = credential_json(client, certification)

    assert credential["@context"] == [VC_CONTEXT, OB_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == f"urn:uuid:{certification.public_id}"
    assert "vc_jwt" not in credential and "proof" not in credential


def test_the_json_links_its_signed_form(client, certification):
    response = client.get(f"/verify/{certification.public_id}.json")

    assert response["Link"] == (
        f'</verify/{certification.public_id}.jwt?lang=en>; rel="alternate"; '
        'type="application/vc+jwt"'
    )


def test_issuer_and_creator_are_the_programme(client, certification):
    credential = credential_json(client, certification)

    issuer = credential["issuer"]
    assert issuer == {
        "id": f"{settings.SITE_URL}/issuer/",
        "type": ["Profile"],
        "name": "MindSpore Developer Growth Incentive System",
        "url": settings.SITE_URL,
    }
    assert credential["credentialSubject"]["achievement"]["creator"] == issuer


def test_the_subject_is_a_salted_hash_of_the_email_and_no_personal_id(client, certification):
    subject = credential_json(client, certification)["credentialSubject"]

    [identity] = subject["identifier"]
    salt = certification.public_id.hex
    expected = hashlib.sha256(f"vera-visible@example.org{salt}".encode()).hexdigest()
    assert identity == {
        "type": "IdentityObject",
        "identityHash": f"sha256${expected}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }
    assert "id" not in subject
    assert "vera-visible@example.org" not in json.dumps(subject)
    assert subject["name"] == "Vera Visible"


def test_two_credentials_of_one_person_do_not_share_a_hash(client, vera, certification):
    second = certify(vera, "evangelist")

    first_hash = credential_json(client, certification)["credentialSubject"]["identifier"][0]
    second_hash = credential_json(client, second)["credentialSubject"]["identifier"][0]

    assert first_hash["identityHash"] != second_hash["identityHash"]


def test_the_achievement_carries_version_criteria_image_creator_and_language(client, judged):
    achievement = credential_json(client, judged)["credentialSubject"]["achievement"]
    site = settings.SITE_URL

    assert achievement["id"] == f"{site}/programme/#tier-excellent-developer"
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "Certification"
    assert achievement["name"] == "Excellent Developer"
    assert achievement["version"] == "1"
    assert achievement["inLanguage"] == "en"
    assert achievement["image"] == {
        "id": f"{site}/badges/excellent-developer.png",
        "type": "Image",
        "caption": "MindSpore certified Excellent Developer",
    }


def test_the_criteria_narrative_is_generated_from_the_rules_it_was_judged_by(client, judged):
    narrative = credential_json(client, judged)["credentialSubject"]["achievement"]["criteria"][
        "narrative"
    ]

    lines = narrative.splitlines()
    assert lines[0] == (
        "1. **Actively contribute to the MindSpore open-source community** (meet any 1 item)"
    )
    assert lines[1].startswith("   - Community issues: Submit community issues")
    # Each item says how the engine checks it, in the engine's own words.
    assert lines[1].endswith(
        "Checked as: Community issues in each of 2 consecutive calendar months, "
        "at least 2 of them (accepted)"
    )
    assert any(line.startswith("2. **") for line in lines)


def test_the_criteria_narrative_in_chinese_comes_from_the_same_rules(client, judged):
    achievement = credential_json(client, judged, lang="zh-Hans")["credentialSubject"][
        "achievement"
    ]

    narrative = achievement["criteria"]["narrative"]
    assert narrative.startswith("1. **积极参与昇思开源社区贡献**")
    assert "\n   - 社区 Issue：连续两个月提交反馈框架缺陷的社区 Issue" in narrative
    assert "检查规则：" in narrative
    assert "Checked as" not in narrative
    assert achievement["name"] == "优秀开发者"
    assert achievement["inLanguage"] == "zh-Hans"
    assert achievement["version"] == "1"


def test_without_an_application_the_version_is_the_rule_set_in_force(client, certification):
    achievement = credential_json(client, certification)["credentialSubject"]["achievement"]

    current = tier("excellent-developer").rulesets.order_by("-version").first()
    assert achievement["version"] == str(current.version)
    assert achievement["version"] != ""
    assert achievement["criteria"]["narrative"].startswith("1. **")


def test_the_credential_speaks_the_holders_language_by_default(client, db):
    person = make_person("li-lei", display_name="李雷")
    person.language = "zh-hans"
    person.save()

    credential = credential_json(client, person.certifications.get())

    assert credential["credentialSubject"]["achievement"]["inLanguage"] == "zh-Hans"
    assert credential["name"] == "昇思 MindSpore 认证优秀开发者"
    assert credential["issuer"]["name"] == "昇思 MindSpore 开发者成长激励体系"
    assert credential["credentialSubject"]["achievement"]["name"] == "优秀开发者"


def test_english_is_available_for_a_chinese_holder(client, db):
    person = make_person("han-mei", display_name="韩梅")
    person.language = "zh-hans"
    person.save()

    achievement = credential_json(client, person.certifications.get(), lang="en")[
        "credentialSubject"
    ]["achievement"]

    assert achievement["inLanguage"] == "en"
    assert achievement["name"] == "Excellent Developer"


def test_an_unknown_language_is_refused_with_a_message(client, certification):
    for suffix in (".json", ".jwt", "/badge.png", "/badge.svg"):
        response = client.get(f"/verify/{certification.public_id}{suffix}", {"lang": "fr"})

        assert response.status_code == 400
        assert "lang" in response.content.decode()
        assert "zh-Hans" in response.content.decode()


def test_a_deleted_holder_has_no_credential_but_the_page_still_answers(client, certification):
    certification.person.delete()

    for suffix in (".json", ".jwt", "/badge.png", "/badge.svg"):
        assert client.get(f"/verify/{certification.public_id}{suffix}").status_code == 410
    assert client.get(f"/verify/{certification.public_id}/").status_code == 200


def test_an_unknown_certification_is_404(client, db):
    assert client.get("/verify/00000000-0000-4000-8000-000000000000.jwt").status_code == 404


def test_valid_from_and_awarded_date_are_the_award_day(client, certification):
    certification.awarded_on = datetime.date(2024, 3, 5)
    certification.expires_on = None  # a tier without validity: the credential has no end
    certification.save()

    credential = credential_json(client, certification)

    assert credential["validFrom"] == "2024-03-05T00:00:00Z"
    assert credential["awardedDate"] == "2024-03-05T00:00:00Z"
    assert "validUntil" not in credential


def test_valid_until_is_the_end_of_the_expiry_day(client, certification):
    certification.expires_on = datetime.date(2099, 12, 31)
    certification.save()

    assert credential_json(client, certification)["validUntil"] == "2100-01-01T00:00:00Z"


def test_the_status_is_a_bitstring_status_list_entry(client, certification):
    status = credential_json(client, certification)["credentialStatus"]
    list_url = f"{settings.SITE_URL}/credentials/status/revocation"
    index = status_list.status_index(certification.pk)

    assert status == {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def test_the_credential_names_1edtechs_schema(client, certification):
    assert credential_json(client, certification)["credentialSchema"] == [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
            "ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ]


# --- The VC-JWT -------------------------------------------------------------------------------
def test_the_jose_header_is_alg_kid_typ_and_nothing_else(client, certification):
    token = credential_jwt(client, certification)

    header = json.loads(b64url_decode(token.split(".")[0]))

    assert set(header) == {"alg", "kid", "typ"}
    assert header["alg"] == "EdDSA"
    assert header["typ"] == "JWT"
    assert header["kid"].startswith(f"{settings.SITE_URL}/.well-known/jwks/")


def test_kid_dereferences_to_the_public_jwk_that_verifies_the_signature(client, certification):
    token = credential_jwt(client, certification)
    kid = jwt.get_unverified_header(token)["kid"]

    response = client.get(kid.removeprefix(settings.SITE_URL))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/jwk+json"
    key = response.json()
    assert key["kid"] == kid and key["kty"] == "OKP" and key["crv"] == "Ed25519"
    assert "d" not in key
    claims = jwt.decode(token, jwt.PyJWK(key).key, algorithms=["EdDSA"])
    assert claims["jti"] == f"urn:uuid:{certification.public_id}"


def test_the_jwk_set_still_lists_the_key(client, certification):
    kid = jwt.get_unverified_header(credential_jwt(client, certification))["kid"]

    keys = client.get("/.well-known/jwks.json").json()["keys"]

    assert [key["kid"] for key in keys] == [kid]


def test_an_unknown_key_thumbprint_is_404(client, db):
    assert client.get("/.well-known/jwks/not-our-key.json").status_code == 404


def test_the_payload_is_the_credential_with_the_registered_claims(client, certification):
    certification.expires_on = datetime.date(2099, 12, 31)
    certification.save()
    token = credential_jwt(client, certification)
    credential = credential_json(client, certification)

    claims = jwt.decode(token, options={"verify_signature": False})

    registered = {"iss", "jti", "nbf", "exp"}
    assert {k: v for k, v in claims.items() if k not in registered} == credential
    assert claims["iss"] == credential["issuer"]["id"]
    assert claims["jti"] == credential["id"]
    awarded = datetime.datetime.combine(certification.awarded_on, datetime.time.min)
    assert claims["nbf"] == int(awarded.replace(tzinfo=datetime.UTC).timestamp())
    assert claims["exp"] == int(datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC).timestamp())
    assert "sub" not in claims  # the subject has no id


def test_signing_key_is_written_to_the_configured_file(client, certification, settings):
    credential_jwt(client, certification)

    with open(settings.CREDENTIAL_KEY_FILE, "rb") as key_file:
        assert key_file.read().startswith(b"-----BEGIN PRIVATE KEY-----")
