"""Open Badges 3.0: each certificate as an OpenBadgeCredential, signed as a VC-JWT (EdDSA, Ed25519), and checked.

The signing key is OPEN_BADGES_SIGNING_KEY (an Ed25519 private key in PEM). Development and test
settings may instead derive a stable key from SECRET_KEY, so every process (web, worker) signs
with the same key without any set-up; production refuses to sign without a real key.
"""
import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, time, timezone as dt_timezone

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from .models import Certificate, CertificateStatus

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
ALGORITHM = "EdDSA"


# --- keys ----------------------------------------------------------------------------------------

def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@functools.lru_cache(maxsize=4)
def _load_key(pem: str, secret: str, derive: bool) -> Ed25519PrivateKey:
    if pem:
        key = serialization.load_pem_private_key(pem.replace("\\n", "\n").encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("OPEN_BADGES_SIGNING_KEY must be an Ed25519 private key in PEM format.")
        return key
    if derive and secret:
        seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"vrp-open-badges",
                    info=b"ed25519 signing key").derive(secret.encode())
        return Ed25519PrivateKey.from_private_bytes(seed)
    raise ImproperlyConfigured(
        "Set OPEN_BADGES_SIGNING_KEY to an Ed25519 private key in PEM format to sign Open Badges credentials. "
        "Make one with: openssl genpkey -algorithm ed25519"
    )


def signing_key() -> Ed25519PrivateKey:
    return _load_key(settings.OPEN_BADGES_SIGNING_KEY, settings.SECRET_KEY,
                     settings.OPEN_BADGES_DERIVE_KEY_FROM_SECRET)


def public_key() -> Ed25519PublicKey:
    return signing_key().public_key()


def public_jwk() -> dict:
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    x = _b64url(raw)
    # RFC 7638 thumbprint as the key id, so a rotated key gets a new id.
    thumbprint = _b64url(hashlib.sha256(json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True
    ).encode()).digest())
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": thumbprint, "use": "sig", "alg": ALGORITHM}


# --- documents ------------------------------------------------------------------------------------

def _absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def issuer_id() -> str:
    return _absolute("certificates:issuer_profile")


def issuer_profile() -> dict:
    return {
        "@context": CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.SERVICE_NAME,
        "url": settings.SITE_URL + "/",
        "description": "Issues certificates for training run by the Violence Reduction Partnership. "
                       "Credentials are signed (EdDSA); the public key is at " + _absolute("certificates:issuer_jwks"),
    }


def _achievement_id(certificate: Certificate) -> str:
    url = getattr(certificate.achievement, "full_url", None)
    if url:
        return url
    kind = certificate.achievement_content_type
    return f"urn:vrp:achievement:{kind.app_label}.{kind.model}:{certificate.achievement_object_id}"


def _identity(certificate: Certificate) -> list[dict]:
    # The name in plain text (as printed and shown on the public page); the email only as a salted hash.
    identities = [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                   "identityHash": certificate.recipient_name}]
    if certificate.recipient is not None and certificate.recipient.email:
        salt = certificate.credential_id.hex[:16]
        digest = hashlib.sha256((certificate.recipient.email.lower() + salt).encode()).hexdigest()
        identities.append({"type": "IdentityObject", "identityType": "emailAddress", "hashed": True,
                           "identityHash": f"sha256${digest}", "salt": salt})
    return identities


def credential(certificate: Certificate) -> dict:
    """The OpenBadgeCredential (Open Badges 3.0) for a certificate, unsigned."""
    narrative = f"Completed {certificate.achievement_title}"
    if certificate.cpd_hours:
        narrative += f" ({certificate.cpd_hours.normalize():f} CPD hours)"
    document = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{certificate.credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": certificate.achievement_title,
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": settings.SERVICE_NAME,
                   "url": settings.SITE_URL + "/"},
        "validFrom": certificate.issued_at.replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": _identity(certificate),
            "achievement": {
                "id": _achievement_id(certificate),
                "type": ["Achievement"],
                "name": certificate.achievement_title,
                "description": f"{certificate.achievement_title}, a training programme of {settings.SERVICE_NAME}.",
                "criteria": {"narrative": narrative + "."},
                "achievementType": "Certificate",
            },
        },
        "credentialStatus": {"id": _absolute("certificates:revocation_list"), "type": "1EdTechRevocationList"},
        "evidence": [{"id": certificate.get_verify_url(), "type": ["Evidence"],
                      "name": f"Certificate {certificate.display_code}"}],
    }
    if certificate.valid_until:
        document["validUntil"] = f"{certificate.valid_until.isoformat()}T23:59:59Z"
    return document


