"""System checks: the H5P origin must really be a separate origin, outside the reach of the site's cookies."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

from courses.packages.origins import cookie_domain_errors

# Stands in for a package's label when the template is checked (any package's origin has this shape).
SAMPLE_PACKAGE = "0" * 32


@register()
def h5p_origin_is_separate(app_configs, **kwargs):
    template = settings.H5P_ORIGIN
    h5p, site = urlsplit(template.replace("{package}", SAMPLE_PACKAGE)), urlsplit(settings.SITE_URL)
    if not h5p.scheme or not h5p.netloc or h5p.path or template.count("{package}") > 1:
        return [
            Error(
                "H5P_ORIGIN must be an origin such as https://h5p.example.org, or a template such as "
                "https://{package}.h5p.example.org.",
                id="h5p.E001",
            )
        ]
    if "{package}" in template and "{package}" not in urlsplit(template).netloc.split(":")[0]:
        return [Error("H5P_ORIGIN may hold {package} only in its host name.", id="h5p.E001")]
    if (h5p.scheme, h5p.netloc.lower()) == (site.scheme, site.netloc.lower()):
        return [
            Error(
                "H5P_ORIGIN must differ from SITE_URL: H5P content has to run on a separate origin.",
                hint="Serve the same project on a second host name or port and set H5P_ORIGIN to it.",
                id="h5p.E002",
            )
        ]
    host = h5p.hostname or ""
    return cookie_domain_errors(
        host=host, covered=f"the H5P origin's host {host}", elsewhere="the H5P origin", error_id="h5p.E003"
    )
