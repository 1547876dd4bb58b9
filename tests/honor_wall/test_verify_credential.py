"""``verify_credential``: every form we hand out (VC-JWT, JSON, baked PNG and SVG, their URLs) is
checked through the key its ``kid`` names and the published status list, and each way a
credential can be wrong fails with its own message."""

import datetime
import io
import json
import urllib.request
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from honor_wall.credentials import verification
from honor_wall.services import certification_revoke
from tests.factories import make_person, yesterday


def run(source) -> str:
    out = io.StringIO()
    call_command("verify_credential", str(source), stdout=out)
    return out.getvalue()


def run_failing(source) -> str:
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_credential", str(source), stdout=out)
    assert exit_info.value.code == 1
    return out.getvalue()


def refused(source) -> CommandError:
    with pytest.raises(CommandError) as error:
        call_command("verify_credential", str(source), stdout=io.StringIO())
    assert error.value.returncode == 2
    return error.value


def save(client, certification, suffix, tmp_path, name=None) -> Path:
    response = client.get(f"/verify/{certification.public_id}{suffix}")
    assert response.status_code == 200
    path = tmp_path / (name or f"credential{suffix.replace('/', '-')}")
    path.write_bytes(response.content)
    return path


def fetch(url) -> bytes:
    with urllib.request.urlopen(url) as response:  # noqa: S310 (the live test server)
        return response.read()


def token_of(client, certification) -> str:
    return client.get(f"/verify/{certification.public_id}.jwt").content.decode()


# --- Every form is accepted -------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".jwt", ".json", "/badge.png", "/badge.svg"])
def test_it_accepts_every_form_we_hand_out(client, certification, tmp_path, suffix):
    output = run(save(client, certification, suffix, tmp_path))

    assert output == (
        f"VALID: Vera Visible — Excellent Developer (urn:uuid:{certification.public_id})\n"
    )


def test_it_accepts_the_chinese_json(client, certification, tmp_path):
    path = tmp_path / "zh.json"
    path.write_bytes(client.get(f"/verify/{certification.public_id}.json?lang=zh-Hans").content)

    assert run(path).startswith("VALID: Vera Visible — 优秀开发者")


# --- Each failure has its own message ---------------------------------------------------------
def test_a_tampered_credential_fails_as_altered(client, certification, tmp_path):
    header, payload, signature = token_of(client, certification).split(".")
    claims = jwt.decode(f"{header}.{payload}.{signature}", options={"verify_signature": False})
    claims["credentialSubject"]["achievement"]["name"] = "Senior Developer"
    forged = ".".join(
        [header, jwt.utils.base64url_encode(json.dumps(claims).encode()).decode(), signature]
    )
    path = tmp_path / "forged.jwt"
    path.write_text(forged)

    assert run_failing(path) == (
        "INVALID: signature does not match: the credential was altered after it was signed\n"
    )


def test_an_expired_credential_fails_as_expired(client, certification, tmp_path):
    certification.awarded_on = datetime.date(2023, 1, 1)
    certification.expires_on = yesterday()
    certification.save()

    output = run_failing(save(client, certification, ".jwt", tmp_path))

    until = (yesterday() + datetime.timedelta(days=1)).isoformat()
    assert output == f"INVALID: expired at {until}T00:00:00Z\n"


def test_a_revoked_credential_fails_as_revoked_through_the_status_list(
    client, certification, staff, tmp_path
):
    path = save(client, certification, "/badge.png", tmp_path)
    assert run(path).startswith("VALID")

    certification_revoke(certification=certification, actor=staff, reason="Plagiarised work")

    assert run_failing(path) == (
        "INVALID: revoked: the issuer's status list marks this credential as revoked\n"
    )


def test_a_credential_signed_with_a_foreign_key_fails_as_not_the_issuers(
    client, certification, tmp_path
):
    claims = jwt.decode(token_of(client, certification), options={"verify_signature": False})
    impostor = jwt.encode(
        claims,
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": "https://keys.example.net/impostor.json", "typ": "JWT"},
    )
    path = tmp_path / "impostor.jwt"
    path.write_text(impostor)

    assert run_failing(path) == (
        "INVALID: signed with a key the issuer does not publish: "
        "https://keys.example.net/impostor.json\n"
    )


def test_a_foreign_key_claiming_our_kid_fails_the_signature(client, certification, tmp_path):
    token = token_of(client, certification)
    claims = jwt.decode(token, options={"verify_signature": False})
    impostor = jwt.encode(
        claims,
        Ed25519PrivateKey.generate(),
        algorithm="EdDSA",
        headers={"kid": jwt.get_unverified_header(token)["kid"], "typ": "JWT"},
    )
    path = tmp_path / "impostor.jwt"
    path.write_text(impostor)

    assert "INVALID: signature does not match" in run_failing(path)


