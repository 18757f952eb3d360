"""Pages of organisation sign-in: find the provider by email, link an existing account, and signing out of it."""
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.login import record_authentication
from allauth.account.utils import filter_users_by_email, perform_login
from allauth.socialaccount import app_settings as social_settings
from allauth.socialaccount.models import SocialLogin
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods

from . import discovery, selectors, services
from .forms import FindProviderForm, LinkCodeForm
from .stages import PROVIDER_MFA_ATTRIBUTE


def _safe_next(request) -> str:
    value = request.POST.get("next") or request.GET.get("next") or ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()}) else ""


@require_http_methods(["GET", "POST"])
def find_provider(request):
    """Home-realm discovery: the work email's domain names the organisation, then one button signs in with it."""
    form = FindProviderForm(request.POST or None)
    sign_in = None
    if request.method == "POST" and form.is_valid():
        form.cleaned_data["email"] = form.cleaned_data["email"].strip().lower()
        sign_in = selectors.sign_in_for_email(form.cleaned_data["email"])
        if sign_in is None:
            form.add_error("email", "Your organisation has not set up signing in with its own account here. "
                                    "Sign in with your password instead.")
    response = render(request, "socialaccount/find_provider.html", {
        "form": form, "sign_in": sign_in, "next": _safe_next(request),
        # allauth passes `auth_params` on to the provider only from the query string: the address typed becomes
        # the provider's login_hint, so the person need not type it twice.
        "login_url": (f"{reverse('openid_connect_login', kwargs={'provider_id': sign_in.provider_id})}?"
                      f"{urlencode({'auth_params': urlencode({'login_hint': form.cleaned_data['email']})})}"
                      if sign_in else ""),
    })
    if sign_in is not None:
        # The button's form is answered by a redirect to the provider: the page's form-action must allow it.
        response._csp_update = {"form-action": discovery.sign_in_origins(sign_in)}
    return response


def _pending_or_404(request) -> dict:
    pending = services.pending_link(request)
    if pending is None:
        raise Http404("No sign-in is waiting to be linked")
    return pending


@require_http_methods(["GET", "POST"])
def link_account(request):
    """An account already has the address the provider vouched for: its owner proves it before anything links."""
    pending = _pending_or_404(request)
    sign_in = selectors.sign_in_for_provider(pending["provider"])
    form = LinkCodeForm(request.POST if request.POST.get("action") == "check" else None)
    error = None
    code_sent = bool(pending.get("code"))
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                services.link_code_send(request=request)
                code_sent = True
            elif form.is_valid():
                services.link_code_check(request=request, code=form.cleaned_data["code"])
                return _link_and_sign_in(request, pending)
        except services.LinkRefused as refused:
            error = str(refused)
            if form.is_bound:
                form.add_error("code", error)
                error = None
    password_url = f"{reverse('account_login')}?{urlencode({'next': reverse('federation:link_finish')})}"
    return render(request, "socialaccount/link_account.html", {
        "pending": pending, "sign_in": sign_in, "form": form, "code_sent": code_sent, "error": error,
        "password_url": password_url,
    })


def _link_and_sign_in(request, pending):
    sociallogin = SocialLogin.deserialize(pending["sociallogin"])
    user = filter_users_by_email(pending["email"])[0]
    services.account_link(request=request, user=user, sociallogin=sociallogin)
    record_authentication(request, user, "socialaccount", provider=sociallogin.account.provider,
                          uid=sociallogin.account.uid)
    if pending.get("provider_mfa"):
        setattr(request, PROVIDER_MFA_ATTRIBUTE,
                {"provider": sociallogin.account.provider, "uid": sociallogin.account.uid})
    # The same sign-in as any other from here: our second factor for whoever has one, unless the provider's counts.
    return perform_login(request, user, email_verification=social_settings.EMAIL_VERIFICATION,
                         redirect_url=sociallogin.get_redirect_url(request), signal_kwargs={"sociallogin": sociallogin})


@login_required
@require_http_methods(["GET", "POST"])
def link_finish(request):
    """After signing in with the password: link the organisation account waiting in this session."""
    pending = _pending_or_404(request)
    if request.method == "POST":
        try:
            services.account_link(request=request, user=request.user,
                                  sociallogin=SocialLogin.deserialize(pending["sociallogin"]))
        except services.LinkRefused as refused:
            return render(request, "socialaccount/link_finish.html", {"pending": pending, "error": str(refused)},
                          status=400)
        return redirect(get_account_adapter(request).get_login_redirect_url(request))
    return render(request, "socialaccount/link_finish.html", {
        "pending": pending, "sign_in": selectors.sign_in_for_provider(pending["provider"])})


def signed_out(request, slug: str):
    """After signing out here: offer to sign out of the organisation's own account too, where it allows it."""
    sign_in = selectors.sign_in_for_provider(f"{selectors.PROVIDER_PREFIX}{slug}")
    if sign_in is None:
        raise Http404("No such organisation sign-in")
    return render(request, "socialaccount/signed_out.html", {
        "sign_in": sign_in, "provider_sign_out_url": discovery.provider_sign_out_url(request, sign_in)})
