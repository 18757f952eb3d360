"""The links in the header, chosen by what the signed-in person may do."""
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str  # a URL name, or a path starting with "/" for Wagtail pages
    # None: everyone; "auth": anyone signed in; otherwise a permission "app_label.codename".
    needs: str | None = None


NAV_ITEMS = [
    NavItem("Modules", "/modules/"),
    NavItem("My learning", "courses:my_learning", "auth"),
    NavItem("Book a session", "schools:booking_list", "accounts.book_sessions"),
    NavItem("My sessions", "schools:instructor_sessions", "accounts.deliver_sessions"),
    NavItem("Reports", "reporting:dashboard", "accounts.view_organisation_reports"),
    NavItem("Members", "accounts:pending_members", "accounts.approve_members"),
    NavItem("Manage", "schools:manage", "accounts.manage_programme"),
    NavItem("Verify a certificate", "certificates:verify"),
    NavItem("Admin", "wagtailadmin_home", "wagtailadmin.access_admin"),
]


def _load_permissions(user) -> None:
    """Read the user's permissions in one query instead of Django's two (their own, then their groups').

    Django's ModelBackend keeps them on the user as `_perm_cache` for the rest of the request, so
    every has_perm after this one, in views and decorators, reads the same set.
    """
    if not user.is_authenticated or not user.is_active or user.is_superuser or hasattr(user, "_perm_cache"):
        return
    fields = ("content_type__app_label", "codename")
    own = Permission.objects.filter(user=user).values_list(*fields).order_by()
    rows = own.union(Permission.objects.filter(group__user=user).values_list(*fields).order_by())
    user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}


def items_for(user, current_path: str) -> list[dict]:
    _load_permissions(user)
    items = []
    for item in NAV_ITEMS:
        if item.needs == "auth" and not user.is_authenticated:
            continue
        if item.needs not in (None, "auth") and not user.has_perm(item.needs):
            continue
        if item.url_name.startswith("/"):
            url = item.url_name
        else:
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                # The feature behind this link is not installed yet.
                continue
        items.append({"label": item.label, "url": url, "active": current_path.startswith(url) and url != "/"})
    return items
