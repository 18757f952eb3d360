"""Writes of the LTI tool: registering platforms, starting logins, turning launches into learners, posting grades.

Every function is keyword-only; refusals raise a domain exception whose message is written for the person.
"""
import secrets
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from lti_tool.models import Key, LtiDeployment, LtiRegistration, LtiUser

from accounts import roles
from accounts.models import MembershipStatus, Organisation
from courses.models import CoursePage

from .launch import AGS_ENDPOINT, AGS_SCORE_SCOPE, DEEP_LINKING_SETTINGS, VerifiedLaunch, refuse
from .models import GradeTarget, HandoffPurpose, LaunchHandoff, LoginState, PartnerPlatform

User = get_user_model()

# A launch handed to a new window (or to the link step) must be used soon, and only once.
HANDOFF_SECONDS = 5 * 60
LINK_SECONDS = 30 * 60
DEEP_LINK_SECONDS = 30 * 60


class HandoffUnusable(Exception):
    """The one-time launch link was used already, ran out, or belongs to someone else."""


# --- Registration -------------------------------------------------------------------------------------------


def tool_key_ensure() -> Key:
    """The key we sign with (deep linking responses, service tokens); made on first need, published in our JWKS."""
    key = Key.objects.active().order_by("-datetime_created").first()
    return key if key is not None else Key.objects.generate()


@transaction.atomic
def platform_save(*, organisation: Organisation, name: str, issuer: str, client_id: str, deployment_ids: list[str],
                  keyset_url: str, auth_url: str, token_url: str, registered_by=None,
                  platform: PartnerPlatform | None = None) -> PartnerPlatform:
    """Register a partner's platform (or change one): its details, whose learners it launches, its deployments.

    Deployments no longer listed are switched off, not deleted, so their history stays.
    """
    tool_key_ensure()
    fields = {"name": name, "issuer": issuer, "client_id": client_id, "keyset_url": keyset_url,
              "auth_url": auth_url, "token_url": token_url, "is_active": True}
    if platform is None:
        registration = LtiRegistration.objects.create(**fields)
        platform = PartnerPlatform.objects.create(registration=registration, organisation=organisation,
                                                  registered_by=registered_by)
    else:
        registration = platform.registration
        for name_, value in fields.items():
            setattr(registration, name_, value)
        registration.save()
        platform.organisation = organisation
        platform.save(update_fields=["organisation"])
    wanted = set(deployment_ids)
    for deployment in LtiDeployment.objects.filter(registration=registration):
        active = deployment.deployment_id in wanted
        if deployment.is_active != active:
            deployment.is_active = active
            deployment.save(update_fields=["is_active"])
        wanted.discard(deployment.deployment_id)
    for deployment_id in sorted(wanted):
        LtiDeployment.objects.create(registration=registration, deployment_id=deployment_id, is_active=True)
    return platform


# --- OIDC login initiation ----------------------------------------------------------------------------------


def login_begin(*, issuer: str, login_hint: str, target_link_uri: str, launch_url: str, client_id: str = "",
                lti_message_hint: str = "", deployment_id: str = "") -> str:
    """Start the OIDC login the platform asked for: remember a state and nonce, return the platform's auth URL."""
    if not issuer or not login_hint or not target_link_uri:
        raise refuse("malformed")
    registrations = LtiRegistration.objects.active().filter(issuer=issuer)
    if not registrations.exists():
        raise refuse("unknown_issuer")
    if client_id:
        registration = registrations.filter(client_id=client_id).first()
        if registration is None:
            raise refuse("wrong_audience")
    else:
        if registrations.count() != 1:
            raise refuse("malformed")
        registration = registrations.get()
    if deployment_id and not LtiDeployment.objects.filter(registration=registration, deployment_id=deployment_id,
                                                          is_active=True).exists():
        raise refuse("unknown_deployment", registration)
    state = LoginState.objects.create(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                                      registration=registration)
    params = {
        "scope": "openid", "response_type": "id_token", "response_mode": "form_post", "prompt": "none",
        "client_id": registration.client_id, "redirect_uri": launch_url, "state": state.state,
        "nonce": state.nonce, "login_hint": login_hint,
    }
    if lti_message_hint:
        params["lti_message_hint"] = lti_message_hint
    separator = "&" if "?" in registration.auth_url else "?"
    return registration.auth_url + separator + urlencode(params)


