"""Pages of the LTI tool: the platform's endpoints (JWKS, login, launch, deep linking), the new-window and
account-linking steps, and the staff pages that register platforms.

The login and launch endpoints are POSTed to by the partner's platform from its own origin, so they are exempt
from CSRF: the platform's signed id_token (checked in partners/lti/launch.py) and the one-use state are the
proof instead. The chooser's answer is exempt for the same reason (it runs in the platform's frame, where our
CSRF cookie may be blocked): its one-use key is the proof. Only these pages may be framed, and only by the
registered platform's own origin.
"""
import time
from functools import wraps
from urllib.parse import urlencode, urlsplit

from allauth.account.authentication import get_authentication_records
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from lti_tool.models import Key

from accounts.decorators import permission_required

from . import deep_linking, dynamic_registration, services
from .forms import InviteForm, ModuleChoiceForm, PlatformForm
from .launch import LaunchRefused, launch_check
from .models import HandoffPurpose, PartnerPlatform

MANAGE_PERMISSION = "accounts.manage_programme"


def _absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


def tool_urls(request) -> dict[str, str]:
    """The addresses a partner's IT team registers on their platform."""
    return {
        "login": _absolute(request, "lti_launch:login"),
        "launch": _absolute(request, "lti_launch:launch"),
        "deep_linking": _absolute(request, "lti_launch:launch"),
        "jwks": _absolute(request, "lti_launch:jwks"),
    }


def _origin(url: str) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def frameable(response, registration=None):
    """Let the registered platform (its issuer's and its sign-in page's origins) frame this response, and no one else.

    A refusal page before we know the platform has no control on it to trick anyone into using, so any page
    may show it: the person reads why their launch failed instead of an empty frame.
    """
    if registration is None:
        ancestors = ["*"]
    else:
        ancestors = sorted({origin for origin in (_origin(registration.issuer), _origin(registration.auth_url))
                            if origin}) or ["'none'"]
    response.xframe_options_exempt = True
    response._csp_replace = {**getattr(response, "_csp_replace", {}), "frame-ancestors": ancestors}
    return response


def _refusal(request, refusal, status: int = 400):
    response = render(request, "lti_launch/refused.html", {"message": refusal.message, "kind": refusal.kind},
                      status=status)
    return frameable(response, getattr(refusal, "registration", None))


def _in_a_frame(request) -> bool:
    # Browsers say where a navigation will be shown; a frame cannot keep our session cookie (SameSite=Lax).
    return request.headers.get("Sec-Fetch-Dest") in ("iframe", "frame")


def jwks(request):
    """Our public keys, for the platform to check what we sign (deep linking responses, service tokens)."""
    services.tool_key_ensure()
    return JsonResponse(Key.objects.as_jwks())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def oidc_login(request):
    """Third-party login initiation: the platform names itself and the person; we send them to its auth URL."""
    params = request.POST if request.method == "POST" else request.GET
    try:
        url = services.login_begin(
            issuer=params.get("iss", ""), login_hint=params.get("login_hint", ""),
            target_link_uri=params.get("target_link_uri", ""), client_id=params.get("client_id", ""),
            lti_message_hint=params.get("lti_message_hint", ""), deployment_id=params.get("lti_deployment_id", ""),
            launch_url=_absolute(request, "lti_launch:launch"))
    except LaunchRefused as refusal:
        return _refusal(request, refusal)
    return redirect(url)


@csrf_exempt
def launch(request):
    """The platform's signed launch: checked, then turned into a sign-in, an account link or the module chooser."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        checked = launch_check(request)
        handoff = services.launch_accept(launch=checked)
    except LaunchRefused as refusal:
        return _refusal(request, refusal, status=403 if refusal.kind != "malformed" else 400)
    except (services.LaunchRefusedNoModule, services.LaunchRefusedNoEmail,
            services.LaunchRefusedClosedAccount) as refusal:
        return _refusal(request, refusal, status=400)
    registration = checked.registration
    if handoff.purpose == HandoffPurpose.DEEP_LINK:
        form = ModuleChoiceForm(modules=deep_linking.modules_to_offer())
        return frameable(render(request, "lti_launch/choose.html", {"form": form, "key": handoff.key}), registration)
    if handoff.purpose == HandoffPurpose.LINK:
        return frameable(render(request, "lti_launch/link_needed.html", {
            "handoff": handoff, "link_url": reverse("lti_launch:link", args=[handoff.key])}), registration)
    enter_url = reverse("lti_launch:enter", args=[handoff.key])
    if _in_a_frame(request):
        return frameable(render(request, "lti_launch/new_window.html", {"handoff": handoff, "enter_url": enter_url}),
                         registration)
    # A whole window: our own page moves on to the sign-in, so the session cookie is set in our own site's context.
    return frameable(render(request, "lti_launch/opening.html", {"handoff": handoff, "enter_url": enter_url}),
                     registration)


def enter(request, key: str):
    """Exchange the one-time launch key for a session, in a window of its own, and open the module."""
    if _in_a_frame(request):
        try:
            handoff = services.handoff_find(key=key, purpose=HandoffPurpose.SIGN_IN)
        except services.HandoffUnusable as refusal:
            return frameable(render(request, "lti_launch/refused.html", {"message": str(refusal)}, status=410))
        return frameable(render(request, "lti_launch/new_window.html", {
            "handoff": handoff, "enter_url": reverse("lti_launch:enter", args=[key])}), handoff.registration)
    try:
        handoff = services.handoff_spend(key=key, purpose=HandoffPurpose.SIGN_IN)
    except services.HandoffUnusable as refusal:
        return render(request, "lti_launch/refused.html", {"message": str(refusal)}, status=410)
    login(request, handoff.user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(handoff.course.url)


# How recently the person must have typed the account's password for it to count as proof for linking.
PROOF_SECONDS = 15 * 60


def password_proof_required(view):
    """The person typed this account's password (or passed its second factor) in this session, recently; if not,
    allauth asks for it again (its reauthentication page) and comes back."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        records = get_authentication_records(request, request.user)
        recent = [record for record in records if record.get("method") in ("password", "mfa")
                  and time.time() - record.get("at", 0) < PROOF_SECONDS]
        if not recent:
            return redirect(reverse("account_reauthenticate") + "?" + urlencode({"next": request.get_full_path()}))
        return view(request, *args, **kwargs)

    return wrapped