def sign(certificate: Certificate) -> str:
    """The credential as a compact VC-JWT: the credential is the payload, with the registered claims beside it."""
    document = credential(certificate)
    payload = {
        **document,
        "iss": document["issuer"]["id"],
        "jti": document["id"],
        "nbf": int(certificate.issued_at.timestamp()),
    }
    if certificate.valid_until:
        payload["exp"] = int(datetime.combine(certificate.valid_until, time(23, 59, 59), dt_timezone.utc).timestamp())
    jwk = public_jwk()
    headers = {"typ": "JWT", "kid": f"{_absolute('certificates:issuer_jwks')}#{jwk['kid']}", "jwk": jwk}
    return jwt.encode(payload, signing_key(), algorithm=ALGORITHM, headers=headers)


def revocation_list() -> dict:
    """1EdTech revocation list: credential ids only, so it names nobody."""
    withdrawn = Certificate.objects.filter(
        status__in=[CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED]
    ).values_list("credential_id", "status")
    return {
        "id": _absolute("certificates:revocation_list"),
        "issuer": issuer_id(),
        "revokedCredentials": [
            {"id": f"urn:uuid:{credential_id}",
             "revocationReason": "Revoked by the issuer" if status == CertificateStatus.REVOKED
             else "Replaced by a newer credential"}
            for credential_id, status in withdrawn
        ],
    }


# --- checking --------------------------------------------------------------------------------------

@dataclass
class CredentialCheck:
    """What checking a credential found. `problem` is a plain sentence for the person who pasted it."""

    genuine: bool
    problem: str = ""
    payload: dict | None = None
    certificate: Certificate | None = None


def extract_token(text: str) -> str:
    """The compact JWT in what someone pasted or uploaded: the token itself, or JSON holding it."""
    text = (text or "").strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return ""
        proof = data.get("proof") if isinstance(data, dict) else None
        candidates = [data.get("jwt") if isinstance(data, dict) else None]
        if isinstance(proof, dict):
            candidates.append(proof.get("jwt"))
        text = next((c for c in candidates if isinstance(c, str)), "")
    return "".join(text.split())


def check(text: str) -> CredentialCheck:
    """Check a credential's signature against our published key, then look up its current status."""
    from .selectors import certificate_by_credential_id

    token = extract_token(text)
    if token.count(".") != 2:
        return CredentialCheck(False, "This is not a signed credential. Paste or upload the whole .jwt file "
                                      "you downloaded with your certificate.")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return CredentialCheck(False, "This credential is damaged or incomplete, so it cannot be checked.")
    if header.get("alg") != ALGORITHM:
        return CredentialCheck(False, "This credential was not signed by us, so it cannot be trusted.")
    try:
        # Expiry is shown from our records below, so an expired but genuine credential still reads as genuine.
        payload = jwt.decode(token, public_key(), algorithms=[ALGORITHM],
                             options={"verify_exp": False, "verify_nbf": False, "verify_aud": False})
    except jwt.InvalidSignatureError:
        return CredentialCheck(False, "The signature does not match: this credential has been changed since we "
                                      "issued it, or was not issued by us.")
    except jwt.PyJWTError:
        return CredentialCheck(False, "This credential is damaged or incomplete, so it cannot be checked.")
    if payload.get("iss") != issuer_id() or "OpenBadgeCredential" not in payload.get("type", []):
        return CredentialCheck(False, "This credential was not issued by us.")
    credential_id = str(payload.get("id", "")).removeprefix("urn:uuid:")
    try:
        certificate = certificate_by_credential_id(credential_id)
    except (ValueError, ValidationError):
        certificate = None
    if certificate is None:
        return CredentialCheck(False, "The signature is ours but we have no record of this credential.", payload)
    return CredentialCheck(True, "", payload, certificate)