# --- Launch: who the person is ------------------------------------------------------------------------------


@dataclass
class LaunchOutcome:
    handoff: LaunchHandoff


def _claimed_name(launch: VerifiedLaunch) -> str:
    payload = launch.payload
    name = payload.get("name") or " ".join(part for part in (payload.get("given_name"), payload.get("family_name"))
                                           if part)
    return str(name or "")[:150]


def _course_for_launch(launch: VerifiedLaunch) -> CoursePage | None:
    """The module the platform's link names: a custom parameter set by deep linking (or by hand)."""
    wanted = launch.custom.get("module")
    if wanted is None:
        return None
    pages = CoursePage.objects.live().public()
    if str(wanted).isdigit():
        return pages.filter(pk=int(wanted)).first()
    return pages.filter(slug=str(wanted)).first()


def _new_key() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def launch_accept(*, launch: VerifiedLaunch) -> LaunchHandoff:
    """Turn a checked launch into a one-time handoff: sign in, link an existing account, or choose modules.

    A person gets a new account only when no account has the email the platform sent; an existing account is
    linked only after its owner signs in to it (the link step). A claim never gives more than a learner's role.
    """
    registration = launch.registration
    if launch.message_type == "LtiDeepLinkingRequest":
        settings_claim = launch.payload.get(DEEP_LINKING_SETTINGS) or {}
        if not settings_claim.get("deep_link_return_url"):
            raise refuse("malformed", registration)
        return LaunchHandoff.objects.create(
            key=_new_key(), purpose=HandoffPurpose.DEEP_LINK, registration=registration,
            deployment_id=launch.deployment.deployment_id, deep_link_settings=settings_claim)
    if launch.message_type != "LtiResourceLinkRequest":
        raise refuse("unsupported", registration)
    course = _course_for_launch(launch)
    if course is None:
        raise LaunchRefusedNoModule(registration)
    sub = str(launch.payload["sub"])
    email = str(launch.payload.get("email") or "").strip().lower()
    lti_user, _ = LtiUser.objects.select_for_update().get_or_create(registration=registration, sub=sub)
    claims = {"name": _claimed_name(launch), "email": email}
    LtiUser.objects.filter(pk=lti_user.pk).update(**{k: v for k, v in claims.items() if v})
    lineitem = _score_lineitem(launch)
    if lti_user.auth_user_id is not None:
        user = lti_user.auth_user
        purpose = HandoffPurpose.SIGN_IN
    elif not email:
        raise LaunchRefusedNoEmail(registration)
    elif User.objects.filter(email__iexact=email).exists():
        user = User.objects.get(email__iexact=email)
        purpose = HandoffPurpose.LINK
    else:
        user = _learner_create(email=email, full_name=claims["name"], organisation=registration.partner.organisation)
        lti_user.auth_user = user
        lti_user.save(update_fields=["auth_user"])
        purpose = HandoffPurpose.SIGN_IN
    if not user.is_active or user.is_anonymised:
        raise LaunchRefusedClosedAccount(registration)
    if purpose == HandoffPurpose.SIGN_IN:
        _grade_target_remember(registration=registration, user=user, course=course, sub=sub, lineitem_url=lineitem)
    return LaunchHandoff.objects.create(key=_new_key(), purpose=purpose, registration=registration,
                                        lti_user=lti_user, user=user, course=course, lineitem_url=lineitem,
                                        deployment_id=launch.deployment.deployment_id)


class LaunchRefusedNoModule(Exception):
    def __init__(self, registration):
        self.registration = registration
        self.kind = "no_module"
        self.message = ("This link in your learning system does not say which of our modules to open, or the "
                        "module is no longer published. Ask your course's tutor to add the module again.")


class LaunchRefusedClosedAccount(Exception):
    def __init__(self, registration):
        self.registration = registration
        self.kind = "closed_account"
        self.message = ("The account your learning system named has been closed on our training site. Contact the "
                        "partnership team if you need it back.")


class LaunchRefusedNoEmail(Exception):
    def __init__(self, registration):
        self.registration = registration
        self.kind = "no_email"
        self.message = ("Your learning system did not send us your email address, which we need to keep your "
                        "training record and certificates. Its administrator can turn on sharing of email "
                        "addresses with our tool.")


