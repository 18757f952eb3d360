"""The links in the header, chosen by what the signed-in person may do."""
import functools
from dataclasses import dataclass

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


@functools.lru_cache(maxsize=None)
def _url(url_name: str) -> str | None:
    """The link's address, worked out once per process (the URLs are fixed): every page shows the header."""
    if url_name.startswith("/"):
        return url_name
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def items_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if item.needs == "auth" and not user.is_authenticated:
            continue
        if item.needs not in (None, "auth") and not user.has_perm(item.needs):
            continue
        url = _url(item.url_name)
        if url is None:
            continue  # the feature behind this link is not installed yet
        items.append({"label": item.label, "url": url, "active": current_path.startswith(url) and url != "/"})
    return items
