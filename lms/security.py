"""Security headers the site sends on every response: Content Security Policy sources and Permissions-Policy.

The policy itself is applied by django-csp (CONTENT_SECURITY_POLICY in settings); this module works
out the H5P frame sources from H5P_ORIGIN, which may be one origin or a per-package template.
"""
from urllib.parse import urlsplit

from django.conf import settings

# No feature a training site needs; H5P content on its own origin may still go full screen.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
)


def origin_source(url: str) -> str | None:
    """A CSP source for an origin or a template like https://{package}.h5p.example.org (a wildcard host)."""
    if not url:
        return None
    parts = urlsplit(url.replace("{package}", "__package__"))
    if not parts.scheme or not parts.netloc:
        return None
    netloc = parts.netloc
    if "__package__" in netloc:
        netloc = "*." + netloc.split("__package__.", 1)[-1] if "__package__." in netloc else "*"
    return f"{parts.scheme}://{netloc}"


def h5p_frame_sources() -> list[str]:
    """Where lessons frame interactive content from: the H5P and SCORM origins (each may be a template)."""
    sources = [origin_source(getattr(settings, name, "") or "") for name in ("H5P_ORIGIN", "SCORM_ORIGIN")]
    return [source for source in sources if source]


def scorm_frame_sources() -> list[str]:
    source = origin_source(getattr(settings, "SCORM_ORIGIN", ""))
    return [source] if source else []


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def _absolute_origins(*urls: str) -> list[str]:
    return [source for source in (origin_source(url) for url in urls if url.startswith(("http://", "https://")))
            if source]


try:
    from csp.middleware import CSPMiddleware, PolicyParts
except ImportError:  # django-csp not installed: settings must not list this middleware then
    CSPMiddleware = object
    PolicyParts = None


ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp, with the sources that depend on settings read at request time: the H5P origin the lesson
    frames, and static or media files served from another origin (a CDN or S3)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        files = _absolute_origins(settings.STATIC_URL, settings.MEDIA_URL)
        extra = {"frame-src": h5p_frame_sources() + scorm_frame_sources()}
        if files:
            extra.update({"script-src": files, "style-src": files, "img-src": files, "font-src": files,
                          "media-src": files})
        parts.update = {**extra, **(parts.update or {})}
        if request.path_info.startswith(ADMIN_PREFIXES):
            # Wagtail's admin writes small inline scripts (date pickers) and styles: staff only, behind
            # sign-in and MFA; every page learners and the public see keeps the strict policy.
            parts.update = {**parts.update, "script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}
        return parts
