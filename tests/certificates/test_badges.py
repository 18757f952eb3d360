"""Open Badges 3.0: a signed OpenBadgeCredential per certificate, the issuer's published key, and checking."""
import base64
import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from certificates import badges, services


def decode_part(token: str, index: int) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def encode_part(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture
def token(certificate):
    return badges.sign(certificate)


def test_the_credential_is_an_open_badge_3_credential(certificate):
    document = badges.credential(certificate)
    assert document["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "ob/v3p0" in document["@context"][1]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["id"] == f"urn:uuid:{certificate.credential_id}"
    assert document["issuer"]["id"].endswith("/certificates/issuer/")
    assert document["validFrom"].startswith(certificate.issued_at.date().isoformat()[:4])
    assert document["validUntil"].startswith(certificate.valid_until.isoformat())
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["name"] == certificate.achievement_title
    assert achievement["type"] == ["Achievement"]
    assert document["credentialStatus"]["type"] == "1EdTechRevocationList"
    # The email is only ever a salted hash.
    assert certificate.recipient.email not in json.dumps(document)


def test_the_vc_jwt_is_signed_with_eddsa_and_names_its_key(token, certificate):
    header = decode_part(token, 0)
    payload = decode_part(token, 1)
    assert header["alg"] == "EdDSA"
    assert header["kid"].endswith("#" + badges.public_jwk()["kid"])
    assert header["jwk"]["x"] == badges.public_jwk()["x"]
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["iss"] == payload["issuer"]["id"]
    assert payload["jti"] == payload["id"]
    assert payload["nbf"] == int(certificate.issued_at.timestamp())


def test_the_published_key_verifies_the_token(client, token):
    jwks = client.get("/certificates/issuer/jwks.json").json()
    jwk = jwks["keys"][0]
    assert jwk["kty"] == "OKP" and jwk["crv"] == "Ed25519" and "d" not in jwk
    raw = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
    key = Ed25519PublicKey.from_public_bytes(raw)
    assert jwt.decode(token, key, algorithms=["EdDSA"], options={"verify_exp": False})["jti"]


def test_the_issuer_profile_is_published(client, db):
    profile = client.get(reverse("certificates:issuer_profile")).json()
    assert profile["type"] == ["Profile"]
    assert profile["id"].endswith("/certificates/issuer/")
    assert profile["name"]


def test_the_revocation_list_names_withdrawn_credentials_only_by_id(client, certificate, staff):
    assert client.get(reverse("certificates:revocation_list")).json()["revokedCredentials"] == []
    services.certificate_revoke(certificate=certificate, by=staff, reason="Fraud")
    listed = client.get(reverse("certificates:revocation_list")).json()["revokedCredentials"]
    assert listed == [{"id": f"urn:uuid:{certificate.credential_id}", "revocationReason": "Revoked by the issuer"}]
    assert certificate.recipient_name not in json.dumps(listed)


def test_a_genuine_credential_passes(token, certificate):
    result = badges.check(token)
    assert result.genuine, result.problem
    assert result.certificate == certificate


def test_a_tampered_credential_fails(token):
    header, payload, signature = token.split(".")
    changed = decode_part(token, 1)
    changed["credentialSubject"]["achievement"]["name"] = "Advanced surgery"
    result = badges.check(".".join([header, encode_part(changed), signature]))
    assert not result.genuine
    assert "signature does not match" in result.problem


def test_a_credential_signed_with_another_key_fails(certificate):
    forged = jwt.encode(badges.credential(certificate) | {"iss": badges.issuer_id()}, Ed25519PrivateKey.generate(),
                        algorithm="EdDSA")
    assert not badges.check(forged).genuine


def test_an_unsigned_credential_is_refused(token):
    header = encode_part({"alg": "none", "typ": "JWT"})
    assert not badges.check(f"{header}.{token.split('.')[1]}.").genuine
    assert not badges.check("not a credential at all").genuine


def test_the_check_page_takes_a_pasted_credential(client, token, certificate):
    response = client.post(reverse("certificates:credential_check"), {"credential": token})
    text = response.content.decode()
    assert "Signature is genuine" in text
    assert certificate.achievement_title in text


def test_the_check_page_takes_an_uploaded_file_and_reports_tampering(client, token):
    from django.core.files.uploadedfile import SimpleUploadedFile

    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    upload = SimpleUploadedFile("open-badge.jwt", tampered.encode(), content_type="application/vc+jwt")
    text = client.post(reverse("certificates:credential_check"), {"file": upload}).content.decode()
    assert "could not be confirmed" in text
    assert "Signature is genuine" not in text


def test_a_genuine_but_revoked_credential_shows_its_status(client, token, certificate, staff):
    services.certificate_revoke(certificate=certificate, by=staff, reason="Fraud")
    text = client.post(reverse("certificates:credential_check"), {"credential": token}).content.decode()
    assert "Signature is genuine" in text
    assert "Revoked" in text


def test_a_configured_pem_key_is_used(settings, certificate):
    key = Ed25519PrivateKey.generate()
    settings.OPEN_BADGES_SIGNING_KEY = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    token = badges.sign(certificate)
    assert jwt.decode(token, key.public_key(), algorithms=["EdDSA"], options={"verify_exp": False})


def test_production_refuses_to_sign_without_a_key(settings, certificate):
    settings.OPEN_BADGES_SIGNING_KEY = ""
    settings.OPEN_BADGES_DERIVE_KEY_FROM_SECRET = False
    with pytest.raises(ImproperlyConfigured):
        badges.sign(certificate)