def test_a_kid_naming_no_key_of_ours_fails_as_unpublished(client, certification, tmp_path):
    claims = jwt.decode(token_of(client, certification), options={"verify_signature": False})
    kid = f"{django_settings.SITE_URL}/.well-known/jwks/retired-key.json"
    token = jwt.encode(
        claims, Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid, "typ": "JWT"}
    )
    path = tmp_path / "retired.jwt"
    path.write_text(token)

    assert run_failing(path).startswith(f"INVALID: the issuer publishes no key {kid}")


def test_an_edited_json_fails_as_differing_from_what_was_signed(client, certification, tmp_path):
    credential = client.get(f"/verify/{certification.public_id}.json").json()
    credential["credentialSubject"]["name"] = "Someone Else"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(credential))

    assert run_failing(path) == (
        "INVALID: the JSON differs from what the issuer signed: credentialSubject\n"
    )


def test_a_baked_badge_with_a_tampered_credential_fails(client, certification, tmp_path):
    svg = client.get(f"/verify/{certification.public_id}/badge.svg").content.decode()
    token = token_of(client, certification)
    payload = token.split(".")[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["validUntil"] = "2999-01-01T00:00:00Z"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    path = tmp_path / "tampered.svg"
    path.write_text(svg.replace(payload, forged))

    assert "INVALID: signature does not match" in run_failing(path)


# --- Unreadable input -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some notes, not a credential", "not a compact JWT"),
        (b'{"hello": "world"}', "not a credential (no credentialSubject)"),
        (b"{not json", "invalid JSON"),
        (b"\x89PNG\r\n\x1a\nbroken", "unreadable PNG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "no openbadges:credential"),
        (b"\xff\xfe\x00binary", "neither text"),
    ],
)
def test_it_refuses_what_is_not_a_credential(tmp_path, db, content, message):
    path = tmp_path / "input"
    path.write_bytes(content)

    assert message in str(refused(path))


def test_it_refuses_an_svg_with_an_xml_bomb(tmp_path, db):
    path = tmp_path / "bomb.svg"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg>&b;</svg>'
    )

    assert "unreadable SVG" in str(refused(path))


def test_it_refuses_a_png_without_a_credential(client, tmp_path, db):
    path = tmp_path / "plain.png"
    path.write_bytes(client.get("/badges/evangelist.png").content)

    assert "no openbadgecredential iTXt chunk" in str(refused(path))


def test_it_refuses_a_missing_file(tmp_path, db):
    assert "cannot read" in str(refused(tmp_path / "nowhere.jwt"))


# --- Another issuer: everything over HTTP -----------------------------------------------------
@pytest.fixture
def over_http(live_server, settings, seed_programme, monkeypatch):
    """The live app as the issuer, and the command as a verifier on another machine would run:
    every document (key, status list, signed form) fetched over HTTP, none read locally."""
    settings.SITE_URL = live_server.url
    monkeypatch.setattr(verification, "dereference", verification.fetch)
    return live_server.url


@pytest.mark.django_db(transaction=True)
def test_over_http_every_form_is_checked(over_http, tmp_path, staff):
    certification = make_person("remote-ren", display_name="Ren").certifications.get()
    base = f"{over_http}/verify/{certification.public_id}"
    json_path = tmp_path / "remote.json"
    json_path.write_bytes(fetch(f"{base}.json"))

    assert run(f"{base}.jwt").startswith("VALID: Ren — Excellent Developer")
    assert run(json_path).startswith("VALID: Ren — Excellent Developer")
    assert run(f"{base}/badge.png").startswith("VALID: Ren")

    certification_revoke(certification=certification, actor=staff, reason="Copied work")
    assert run_failing(f"{base}.jwt") == (
        "INVALID: revoked: the issuer's status list marks this credential as revoked\n"
    )
    assert "revoked: the issuer's status list" in run_failing(json_path)


@pytest.mark.django_db(transaction=True)
def test_over_http_a_failing_status_list_leaves_the_status_unknown(over_http, monkeypatch):
    certification = make_person("lost-lu").certifications.get()

    def broken():
        raise RuntimeError("database unavailable")

    monkeypatch.setattr("honor_wall.credentials.status_list.signed_status_list", broken)

    output = run_failing(f"{over_http}/verify/{certification.public_id}.jwt")

    list_url = f"{over_http}/credentials/status/revocation"
    assert output == (
        f"INVALID: revocation status unknown: cannot read the status list {list_url}: "
        f"{list_url}: HTTP Error 500: Internal Server Error\n"
    )
