"""LTI Dynamic Registration: the partner's administrator opens our one-use registration address from their
platform; we read the platform's OpenID configuration and register our tool with it, and it with us."""
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiRegistration

from .models import PartnerPlatform, RegistrationInvite
from .services import platform_save

INVITE_DAYS = 7
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
SCOPES = ["https://purl.imsglobal.org/spec/lti-ags/scope/score",
          "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"]


class RegistrationRefused(Exception):
    """Dynamic registration could not finish; the message is written for the platform's administrator."""


def invite_create(*, organisation, created_by) -> RegistrationInvite:
    return RegistrationInvite.objects.create(key=secrets.token_urlsafe(32), organisation=organisation,
                                             created_by=created_by)


def invite_find(*, key: str) -> RegistrationInvite:
    invite = RegistrationInvite.objects.select_related("organisation").filter(key=key).first()
    if invite is None or invite.used_at is not None:
        raise RegistrationRefused("This registration address has already been used, or is not one we gave out. "
                                  "Ask the partnership team for a new one.")
    if timezone.now() - invite.created_at > timedelta(days=INVITE_DAYS):
        raise RegistrationRefused(f"This registration address ran out after {INVITE_DAYS} days. Ask the "
                                  "partnership team for a new one.")
    return invite


def _fetch_configuration(url: str) -> dict:
    try:
        answer = requests.get(url, timeout=10)
        answer.raise_for_status()
        configuration = answer.json()
    except (requests.RequestException, ValueError):
        raise RegistrationRefused("We could not read your platform's configuration at the address it gave us. "
                                  "Check that our site can reach it, then start the registration again.")
    issuer = configuration.get("issuer") if isinstance(configuration, dict) else None
    # The spec: the configuration's address must start with the issuer it names.
    if not isinstance(issuer, str) or not url.startswith(issuer):
        raise RegistrationRefused("Your platform's configuration names an issuer that does not match its "
                                  "address, so we did not register it.")
    for name in ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        if not str(configuration.get(name, "")).startswith(("https://", "http://")):
            raise RegistrationRefused(f"Your platform's configuration has no {name.replace('_', ' ')}, so we "
                                      "could not register with it.")
    return configuration


def tool_configuration(*, urls: dict[str, str]) -> dict:
    """What we tell the platform about our tool (the client registration request)."""
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": urls["login"],
        "redirect_uris": [urls["launch"]],
        "client_name": "Violence Reduction Partnership training",
        "jwks_uri": urls["jwks"],
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(SCOPES),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(urls["launch"]).netloc,
            "target_link_uri": urls["launch"],
            "claims": ["iss", "sub", "name", "given_name", "family_name", "email"],
            "messages": [{"type": "LtiDeepLinkingRequest", "target_link_uri": urls["deep_linking"],
                          "label": "Add training modules"}],
        },
    }


@transaction.atomic
def platform_register_dynamically(*, key: str, openid_configuration: str, registration_token: str,
                                  urls: dict[str, str]) -> PartnerPlatform:
    """Register with the platform and record it for the invite's organisation; the invite is used once."""
    invite = invite_find(key=key)
    RegistrationInvite.objects.select_for_update().filter(pk=invite.pk).first()
    configuration = _fetch_configuration(openid_configuration)
    headers = {"Authorization": f"Bearer {registration_token}"} if registration_token else {}
    try:
        answer = requests.post(configuration["registration_endpoint"], json=tool_configuration(urls=urls),
                               headers=headers, timeout=10)
        answer.raise_for_status()
        registered = answer.json()
    except (requests.RequestException, ValueError):
        raise RegistrationRefused("Your platform did not accept our registration. Start it again from your "
                                  "platform; if it fails again, register us by hand (see our README).")
    client_id = registered.get("client_id") if isinstance(registered, dict) else None
    if not client_id:
        raise RegistrationRefused("Your platform accepted our registration but gave no client ID, so we could "
                                  "not finish it.")
    if LtiRegistration.objects.filter(issuer=configuration["issuer"], client_id=str(client_id)).exists():
        raise RegistrationRefused("Your platform is already registered with us under this client ID.")
    deployment_id = (registered.get(TOOL_CONFIGURATION) or {}).get("deployment_id")
    product = (configuration.get(PLATFORM_CONFIGURATION) or {}).get("product_family_code") or ""
    platform = platform_save(
        organisation=invite.organisation, name=f"{invite.organisation.name} {product}".strip()[:255],
        issuer=configuration["issuer"], client_id=str(client_id),
        deployment_ids=[str(deployment_id)] if deployment_id else [], keyset_url=configuration["jwks_uri"],
        auth_url=configuration["authorization_endpoint"], token_url=configuration["token_endpoint"],
        registered_by=invite.created_by)
    RegistrationInvite.objects.filter(pk=invite.pk).update(used_at=timezone.now(), platform=platform)
    return platform
