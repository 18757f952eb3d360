"""allauth adapter: saves the full name and keeps messages plain."""
from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter

from . import landing, onboarding
from .network import client_ip


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": "An account already uses this email address. Sign in, or reset your password if you have forgotten it.",
        "too_many_login_attempts": "Too many failed attempts to sign in. Wait a few minutes and try again, or reset your password.",
    }

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        user.full_name = form.cleaned_data.get("full_name", "").strip()
        user.job_role = form.cleaned_data.get("job_role", "").strip()
        user.area = form.cleaned_data.get("area")
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request):
        # A person with something left to do (such as finding their school) goes there first, unless
        # they were on their way to a particular page.
        if not request.GET.get("next") and not request.POST.get("next"):
            url = onboarding.next_step_url(request.user) or landing.landing_url(request.user)
            if url:
                return url
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request):
        url = onboarding.next_step_url(request.user) if request.user.is_authenticated else None
        return url or super().get_signup_redirect_url(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # Failed sign-ins are counted per address *and* client: five wrong passwords typed by someone else
        # do not lock the owner out on their own device.
        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{self.get_client_ip(request)}"

    def get_client_ip(self, request):
        # allauth's login, signup and password-reset rate limits key on this: one setting for every limit.
        return client_ip(request) or super().get_client_ip(request)


class MFAAdapter(DefaultMFAAdapter):
    """allauth's two-step verification, with its refusals in the service's words."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "That code did not work. Enter the 6-digit code your authenticator app shows now, "
                          "or one of your recovery codes.",
        "unverified_email": "Confirm your email address first, using the link we sent you, then set up two-step "
                            "verification.",
    }