def _learner_create(*, email: str, full_name: str, organisation: Organisation):
    """A new learner of the platform's organisation, with no password: they sign in from their learning system."""
    user = User.objects.create_user(email=email, password=None, full_name=full_name or email.split("@")[0],
                                    organisation=organisation, membership_status=MembershipStatus.APPROVED)
    # The address is the platform's word, not proven to us: unverified until its owner confirms it.
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    roles.assign_role(user, roles.LEARNER)
    return user


def _score_lineitem(launch: VerifiedLaunch) -> str:
    """The line item this link's scores go to, when the platform lets us post scores (AGS)."""
    endpoint = launch.payload.get(AGS_ENDPOINT) or {}
    lineitem = endpoint.get("lineitem")
    if not isinstance(lineitem, str) or AGS_SCORE_SCOPE not in (endpoint.get("scope") or []):
        return ""
    return lineitem


def _grade_target_remember(*, registration, user, course: CoursePage, sub: str, lineitem_url: str) -> None:
    if not lineitem_url:
        return
    try:
        with transaction.atomic():
            GradeTarget.objects.get_or_create(registration=registration, user=user, course=course,
                                              lineitem_url=lineitem_url, defaults={"sub": sub})
    except IntegrityError:
        pass  # a launch at the same moment remembered it


# --- Handoffs: the one-time links ---------------------------------------------------------------------------


def _lifetime(purpose: str) -> int:
    return {HandoffPurpose.LINK: LINK_SECONDS, HandoffPurpose.DEEP_LINK: DEEP_LINK_SECONDS}.get(purpose,
                                                                                                 HANDOFF_SECONDS)


def handoff_find(*, key: str, purpose: str) -> LaunchHandoff:
    """The handoff for this key, unused and in date, or HandoffUnusable (without spending it)."""
    handoff = LaunchHandoff.objects.select_related("registration", "user", "course", "lti_user").filter(
        key=key, purpose=purpose).first()
    if handoff is None or handoff.used_at is not None:
        raise HandoffUnusable("This link has already been used. " + "Go back to your learning system and open "
                              "the module again.")
    if timezone.now() - handoff.created_at > timedelta(seconds=_lifetime(purpose)):
        raise HandoffUnusable("This link has run out. Go back to your learning system and open the module again.")
    return handoff


@transaction.atomic
def handoff_spend(*, key: str, purpose: str) -> LaunchHandoff:
    """Use the handoff once: a second request with the same key (two windows, a replay) gets HandoffUnusable."""
    handoff = handoff_find(key=key, purpose=purpose)
    spent = LaunchHandoff.objects.filter(pk=handoff.pk, used_at__isnull=True).update(used_at=timezone.now())
    if spent != 1:
        raise HandoffUnusable("This link has already been used. Go back to your learning system and open the "
                              "module again.")
    return handoff


@transaction.atomic
def identity_link(*, key: str, user) -> LaunchHandoff:
    """The person signed in to the existing account: link the platform's identity to it, once."""
    handoff = handoff_find(key=key, purpose=HandoffPurpose.LINK)
    if handoff.user_id != user.pk:
        raise HandoffUnusable("You are signed in to a different account from the one your learning system named. "
                              "Sign out, then sign in with the account for " + handoff.user.email + ".")
    handoff = handoff_spend(key=key, purpose=HandoffPurpose.LINK)
    lti_user = LtiUser.objects.select_for_update().get(pk=handoff.lti_user_id)
    if lti_user.auth_user_id not in (None, user.pk):
        raise HandoffUnusable("Your learning system's account is already linked to another account here.")
    lti_user.auth_user = user
    lti_user.save(update_fields=["auth_user"])
    _grade_target_remember(registration=handoff.registration, user=user, course=handoff.course, sub=lti_user.sub,
                           lineitem_url=handoff.lineitem_url)
    return handoff


def launch_records_purge(*, older_than_hours: int = 24) -> int:
    """Delete login states and handoffs nobody can use any more (all expire within minutes); returns how many."""
    cutoff = timezone.now() - timedelta(hours=older_than_hours)
    states, _ = LoginState.objects.filter(created_at__lt=cutoff).delete()
    handoffs, _ = LaunchHandoff.objects.filter(created_at__lt=cutoff).delete()
    return states + handoffs
