"""The links in the header, chosen by what the signed-in person may do."""
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
    NavItem("Verify a certificate", "certificates:verify"),
    NavItem("Admin", "wagtailadmin_home", "wagtailadmin.access_admin"),
]


def items_for(user, current_path: str) -> list[dict]:
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
