"""Keeps each kind of package on content origins of its own, and the site's pages and cookies away from them.

Package content runs with its origin's rights, so a content origin must never answer with the site's pages, and it
never sees the site's cookies: they are dropped before any other middleware reads them. When the origin setting is
a template (`https://{package}.h5p.example.org`) each package has an origin of its own, so one package cannot
script another's frame. The site origin, in turn, never serves package files, not even from MEDIA_ROOT where they
are stored. Each kind (courses.h5p, courses.scorm) describes its origin with a PackageOrigin and serves it with a
PackageOriginMiddleware; courses.content_hosts answers for the rest of their domains.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error
from django.http import HttpResponseNotFound
from django.http.request import split_domain_port

PACKAGE_LABEL = r"[0-9a-f]{32}"


@lru_cache(maxsize=8)
def _host_pattern(template: str) -> re.Pattern:
    netloc = urlsplit(template.replace("{package}", "package-label")).netloc.lower()
    return re.compile(re.escape(netloc).replace("package\\-label", f"(?P<package>{PACKAGE_LABEL})"))


def _normal_host(request) -> str:
    # As Django's ALLOWED_HOSTS check reads it: "P1.LOCALHOST.:8001" names the same host as "p1.localhost:8001",
    # so it must get the content origin's rules, not be served the site's pages.
    domain, port = split_domain_port(request.get_host())
    return f"{domain}:{port}" if port else domain


@dataclass(frozen=True)
class PackageOrigin:
    setting: str  # the setting holding the origin, e.g. "H5P_ORIGIN"
    paths: tuple[str, ...]  # the only paths served there (besides static files), and never on the site's origin
    media_folder: str  # the folder under MEDIA_ROOT holding the packages' files, never served from MEDIA_URL

    @property
    def template(self) -> str:
        return getattr(settings, self.setting)

    def match(self, request) -> re.Match | None:
        return _host_pattern(self.template).fullmatch(_normal_host(request))

    def package_hex(self, request) -> str | None:
        """The package (UUID hex) whose own origin this request came to; None elsewhere, or on a shared origin."""
        match = self.match(request)
        return match.group("package") if match and "package" in match.groupdict() else None


class PackageOriginMiddleware:
    """Serves a kind's content origin: there, only what `serves` allows and static files; elsewhere, none of it."""

    origin: PackageOrigin

    def __init__(self, get_response):
        self.get_response = get_response

    def serves(self, request, match: re.Match) -> bool:
        return request.path.startswith(self.origin.paths)

    def __call__(self, request):
        match = self.origin.match(request)
        if match is not None:
            if not (request.path.startswith(settings.STATIC_URL) or self.serves(request, match)):
                return HttpResponseNotFound("Not found", content_type="text/plain")
            request.META.pop("HTTP_COOKIE", None)
            request.COOKIES = {}
        elif request.path.startswith((*self.origin.paths, f"{settings.MEDIA_URL}{self.origin.media_folder}/")):
            return HttpResponseNotFound("Not found", content_type="text/plain")
        return self.get_response(request)


def cookie_domain_errors(*, host: str, covered: str, elsewhere: str, error_id: str) -> list:
    """System check errors for each of the site's cookie domains that would reach a content origin's `host`.

    `covered` names the origin in the message ("the H5P origin's host h5p.example"), `elsewhere` in the hint.
    """
    messages = []
    for name in ("SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN"):
        domain = (getattr(settings, name, None) or "").lstrip(".").lower()
        if domain and (host == domain or host.endswith("." + domain)):
            messages.append(
                Error(
                    f"{name} ({domain}) covers {covered}: content there could read the cookie.",
                    hint=f"Leave {name} unset, or put {elsewhere} under another domain.",
                    id=error_id,
                )
            )
    return messages
