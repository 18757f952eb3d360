"""Values every page template needs: service name and navigation for this person."""
from django.conf import settings

from .navigation import items_for


def site_shell(request):
    user = getattr(request, "user", None)
    return {
        "SERVICE_NAME": settings.SERVICE_NAME,
        "navigation": items_for(user, request.path) if user is not None else [],
    }
