"""Template tags that name the service and its address in emails (allauth's templates do not get settings)."""
from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def service_name() -> str:
    return settings.SERVICE_NAME


@register.simple_tag
def service_url() -> str:
    return settings.SITE_URL.rstrip("/") + "/"
