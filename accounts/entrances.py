"""One way in: every other sign-in or password-reset door (Wagtail's admin) sends people to allauth's pages.

allauth's sign-in applies the sign-in limits and two-step verification and records how the session
authenticated (accounts.mfa); a second door with its own form would skip all three.
"""
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def _safe_next(request) -> str | None:
    wanted = request.GET.get("next") or request.POST.get("next")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return wanted
    return None


def admin_sign_in(request, *args, default_next: str | None = None, **kwargs):
    """Wagtail's /admin/login/ (and its front-end one), for any method: allauth's sign-in, on the way to the page
    asked for (or the admin)."""
    query = urlencode({"next": _safe_next(request) or default_next or reverse("wagtailadmin_home")})
    return HttpResponseRedirect(f"{reverse('account_login')}?{query}", status=_redirect_status(request))


def admin_password_reset(request, *args, **kwargs):
    """Wagtail's password-reset pages (any of them, links in old emails included): allauth's, which is rate limited."""
    return HttpResponseRedirect(reverse("account_reset_password"), status=_redirect_status(request))


def _redirect_status(request) -> int:
    # 303 after a POST: the browser fetches the page with GET, so a password posted here is never passed on.
    return 303 if request.method == "POST" else 302
