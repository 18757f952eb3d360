"""The content domains answer for packages only: a host there that is no package's own is served nothing.

H5P and SCORM packages play on hosts of their own (H5P_ORIGIN, SCORM_ORIGIN, e.g. https://{package}.h5p.example),
and production admits the whole content domain to reach them. Without this, any other name on that domain
(`evil.h5p.example`) would be served the site itself: its pages, its sign-in form and a CSRF cookie, on an origin
whose scripts the packages' authors write. Each origin middleware (courses.packages.origins) keeps its own
package hosts to their package files; this one answers 404 for every other host in the domains of every kind of
package registered (courses.packages.kinds).
"""
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseNotFound
from django.http.request import split_domain_port

from .packages.kinds import kinds

MARK = "packagemark"


@lru_cache(maxsize=8)
def content_zone(template: str) -> tuple[str, str] | None:
    """(domain, port) under which an origin template's hosts live: the labels right of `{package}`, or, for a
    fixed host, the host itself (its subdomains are the zone). None if that would be no domain at all."""
    netloc = urlsplit(template.replace("{package}", MARK)).netloc.lower()
    domain, port = split_domain_port(netloc)
    labels = domain.split(".")
    marked = [index for index, label in enumerate(labels) if MARK in label]
    parent = ".".join(labels[marked[0] + 1:]) if marked else domain
    return (parent, port) if parent else None


def _in_zone(domain: str, port: str, zone: tuple[str, str] | None) -> bool:
    if zone is None:
        return False
    parent, zone_port = zone
    if zone_port and port != zone_port:
        return False
    return domain == parent or domain.endswith("." + parent)


def _site_host() -> tuple[str, str]:
    return split_domain_port(urlsplit(settings.SITE_URL).netloc.lower())


class ContentHostMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        domain, port = split_domain_port(request.get_host().lower())
        domain = domain.rstrip(".")
        origins = [kind.origin for kind in kinds()]
        if (domain, port) != _site_host() and all(origin.match(request) is None for origin in origins):
            zones = [content_zone(origin.template) for origin in origins]
            if any(_in_zone(domain, port, zone) for zone in zones):
                return HttpResponseNotFound("Not found", content_type="text/plain")
        return self.get_response(request)
