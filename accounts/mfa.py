"""Two-factor sign-in (allauth.mfa: TOTP and recovery codes): required for staff roles before any staff page.

Partnership staff, organisation leads, editors and administrators see staff records of police, NHS and
council staff, so a password alone is not enough for them. Anyone else may opt in from their account.
A staff page is any Wagtail admin page, any view behind `accounts.decorators.permission_required`, and
any path under MFA_REQUIRED_PATH_PREFIXES (for staff areas served some other way).
"""
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from . import roles

MFA_ROLES = {roles.PARTNERSHIP_STAFF, roles.ORGANISATION_LEAD, roles.EDITOR}
SETUP_MESSAGE = (
    "Your role lets you see other people's training records, so you need a second way to prove it is you. "
    "Set up an authenticator app to carry on."
)


def mfa_required(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return any(group.name in MFA_ROLES for group in user.groups.all())


def has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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


class MFARequiredMiddleware:
    """Sends a staff-role user without a second factor to set one up, instead of to any staff page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not is_staff_page(request, view_func):
            return None
        if not mfa_required(user) or has_second_factor(user):
            return None
        messages.warning(request, SETUP_MESSAGE)
        return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
