"""Claims chosen per test user: read from claims.json in the provider's folder each time a token is issued.

Keys other than these are added to the ID token as they are: `aud` and `iss` replace the real ones (a token for
another client, a changed issuer), and `exp_offset` sets the expiry relative to now (negative: already expired).
"""
import json
import time

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator

REPLACING = ("aud", "iss", "exp_offset")


def _profile(user) -> dict:
    path = settings.DATA / "claims.json"
    chosen = json.loads(path.read_text()) if path.exists() else {}
    # "*" holds what every token says unless the person's own entry says otherwise (such as the tenant).
    return {**chosen.get("*", {}), **chosen.get(user.username, {})}


class ChosenClaimsValidator(OAuth2Validator):
    # Every claim goes in the ID token, whatever the scopes (the site asks for openid email profile anyway).
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        claims = {"email": user.email, "email_verified": True, "name": f"{user.first_name} {user.last_name}".strip()}
        claims.update({key: value for key, value in _profile(user).items() if key not in REPLACING})
        return claims

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(token, token_handler, request)
        profile = _profile(request.user)
        for key in ("aud", "iss"):
            if key in profile:
                claims[key] = profile[key]
        if "exp_offset" in profile:
            claims["exp"] = int(time.time()) + int(profile["exp_offset"])
        return claims, expiration

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        # The site under test runs on ports chosen at random: any loopback or test-client address is its own.
        return redirect_uri.startswith(("http://127.0.0.1:", "http://localhost:", "http://testserver/"))
