"""Writes for organisation sign-in: placing a new learner, and linking an existing account once its owner proves it.

A claim from a provider never links to an existing account on its own, never grants a role beyond learner and
never makes anyone an organisation lead: those come from partnership staff.
"""
import hashlib
import hmac
import secrets
import time

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from .. import roles
from ..audit import audit_record
from ..models import MembershipStatus
from .models import OrganisationSignIn

User = get_user_model()

PENDING_LINK_KEY = "federation.pending_link"
CODE_LIFETIME_SECONDS = 10 * 60
CODE_ATTEMPTS = 5
CODE_SENDS = 3


class LinkRefused(Exception):
    """The account cannot be linked as asked; the message tells the person what to do."""


@transaction.atomic
def federated_member_place(*, user, sign_in: OrganisationSignIn, name: str, request=None) -> None:
    """A first sign-in through an organisation's provider: the new person is a learner in that organisation.

    The provider vouched for the address (verified, at one of the organisation's domains), which is what joining
    an organisation by email domain asks for, so they join it approved, and as a learner only.
    """
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.organisation = sign_in.organisation
    locked.membership_status = MembershipStatus.APPROVED
    if name and not locked.full_name:
        locked.full_name = name[:150]
    locked.save(update_fields=["organisation", "membership_status", "full_name"])
    roles.assign_role(locked, roles.LEARNER)
    audit_record(actor=locked, action="federation.signup", target=locked, request=request,
                 detail=f"First sign-in with {sign_in.organisation}'s account ({sign_in.provider_id})")


def _code_digest(code: str, email: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{email}:{code}".encode(), hashlib.sha256).hexdigest()


def pending_link(request) -> dict | None:
    return request.session.get(PENDING_LINK_KEY)


def pending_link_start(*, request, sociallogin, email: str, provider_mfa: bool) -> None:
    """Keep the provider's answer in this session while the owner of the existing account proves it is theirs."""
    request.session[PENDING_LINK_KEY] = {
        "sociallogin": sociallogin.serialize(), "email": email, "provider": sociallogin.account.provider,
        "provider_mfa": provider_mfa, "code": None, "expires": 0, "attempts": 0, "sends": 0,
    }


def pending_link_clear(request) -> None:
    request.session.pop(PENDING_LINK_KEY, None)


def link_code_send(*, request) -> None:
    """Email a one-time code to the existing account's address: receiving it proves the person owns it."""
    pending = pending_link(request)
    if pending is None:
        raise LinkRefused("Your sign-in has timed out. Start again from the sign-in page.")
    if pending["sends"] >= CODE_SENDS:
        raise LinkRefused("We have already sent you three codes. Use the latest one, or sign in with your "
                          "password instead.")
    code = f"{secrets.randbelow(1_000_000):06d}"
    pending.update(code=_code_digest(code, pending["email"]), expires=time.time() + CODE_LIFETIME_SECONDS,
                   attempts=0, sends=pending["sends"] + 1)
    request.session[PENDING_LINK_KEY] = pending
    user = User.objects.filter(email__iexact=pending["email"]).first()
    get_account_adapter(request).send_mail("account/email/login_code", pending["email"],
                                           {"code": code, "user": user, "email": pending["email"]})


def link_code_check(*, request, code: str) -> None:
    """Check the code typed against the one sent; a wrong code counts, and too many end the attempt."""
    pending = pending_link(request)
    if pending is None or not pending.get("code"):
        raise LinkRefused("Your sign-in has timed out. Start again from the sign-in page.")
    if time.time() > pending["expires"]:
        raise LinkRefused("That code has expired. Ask for a new one.")
    pending["attempts"] += 1
    request.session[PENDING_LINK_KEY] = pending
    if pending["attempts"] > CODE_ATTEMPTS:
        pending.update(code=None)
        request.session[PENDING_LINK_KEY] = pending
        raise LinkRefused("That code has been tried too many times. Ask for a new one.")
    if not hmac.compare_digest(_code_digest(code.strip(), pending["email"]), pending["code"]):
        raise LinkRefused("That code is not the one we sent. Check the latest email from us and try again.")


@transaction.atomic
def account_link(*, request, user, sociallogin) -> None:
    """Link the organisation account to `user`, whose owner has just proved the address (code or password)."""
    pending = pending_link(request)
    if pending is None:
        raise LinkRefused("Your sign-in has timed out. Start again from the sign-in page.")
    if (user.email or "").lower() != pending["email"]:
        raise LinkRefused(f"You are signed in as {user.email}, but your organisation's account is for "
                          f"{pending['email']}. Sign out, then sign in as {pending['email']}.")
    sociallogin.connect(request, user)
    audit_record(actor=user, action="federation.link", target=user, request=request,
                 detail=f"Linked to the organisation account {sociallogin.account.provider}")
    pending_link_clear(request)
