"""Keeps the origins apart: H5P origins serve only the player, package and library files, and static files.

H5P content runs with its origin's rights, so an H5P origin must never answer with the site's pages,
and it never sees the site's cookies: they are dropped before any other middleware reads them. When
`H5P_ORIGIN` is a template (`https://{package}.h5p.example.org`) each package has an origin of its
own, so one package cannot script another's frame; an origin answers only for its own package.
The site origin, in turn, never serves H5P files, not even from MEDIA_ROOT/h5p/ where they are stored.
"""
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseNotFound
from django.http.request import split_domain_port

H5P_ORIGIN_PATHS = ("/h5p/play/", "/h5p/content/", "/h5p/libraries/")
PACKAGE_LABEL = r"[0-9a-f]{32}"


@lru_cache(maxsize=8)
def _host_pattern(template: str) -> re.Pattern:
    netloc = urlsplit(template.replace("{package}", "package-label")).netloc.lower()
    pattern = re.escape(netloc).replace("package\\-label", f"(?P<package>{PACKAGE_LABEL})")
    return re.compile(pattern)


def h5p_host() -> str:
    """The H5P origin's host (a template with `{package}` when each package has its own origin)."""
    return urlsplit(settings.H5P_ORIGIN).netloc.lower()


def per_package_origins() -> bool:
    return "{package}" in settings.H5P_ORIGIN


def _normal_host(request) -> str:
    # As Django's ALLOWED_HOSTS check reads it: "P1.LOCALHOST.:8001" names the same host as "p1.localhost:8001",
    # so it must get the H5P origin's rules, not be served the site's pages.
    domain, port = split_domain_port(request.get_host())
    return f"{domain}:{port}" if port else domain


def h5p_origin_match(request) -> re.Match | None:
    return _host_pattern(settings.H5P_ORIGIN).fullmatch(_normal_host(request))


def on_h5p_origin(request) -> bool:
    return h5p_origin_match(request) is not None


def origin_package_hex(request) -> str | None:
    """The package (UUID hex) whose own origin this request came to; None on a shared H5P origin."""
    match = h5p_origin_match(request)
    return match.group("package") if match and "package" in match.groupdict() else None


class H5POriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if on_h5p_origin(request):
            if not request.path.startswith((*H5P_ORIGIN_PATHS, settings.STATIC_URL)):
                return HttpResponseNotFound("Not found", content_type="text/plain")
            request.META.pop("HTTP_COOKIE", None)
            request.COOKIES = {}
        elif request.path.startswith((*H5P_ORIGIN_PATHS, f"{settings.MEDIA_URL}h5p/")):
            return HttpResponseNotFound("Not found", content_type="text/plain")
        return self.get_response(request)
