"""The provider's published discovery document, read once an hour: here only for its sign-out address."""
import logging

from urllib.parse import urlsplit

import requests
from django.core.cache import cache
from django.utils.http import urlencode

from .models import OrganisationSignIn

log = logging.getLogger(__name__)
CACHE_SECONDS = 60 * 60


def discovery_document(sign_in: OrganisationSignIn) -> dict:
    key = f"federation:discovery:{sign_in.pk}:{sign_in.issuer_url()}"
    document = cache.get(key)
    if document is None:
        try:
            response = requests.get(f"{sign_in.issuer_url()}/.well-known/openid-configuration", timeout=5)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError):
            log.warning("Could not read the discovery document of %s", sign_in.provider_id)
            return {}
        cache.set(key, document, CACHE_SECONDS)
    return document if isinstance(document, dict) else {}


def provider_sign_out_url(request, sign_in: OrganisationSignIn) -> str:
    """The provider's own sign-out (OpenID Connect RP-initiated logout), or "" when it publishes none."""
    endpoint = discovery_document(sign_in).get("end_session_endpoint")
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return ""
    query = urlencode({"client_id": sign_in.client_id, "post_logout_redirect_uri": request.build_absolute_uri("/")})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


def sign_in_origins(sign_in: OrganisationSignIn) -> list[str]:
    """Where the browser goes to sign in at the provider: its issuer's origin and its authorization endpoint's."""
    endpoint = discovery_document(sign_in).get("authorization_endpoint")
    origins = {_origin(sign_in.issuer_url()), _origin(endpoint) if isinstance(endpoint, str) else None}
    return sorted(origin for origin in origins if origin)
