"""Two-step verification (allauth.mfa: TOTP and recovery codes): who must have it, and proof that THIS session passed it.

Two rules, enforced in one place (`MFARequiredMiddleware`) that every entrance passes, the Wagtail admin's included:

* Anyone who can reach any staff page or the admin (`mfa_required`) must have an authenticator: without one, a
  staff page sends them to set one up. "Staff" is not a list of roles: it is any permission beyond booking or
  delivering one's own sessions, or Django's staff and superuser flags, so a new role or permission is covered.
* A person who has an authenticator is signed in only once THIS session has passed it. allauth records how a
  session authenticated (`allauth.account.authentication.get_authentication_records`); a session whose records
  hold no "mfa" step (made by a password alone, through any door) is sent to the second-factor step before any
  page, and reaches nothing else until it passes.
"""
from urllib.parse import urlencode

from django.contrib import messages
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse

# Permissions that only let a person book or deliver their own sessions (teachers, instructors): holding
# these alone is not "reaching a staff page". Any other permission is.
OWN_SESSIONS_PERMISSIONS = frozenset({"accounts.book_sessions", "accounts.deliver_sessions"})

SETUP_MESSAGE = (
    "Your role lets you see other people's training records, so you need a second way to prove it is you. "
    "Set up an authenticator app to carry on."
)
SECOND_STEP_MESSAGE = "Enter a code from your authenticator app to finish signing in."

# Pages a half-signed-in session may still open: the second-factor step itself, and the ways out.
SECOND_STEP_PAGES = frozenset({"mfa_reauthenticate", "account_logout"})

# The method allauth records when a second factor is passed (at sign-in or when asked again).
MFA_METHOD = "mfa"


def mfa_required(user) -> bool:
    """Whether `user` can reach any staff page or the admin, and so must have a second factor."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(user.get_all_permissions() - OWN_SESSIONS_PERMISSIONS)


# Every signed-in request asks whether its person has an authenticator, so the answer is kept in the cache
# (Redis in production) and forgotten whenever an authenticator is saved or deleted. The timeout bounds how
# long a process whose local cache missed that news (the embedded default's per-process memory) can be wrong.
SECOND_FACTOR_CACHE_SECONDS = 60


def second_factor_cache_key(user_id) -> str:
    return f"mfa:has-totp:{user_id}"


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator
    from django.core.cache import cache

    key = second_factor_cache_key(user.pk)
    answer = cache.get(key)
    if answer is None:
        answer = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        cache.set(key, answer, SECOND_FACTOR_CACHE_SECONDS)
    return answer


def forget_second_factor(sender, instance, **kwargs) -> None:
    """Signal receiver: an authenticator was added or removed, so the cached answer is out of date."""
    from django.core.cache import cache

    # Now, and again after the commit: a request in between could have cached the old answer from the database.
    cache.delete(second_factor_cache_key(instance.user_id))
    transaction.on_commit(lambda: cache.delete(second_factor_cache_key(instance.user_id)))


def session_passed_second_factor(request) -> bool:
    """Whether this session's own sign-in passed a second factor (allauth's record of it, for this user)."""
    from allauth.account.authentication import get_authentication_records

    return any(record.get("method") == MFA_METHOD for record in get_authentication_records(request, request.user))


@transaction.atomic
def totp_enable(*, user, secret: str) -> None:
    """Give `user` a TOTP authenticator with this base32 secret, and recovery codes (fixtures and set-up scripts)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


def is_staff_page(request, view_func) -> bool:
    if getattr(view_func, "staff_page", False):
        return True
    prefixes = tuple(getattr(settings, "MFA_REQUIRED_PATH_PREFIXES", ()))
    return bool(prefixes) and request.path_info.startswith(prefixes)


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class MFARequiredMiddleware:
    """Holds the two rules above on every page, whichever door the session came in by."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_setting_up_second_factor", False) and has_second_factor(request.user):
            # Setting up an authenticator app means typing a code it shows: this session has passed that factor,
            # so the person is not asked for another code at once. (Only a request that began without one.)
            from allauth.account.internal.flows.login import record_authentication
            from allauth.mfa.models import Authenticator

            totp = Authenticator.objects.get(user=request.user, type=Authenticator.Type.TOTP)
            record_authentication(request, request.user, MFA_METHOD, id=totp.pk, type=totp.type, activated=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        url_name = getattr(getattr(request, "resolver_match", None), "url_name", None)
        passed = session_passed_second_factor(request)  # read from the session: no query
        if not passed and url_name == "mfa_activate_totp" and request.method == "POST" and not has_second_factor(user):
            request._setting_up_second_factor = True
            return None
        if not passed and has_second_factor(user):
            if url_name in SECOND_STEP_PAGES:
                return None
            if request.headers.get("x-requested-with") == "XMLHttpRequest" or request.method not in ("GET", "HEAD"):
                # A script or a form sent from a half-signed-in session: refuse rather than redirect.
                return _forbidden()
            messages.info(request, SECOND_STEP_MESSAGE)
            return redirect(_with_next("mfa_reauthenticate", request))
        # A session that passed a second factor (ours, or an organisation provider's that staff chose to trust,
        # accounts.federation) is not sent to set one up.
        if not is_staff_page(request, view_func) or not mfa_required(user) or passed or has_second_factor(user):
            return None
        messages.warning(request, SETUP_MESSAGE)
        return redirect(_with_next("mfa_activate_totp", request))


def _forbidden():
    return HttpResponseForbidden("Enter a code from your authenticator app to finish signing in.",
                                 content_type="text/plain")
