"""Keeps each SCORM package on a content origin of its own, and the site's pages and cookies away from them.

A package's origin (SCORM_ORIGIN with the package's id, e.g. http://s<hex>.localhost:8001) answers only
that package's player and files, and static files; every cookie is dropped before Django reads it.
The site origin never serves SCORM content, not even from MEDIA_ROOT/scorm/ where it is stored.
"""
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseNotFound

SCORM_ORIGIN_PATHS = ("/scorm/play/", "/scorm/content/")


@lru_cache(maxsize=8)
def _host_pattern(template: str) -> re.Pattern:
    netloc = urlsplit(template.replace("{package}", "PACKAGE")).netloc.lower()
    return re.compile("^" + re.escape(netloc).replace("package", "(?P<package>[0-9a-f]{32})") + "$")


def package_on_host(request) -> str | None:
    """The hex id of the package whose origin the request came to, or None for any other host."""
    # A trailing dot names the same host ("s1.localhost.:8001"); it must not slip past the match.
    host = re.sub(r"\.(?=:|$)", "", request.get_host().lower())
    match = _host_pattern(settings.SCORM_ORIGIN).match(host)
    return match["package"] if match else None


def _package_path(path: str) -> str | None:
    for prefix in SCORM_ORIGIN_PATHS:
        if path.startswith(prefix):
            return path[len(prefix):].split("/", 1)[0].replace("-", "").lower()
    return None


class ScormOriginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        package = package_on_host(request)
        if package is not None:
            if not (request.path.startswith(settings.STATIC_URL) or _package_path(request.path) == package):
                return HttpResponseNotFound("Not found", content_type="text/plain")
            request.META.pop("HTTP_COOKIE", None)
            request.COOKIES = {}
        elif request.path.startswith((*SCORM_ORIGIN_PATHS, f"{settings.MEDIA_URL}scorm/")):
            return HttpResponseNotFound("Not found", content_type="text/plain")
        return self.get_response(request)
