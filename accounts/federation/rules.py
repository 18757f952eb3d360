"""What an organisation's ID token must say before the site believes it: one rule, one named refusal."""
from dataclasses import dataclass

from .models import OrganisationSignIn, ProviderKind


class SignInRefused(Exception):
    """The provider's answer cannot sign anyone in; the message says why, in the person's terms."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Vouched:
    """What the provider vouched for, once every rule passed."""

    email: str
    name: str
    provider_mfa: bool


def _truthy(value) -> bool:
    # Some providers send booleans as strings ("true"); nothing else counts.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def _methods(amr) -> list[str]:
    if isinstance(amr, str):
        return [amr]
    return [str(method) for method in amr] if isinstance(amr, list) else []


def claims_check(*, sign_in: OrganisationSignIn, claims: dict) -> Vouched:
    """Check the ID token's claims against the organisation's settings; raise SignInRefused on the first failure.

    The token's signature, audience, expiry and issuer (against the provider's discovery document) have been
    checked by allauth already; this adds the organisation's own rules, and that the issuer is the one staff set.
    """
    organisation = sign_in.organisation.name
    if str(claims.get("iss", "")).rstrip("/") != sign_in.issuer_url():
        raise SignInRefused(
            f"The sign-in came from a different server from the one set up for {organisation}, so we could not "
            "trust it. Ask your IT team to check the issuer address set up for this service.", reason="issuer")
    if sign_in.kind == ProviderKind.ENTRA or sign_in.tenant_list():
        if str(claims.get("tid", "")).lower() not in sign_in.tenant_list():
            raise SignInRefused(
                f"That account belongs to a different organisation's directory from {organisation}'s. Sign in "
                f"with your {organisation} work account.", reason="tenant")
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        raise SignInRefused(
            f"{organisation}'s sign-in did not tell us your email address, so we cannot find or create your "
            "account. Ask your IT team to include the email claim.", reason="no_email")
    # Entra ID does not send email_verified; its optional claim xms_edov says the domain's owner verified it.
    verified = _truthy(claims.get("email_verified")) or (
        sign_in.kind == ProviderKind.ENTRA and _truthy(claims.get("xms_edov")))
    if not verified:
        raise SignInRefused(
            f"{organisation}'s sign-in says your email address {email} has not been confirmed, so we cannot use "
            "it to sign you in. Ask your IT team, or sign in with your password instead.", reason="unverified")
    domain = email.rpartition("@")[2]
    if domain not in sign_in.domain_list():
        raise SignInRefused(
            f"{organisation}'s sign-in cannot be used for the address {email}: it is not at one of the "
            f"organisation's email domains ({', '.join(sign_in.domain_list())}).", reason="domain")
    return Vouched(email=email, name=str(claims.get("name") or "").strip(),
                   provider_mfa=sign_in.trust_provider_mfa and "mfa" in _methods(claims.get("amr")))
