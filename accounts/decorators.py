"""View decorators: anonymous people are asked to sign in; signed-in people without the permission get 403."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def permission_required(*perms: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perms(perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # A staff page: accounts.mfa asks staff roles for a second factor before it opens.
        wrapped.staff_page = True
        return wrapped

    return decorator
