"""allauth's social-account adapter for organisation sign-in: apps from our model, our rules before any account.

Why apps come from `OrganisationSignIn` through `list_apps` rather than allauth's own `SocialApp` table: one
record per organisation holds both what allauth needs (issuer, client id and secret) and what only we use
(domains, tenants, password and MFA policy), so the two can never disagree and staff edit one form; the secret
is never rendered back, which allauth's own admin for SocialApp would do.

Microsoft Entra ID organisations use allauth's `openid_connect` provider pointed at the tenant's v2.0 issuer, not
its `microsoft` provider: that one reads the person from Microsoft Graph rather than the signed ID token (so no
`tid`, `amr` or email verification claim to check), and serves one fixed callback for every tenant, where each
organisation here needs its own client.
"""
import jwt
from allauth.account.utils import filter_users_by_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.base import AuthError, AuthProcess
from django.shortcuts import redirect, render
from django.urls import reverse

from . import selectors, services
from .models import OrganisationSignIn
from .rules import SignInRefused, claims_check
from .stages import PROVIDER_MFA_ATTRIBUTE

REFUSAL_TEMPLATE = "socialaccount/authentication_error.html"


def social_app(sign_in: OrganisationSignIn) -> SocialApp:
    """The allauth app for one organisation (never saved: our model is the record)."""
    return SocialApp(
        provider="openid_connect", provider_id=sign_in.provider_id, name=sign_in.organisation.name,
        client_id=sign_in.client_id, secret=sign_in.client_secret,
        settings={
            "server_url": sign_in.issuer_url(),
            # Every claim is read from the signed ID token, never from the userinfo endpoint.
            "fetch_userinfo": False,
            "oauth_pkce_enabled": True,
        },
    )


def refusal(request, message: str, *, sign_in: OrganisationSignIn | None = None, status: int = 403):
    return render(request, REFUSAL_TEMPLATE, {"refusal": message, "sign_in": sign_in}, status=status)


def _token_refusal(exception, organisation: str) -> str | None:
    cause = exception.__cause__ if exception is not None else None
    if isinstance(cause, jwt.ExpiredSignatureError):
        return (f"{organisation}'s sign-in had expired by the time it reached us. Try again; if it keeps happening, "
                "check that your computer's clock is right.")
    if isinstance(cause, jwt.InvalidAudienceError):
        return (f"{organisation}'s sign-in was meant for a different service, not this one, so we could not use "
                "it. Ask your IT team to check the client ID set up for this service.")
    if isinstance(cause, jwt.InvalidIssuerError):
        return (f"The sign-in came from a different server from the one set up for {organisation}, so we could "
                "not trust it. Ask your IT team to check the issuer address set up for this service.")
    if isinstance(cause, jwt.PyJWTError):
        return f"{organisation}'s sign-in could not be checked, so we could not use it. Try again."
    return None


class FederationAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = []
        for sign_in in selectors.enabled_sign_ins():
            app = social_app(sign_in)
            if provider and provider not in (app.provider, app.provider_id):
                continue
            if client_id and app.client_id != client_id:
                continue
            apps.append(app)
        return apps

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        sign_in = selectors.sign_in_for_provider(getattr(provider, "sub_id", "") or "")
        organisation = sign_in.organisation.name if sign_in else "Your organisation"
        if error == AuthError.CANCELLED:
            message = "You did not finish signing in with your organisation's account. Nothing has changed."
        elif extra_context and "state_id" in extra_context and extra_context.get("state") is None:
            message = ("This sign-in has already been used, or it was started in another browser or too long ago. "
                       "Start again from the sign-in page.")
        else:
            message = _token_refusal(exception, organisation) or (
                f"We could not sign you in with {organisation}'s account. Try again; if it keeps happening, ask "
                "your IT team.")
        raise ImmediateHttpResponse(refusal(request, message, sign_in=sign_in,
                                            status=200 if error == AuthError.CANCELLED else 403))

    def pre_social_login(self, request, sociallogin):
        sign_in = selectors.sign_in_for_provider(sociallogin.account.provider)
        if sign_in is None:
            raise ImmediateHttpResponse(refusal(request, "This organisation's sign-in is not offered any more. "
                                                         "Sign in with your password instead."))
        claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
        try:
            vouched = claims_check(sign_in=sign_in, claims=claims)
        except SignInRefused as refused:
            raise ImmediateHttpResponse(refusal(request, refused.message, sign_in=sign_in))
        # The address the provider vouched for is the only one this sign-in may use.
        for address in sociallogin.email_addresses:
            address.verified = address.email.lower() == vouched.email
        if vouched.provider_mfa:
            setattr(request, PROVIDER_MFA_ATTRIBUTE,
                    {"provider": sociallogin.account.provider, "uid": sociallogin.account.uid})
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            if (request.user.email or "").lower() != vouched.email:
                raise ImmediateHttpResponse(refusal(
                    request, f"Your organisation's account is for {vouched.email}, not for the account you are "
                             f"signed in to ({request.user.email}), so we have not linked them."))
            return
        if sociallogin.is_existing:
            return
        if filter_users_by_email(vouched.email):
            # An account already has this address: the person proves it is theirs before anything is linked.
            services.pending_link_start(request=request, sociallogin=sociallogin, email=vouched.email,
                                        provider_mfa=vouched.provider_mfa)
            raise ImmediateHttpResponse(redirect(reverse("federation:link")))

    def is_auto_signup_allowed(self, request, sociallogin):
        # Everything a new account needs came from the provider and passed our rules: no form to fill in.
        return True

    def is_open_for_signup(self, request, sociallogin):
        return True

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.full_name = (data.get("name") or "").strip()[:150]
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        sign_in = selectors.sign_in_for_provider(sociallogin.account.provider)
        claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
        services.federated_member_place(user=user, sign_in=sign_in, name=str(claims.get("name") or ""),
                                        request=request)
        return user
