"""Template tags for embedding H5P activities."""
from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def h5p_origin() -> str:
    """The separate origin the player runs on; the host script accepts messages only from it."""
    return settings.H5P_ORIGIN
