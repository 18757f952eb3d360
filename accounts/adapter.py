"""allauth adapter: saves the full name, keeps messages plain, and owns the sign-in limits.

Sign-in limits (ACCOUNT_RATE_LIMITS; allauth counts each as a sliding log of timestamps):
* per address and client ("login_failed"): wrong passwords typed on one device do not hold back another;
* per account ("login_failed_account"), across every address: slows guessing from many addresses. To keep a
  stranger from locking the owner out with it, it does not apply on a device that has completed a sign-in to
  this account before (a signed "known device" cookie, set after the second factor), and a password reset
  (a link by email, itself rate limited) clears it. So the owner always has a way in: their usual device, or
  the reset email; a guesser on a new address gets a few tries a quarter-hour and no more.
"""
import hashlib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse

from . import landing, onboarding
from .federation import selectors as federation
from .network import client_ip

ACCOUNT_CEILING = "login_failed_account"
KNOWN_DEVICE_SALT = "accounts.known-device"
KNOWN_DEVICE_MAX_AGE = 365 * 24 * 60 * 60


def _account_key(email: str) -> str:
    return f"account:{email.strip().lower()}"


def _device_mark(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _device_marks(request) -> list[str]:
    value = request.COOKIES.get(settings.KNOWN_DEVICE_COOKIE_NAME)
    if not value:
        return []
    try:
        marks = signing.loads(value, salt=KNOWN_DEVICE_SALT, max_age=KNOWN_DEVICE_MAX_AGE)
    except signing.BadSignature:
        return []
    return marks if isinstance(marks, list) else []


def known_device(request, email: str) -> bool:
    """Whether this browser has completed a sign-in (second factor included) to the account with this email."""
    return bool(email) and _device_mark(email) in _device_marks(request)


def password_closed_message(sign_in, *, signing_up: bool = False) -> str:
    organisation = sign_in.organisation.name
    action = "create an account" if signing_up else "sign in"
    return (f"People at {organisation} {action} with their {organisation} account, not a password. "
            "Choose “Sign in with your organisation” and enter your work email address.")


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": "An account already uses this email address. Sign in, or reset your password if you have forgotten it.",
        "too_many_login_attempts": "Too many failed attempts to sign in. Wait a few minutes and try again, or reset your password.",
        "too_many_account_attempts": "There have been too many failed attempts to sign in to this account. To sign in "
                                     "now, reset your password (we will email you a link) or use a device you have "
                                     "signed in on before. Otherwise, wait 15 minutes and try again.",
    }

    def clean_email(self, email):
        email = super().clean_email(email)
        closed = federation.password_closed_for(email)
        if closed is not None:
            raise forms.ValidationError(password_closed_message(closed, signing_up=True))
        return email

    def get_login_stages(self):
        # allauth's second-factor step, which also accepts an organisation provider's own when staff trust it.
        return ["accounts.federation.stages.ProviderMFAStage" if stage == "allauth.mfa.stages.AuthenticateStage"
                else stage for stage in super().get_login_stages()]

    def get_logout_redirect_url(self, request):
        # Asked before the session ends: someone who came in through their organisation's provider is offered its
        # sign-out too (accounts.federation.views.signed_out), where the provider publishes one.
        sign_in = federation.sign_in_of_session(request)
        if sign_in is not None:
            return reverse("federation:signed_out", kwargs={"slug": sign_in.slug})
        return super().get_logout_redirect_url(request)

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

    def pre_authenticate(self, request, **credentials):
        email = credentials.get("email") or credentials.get("username") or ""
        closed = federation.password_closed_for(email) if email else None
        if closed is not None:
            # That organisation chose to have its people sign in only through its own account (accounts.federation).
            raise forms.ValidationError(password_closed_message(closed))
        super().pre_authenticate(request, **credentials)  # per address and client
        self._account_ceiling_email = None
        if not email or known_device(request, email):
            return
        if not ratelimit.consume(request, action=ACCOUNT_CEILING, key=_account_key(email)):
            raise self.validation_error("too_many_account_attempts")
        self._account_ceiling_email = email

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        email = getattr(self, "_account_ceiling_email", None)
        if user is not None and email:
            # The right password: the attempts before it were the owner's own typing, not guessing to hold against them.
            ratelimit.clear(request, action=ACCOUNT_CEILING, key=_account_key(email))
        return user

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # After a password reset by email: the owner is back in charge, from this device and across addresses.
        super()._delete_login_attempts_cached_email(request, **credentials)
        email = credentials.get("email") or ""
        if email:
            ratelimit.clear(request, action=ACCOUNT_CEILING, key=_account_key(email))

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        # Every stage passed (second factor included): mark this browser as one the owner uses.
        mark = _device_mark(user.email or "")
        marks = [mark, *[m for m in _device_marks(request) if m != mark]][:5]
        response.set_cookie(
            settings.KNOWN_DEVICE_COOKIE_NAME, signing.dumps(marks, salt=KNOWN_DEVICE_SALT),
            max_age=KNOWN_DEVICE_MAX_AGE, secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
            path="/",
        )
        return response

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
