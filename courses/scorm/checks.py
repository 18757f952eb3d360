"""System checks: SCORM_ORIGIN must give each package an origin of its own, apart from the site and its cookies."""
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

from courses.packages.origins import cookie_domain_errors


@register()
def scorm_origin_is_separate(app_configs, **kwargs):
    template = settings.SCORM_ORIGIN
    parts = urlsplit(template.replace("{package}", "package"))
    if not parts.scheme or not parts.netloc or "{package}" not in template:
        return [
            Error(
                "SCORM_ORIGIN must be an origin template with {package} in the host name, "
                "such as https://s{package}.scorm.example.org.",
                id="scorm.E001",
            )
        ]
    site = urlsplit(settings.SITE_URL)
    host = parts.hostname or ""
    messages = []
    if "{package}" not in template.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]:
        messages.append(
            Error("SCORM_ORIGIN must put {package} in the host name, so each package has its own origin.", id="scorm.E002")
        )
    elif (parts.scheme, parts.netloc) == (site.scheme, site.netloc):
        messages.append(Error("SCORM_ORIGIN must differ from SITE_URL.", id="scorm.E002"))
    messages += cookie_domain_errors(
        host=host, covered=f"the SCORM origins ({host})", elsewhere="the SCORM origins", error_id="scorm.E003"
    )
    return messages
