"""Template tag for the sign-in page: whether any organisation offers its own sign-in (accounts.federation)."""
from django import template

from accounts.federation.selectors import any_sign_in_offered

register = template.Library()


@register.simple_tag
def organisation_sign_in_offered() -> bool:
    return any_sign_in_offered()
