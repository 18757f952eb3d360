"""System checks: the H5P origin must really be a separate origin, outside the reach of the site's cookies."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register()
def h5p_origin_is_separate(app_configs, **kwargs):
    h5p, site = urlsplit(settings.H5P_ORIGIN), urlsplit(settings.SITE_URL)
    if not h5p.scheme or not h5p.netloc:
        return [Error("H5P_ORIGIN must be an origin such as https://h5p.example.org.", id="h5p.E001")]
    if (h5p.scheme, h5p.netloc.lower()) == (site.scheme, site.netloc.lower()):
        return [
            Error(
                "H5P_ORIGIN must differ from SITE_URL: H5P content has to run on a separate origin.",
                hint="Serve the same project on a second host name or port and set H5P_ORIGIN to it.",
                id="h5p.E002",
            )
        ]
    messages = []
    host = h5p.hostname or ""
    for name in ("SESSION_COOKIE_DOMAIN", "CSRF_COOKIE_DOMAIN"):
        domain = (getattr(settings, name, None) or "").lstrip(".").lower()
        if domain and (host == domain or host.endswith("." + domain)):
            messages.append(
                Error(
                    f"{name} ({domain}) covers the H5P origin's host {host}: content there could read the cookie.",
                    hint=f"Leave {name} unset, or put the H5P origin under another domain.",
                    id="h5p.E003",
                )
            )
    return messages
