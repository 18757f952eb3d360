"""allauth's two-step verification stage, which accepts the organisation provider's own second factor when trusted."""
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.stages import AuthenticateStage

from ..mfa import MFA_METHOD

# Set on the request by the sign-in adapter when this very callback's token says the person used a second
# factor AND their organisation trusts its provider's: {"provider": ..., "uid": ...}. A request attribute,
# never the session, so it cannot outlive the sign-in that earned it.
PROVIDER_MFA_ATTRIBUTE = "_federation_provider_mfa"


class ProviderMFAStage(AuthenticateStage):
    """Skip our code only when the organisation's provider vouched for a second factor on this sign-in."""

    def _should_handle(self, request) -> bool:
        vouched = getattr(request, PROVIDER_MFA_ATTRIBUTE, None)
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        user = self.login.user
        if (vouched and sociallogin is not None and user is not None
                and sociallogin.account.provider == vouched["provider"] and sociallogin.account.uid == vouched["uid"]):
            # Recorded as allauth records a second factor, so accounts.mfa treats this session as having passed one.
            record_authentication(request, user, MFA_METHOD, type="provider", provider=vouched["provider"])
            return False
        return super()._should_handle(request)