@login_required
@password_proof_required
@require_http_methods(["GET", "POST"])
def link(request, key: str):
    """The person proved the existing account is theirs by signing in to it: link their platform identity."""
    try:
        handoff = services.handoff_find(key=key, purpose=HandoffPurpose.LINK)
    except services.HandoffUnusable as refusal:
        return render(request, "lti_launch/refused.html", {"message": str(refusal)}, status=410)
    if request.method == "POST":
        try:
            handoff = services.identity_link(key=key, user=request.user)
        except services.HandoffUnusable as refusal:
            return render(request, "lti_launch/refused.html", {"message": str(refusal)}, status=409)
        return redirect(handoff.course.url)
    return render(request, "lti_launch/link_confirm.html", {"handoff": handoff,
                                                            "same_account": handoff.user_id == request.user.pk})


@csrf_exempt
@require_POST
def choose(request, key: str):
    """The chooser's answer: sign the deep linking response and send it back to the platform's course."""
    try:
        handoff = services.handoff_find(key=key, purpose=HandoffPurpose.DEEP_LINK)
    except services.HandoffUnusable as refusal:
        return frameable(render(request, "lti_launch/refused.html", {"message": str(refusal)}, status=410))
    form = ModuleChoiceForm(request.POST, modules=deep_linking.modules_to_offer())
    if not form.is_valid():
        return frameable(render(request, "lti_launch/choose.html", {"form": form, "key": key}, status=400),
                         handoff.registration)
    try:
        return_url, token = deep_linking.deep_link_answer(key=key, course_ids=form.cleaned_data["modules"],
                                                          launch_url=_absolute(request, "lti_launch:launch"))
    except (deep_linking.NothingChosen, services.HandoffUnusable) as refusal:
        return frameable(render(request, "lti_launch/refused.html", {"message": str(refusal)}, status=410))
    response = render(request, "lti_launch/return.html", {"return_url": return_url, "jwt": token})
    response._csp_replace = {"form-action": ["'self'", _origin(return_url) or "'none'"]}
    return frameable(response, handoff.registration)


def register(request, key: str):
    """LTI Dynamic Registration, opened by the partner's administrator from their platform with our one-use key."""
    configuration_url = request.GET.get("openid_configuration", "")
    origin = _origin(configuration_url)

    def framed(response):
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": [origin] if origin else ["'none'"]}
        return response

    try:
        if not origin:
            raise dynamic_registration.RegistrationRefused(
                "Start the registration from your platform: it opens this address with its configuration.")
        platform = dynamic_registration.platform_register_dynamically(
            key=key, openid_configuration=configuration_url,
            registration_token=request.GET.get("registration_token", ""), urls=tool_urls(request))
    except dynamic_registration.RegistrationRefused as refusal:
        return framed(render(request, "lti_launch/register_refused.html", {"message": str(refusal)}, status=400))
    return framed(render(request, "lti_launch/registered.html", {"platform": platform}))


# --- Staff pages ---------------------------------------------------------------------------------------------


@permission_required(MANAGE_PERMISSION)
def manage_list(request):
    platforms = PartnerPlatform.objects.select_related("registration", "organisation")
    return render(request, "lti_launch/manage/list.html", {"platforms": platforms, "urls": tool_urls(request)})


@permission_required(MANAGE_PERMISSION)
@require_http_methods(["GET", "POST"])
def manage_invite(request):
    """A one-use registration address for one organisation's platform administrator (dynamic registration)."""
    form = InviteForm(request.POST or None)
    invite = None
    if request.method == "POST" and form.is_valid():
        invite = dynamic_registration.invite_create(organisation=form.cleaned_data["organisation"],
                                                    created_by=request.user)
    return render(request, "lti_launch/manage/invite.html", {
        "form": form, "invite": invite, "days": dynamic_registration.INVITE_DAYS,
        "address": _absolute(request, "lti_launch:register", invite.key) if invite else ""},
        status=400 if request.method == "POST" and not form.is_valid() else 200)


@permission_required(MANAGE_PERMISSION)
@require_http_methods(["GET", "POST"])
def manage_edit(request, pk: int | None = None):
    platform = get_object_or_404(PartnerPlatform.objects.select_related("registration"), pk=pk) if pk else None
    form = PlatformForm(request.POST or None, platform=platform)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.platform_save(platform=platform, organisation=data["organisation"], name=data["name"],
                               issuer=data["issuer"], client_id=data["client_id"],
                               deployment_ids=data["deployment_ids"], keyset_url=data["keyset_url"],
                               auth_url=data["auth_url"], token_url=data["token_url"], registered_by=request.user)
        return redirect("lti_launch:manage_list")
    return render(request, "lti_launch/manage/edit.html", {"form": form, "platform": platform,
                                                          "urls": tool_urls(request)},
                  status=400 if request.method == "POST" else 200)
