"""Checking an LTI 1.3 launch (the platform's signed id_token): every rule, each refusal named for the person.

PyLTI1p3 (under django-lti) reads the token, fetches the platform's key set and checks the message type; the
rules it leaves loose are held here: the audience and expiry are required (PyLTI1p3 skips `aud`), a deployment
must have been registered by staff (django-lti would create any it is shown), and state and nonce are kept in
the database and used once (PyLTI1p3 keeps them in a cookie, which a frame may not have, and never spends the
nonce, so a replayed launch would pass).
"""
from dataclasses import dataclass

import jwt
from django.db import transaction
from django.utils import timezone
from lti_tool.models import LtiDeployment, LtiRegistration
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoMessageLaunch
from pylti1p3.exception import LtiException

from .models import LoginState

# How long a login may take between our redirect to the platform and its launch coming back.
LOGIN_STATE_SECONDS = 10 * 60
# Clocks differ a little between machines.
CLOCK_LEEWAY_SECONDS = 30

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
AGS_SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"

HELP = "Go back to your course in your learning system and open the module again."
ADMIN_HELP = "If it happens again, tell your learning system's administrator, quoting what this page says."


class LaunchRefused(Exception):
    """A launch we will not accept; `message` is written for the person who clicked the link."""

    def __init__(self, kind: str, message: str, registration: LtiRegistration | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.registration = registration


REFUSALS = {
    "malformed": "The launch from your learning system arrived incomplete, so we could not open the module.",
    "unknown_issuer": "Your learning system is not registered with us, so we cannot open the module from it. "
                      "Its administrator needs to ask the partnership team to register it.",
    "wrong_audience": "This launch was meant for a different tool, not for our training site, so we did not "
                      "open it.",
    "bad_signature": "We could not confirm that this launch came from your learning system: its signature does "
                     "not match the keys your learning system publishes.",
    "unknown_deployment": "This course's link to our training is not one the partnership team has registered, "
                          "so we did not open it. Your learning system's administrator can ask us to add it.",
    "expired": "This launch took too long to reach us and has expired.",
    "replayed": "This launch has already been used. Each launch works once, to keep your account safe.",
    "unsupported": "Your learning system asked for something our training site does not offer.",
}


def refuse(kind: str, registration: LtiRegistration | None = None) -> LaunchRefused:
    return LaunchRefused(kind, REFUSALS[kind], registration)


class RegisteredOnlyToolConfig(DjangoToolConfig):
    """django-lti's tool configuration, without its habit of creating any deployment it is shown."""

    def find_deployment(self, iss, deployment_id):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        lookups = {"registration__issuer": iss, "registration__is_active": True, "deployment_id": deployment_id,
                   "is_active": True}
        if client_id is not None:
            lookups["registration__client_id"] = client_id
        self.deployment = LtiDeployment.objects.filter(**lookups).select_related("registration").first()
        if self.deployment is None:
            return None
        from pylti1p3.deployment import Deployment

        return Deployment().set_deployment_id(self.deployment.deployment_id)


@dataclass
class VerifiedLaunch:
    payload: dict
    registration: LtiRegistration
    deployment: LtiDeployment

    def claim(self, name: str, default=None):
        return self.payload.get(CLAIM + name, default)

    @property
    def message_type(self) -> str:
        return self.claim("message_type", "")

    @property
    def custom(self) -> dict:
        custom = self.claim("custom") or {}
        return custom if isinstance(custom, dict) else {}


class CheckedMessageLaunch(DjangoMessageLaunch):
    """PyLTI1p3's launch, validated in our order with our stricter rules (see the module's docstring)."""

    def __init__(self, request):
        self.tool_config = RegisteredOnlyToolConfig()
        super().__init__(request, self.tool_config)
        self._django_request = request

    def check(self) -> VerifiedLaunch:
        if not self._get_request_param("id_token") or not self._get_request_param("state"):
            raise refuse("malformed")
        try:
            self.validate_jwt_format()
        except LtiException:
            raise refuse("malformed")
        # From here on we read claims ourselves; PyLTI1p3's lazy validation must not run again.
        self._validated = True
        self._auto_validation = False
        registration = self._find_registration()
        self._check_signature(registration)
        deployment = self._check_deployment(registration)
        self._spend_state_and_nonce(registration)
        try:
            self.validate_message()
        except LtiException:
            raise refuse("unsupported", registration)
        return VerifiedLaunch(payload=dict(self._jwt["body"]), registration=registration, deployment=deployment)

    def _find_registration(self) -> LtiRegistration:
        body = self._jwt.get("body") or {}
        issuer = body.get("iss")
        audience = body.get("aud")
        if not isinstance(issuer, str) or not issuer:
            raise refuse("malformed")
        audiences = audience if isinstance(audience, list) else [audience]
        registrations = LtiRegistration.objects.active().filter(issuer=issuer)
        if not registrations.exists():
            raise refuse("unknown_issuer")
        # With several audiences, the spec names ours in `azp`.
        client_id = body.get("azp") if len(audiences) > 1 else audiences[0]
        registration = registrations.filter(client_id=str(client_id)).first() if client_id in audiences else None
        if registration is None:
            raise refuse("wrong_audience")
        self._registration = registration.to_registration()
        return registration

    def _check_signature(self, registration: LtiRegistration) -> None:
        try:
            public_key, algorithm = self.get_public_key()
        except LtiException:
            raise refuse("bad_signature", registration)
        try:
            jwt.decode(
                self._get_id_token(), public_key, algorithms=[algorithm], audience=registration.client_id,
                issuer=registration.issuer, leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "aud", "iss", "nonce", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise refuse("expired", registration)
        except jwt.InvalidAudienceError:
            raise refuse("wrong_audience", registration)
        except jwt.MissingRequiredClaimError:
            raise refuse("malformed", registration)
        except jwt.InvalidTokenError:
            raise refuse("bad_signature", registration)

    def _check_deployment(self, registration: LtiRegistration) -> LtiDeployment:
        body = self._jwt["body"]
        deployment_id = body.get(CLAIM + "deployment_id")
        if not deployment_id:
            raise refuse("malformed", registration)
        found = self.tool_config.find_deployment_by_params(registration.issuer, deployment_id,
                                                           registration.client_id)
        if found is None or self.tool_config.deployment.registration_id != registration.pk:
            raise refuse("unknown_deployment", registration)
        return self.tool_config.deployment

    @transaction.atomic
    def _spend_state_and_nonce(self, registration: LtiRegistration) -> None:
        state = LoginState.objects.select_for_update().filter(state=self._get_request_param("state")).first()
        nonce = self._jwt["body"].get("nonce")
        if state is None or state.registration_id != registration.pk:
            # A launch we never started a login for: a copied or forged form.
            raise refuse("replayed", registration)
        if state.used_at is not None or state.nonce != nonce:
            raise refuse("replayed", registration)
        if (timezone.now() - state.created_at).total_seconds() > LOGIN_STATE_SECONDS:
            raise refuse("expired", registration)
        state.used_at = timezone.now()
        state.save(update_fields=["used_at"])


def launch_check(request) -> VerifiedLaunch:
    """Every check of the POSTed launch, or LaunchRefused naming the first rule it broke."""
    return CheckedMessageLaunch(request).check()
