"""Keeps the two origins apart: the H5P origin serves only the player, package files and static files.

H5P content runs with the H5P origin's rights, so that origin must never answer with the site's
pages, and it never sees the site's cookies: they are dropped before any other middleware reads them.
The site origin, in turn, never serves H5P files, not even from MEDIA_ROOT/h5p/ where they are stored.
"""
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseNotFound

H5P_ORIGIN_PATHS = ("/h5p/play/", "/h5p/content/")


def h5p_host() -> str:
    return urlsplit(settings.H5P_ORIGIN).netloc.lower()


def on_h5p_origin(request) -> bool:
    return request.get_host().lower() == h5p_host()


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
