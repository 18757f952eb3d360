"""The Content-Security-Policy of the pages that play packages (each kind's player and package files)."""
from urllib.parse import urlsplit

from django.conf import settings


def url_origin(url: str) -> str:
    """scheme://host[:port] of an absolute URL; empty for a relative one (such as a STATIC_URL of "/static/")."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def own_sources() -> str:
    """This origin and the static files' (when they live elsewhere)."""
    return f"'self' {url_origin(settings.STATIC_URL)}".strip()


def csp(**sources: str) -> str:
    """A policy allowing only `sources` (`script_src="'self'"` for script-src), with no plugins, and framed by the
    site only unless `frame_ancestors` says more. Directives left out are closed: default-src 'none'."""
    directives = {
        "default_src": "'none'",
        "object_src": "'none'",
        "base_uri": "'none'",
        "form_action": "'none'",
        **sources,
    }
    directives["frame_ancestors"] = f"{sources.get('frame_ancestors', '')} {url_origin(settings.SITE_URL)}".strip()
    return "; ".join(f"{name.replace('_', '-')} {value}" for name, value in directives.items())
