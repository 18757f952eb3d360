"""The links in the header, chosen by what the signed-in person may do."""
import functools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from foundation import plain_sql


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
    user_model = get_user_model()
    own = user_model.user_permissions.through._meta
    groups = user_model.groups.through._meta
    # Plain SQL: every signed-in page runs it, and building the ORM's union cost more than running it.
    user_column = own.get_field(user_model._meta.model_name).column
    group_user_column = groups.get_field(user_model._meta.model_name).column
    content_type = f"JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id"
    # Two index lookups joined; an OR of IN-subqueries made SQLite scan every permission.
    sql = f"""
        SELECT ct.app_label, p.codename FROM {own.db_table} up JOIN {Permission._meta.db_table} p ON p.id = up.permission_id {content_type}
        WHERE up.{user_column} = %s
        UNION
        SELECT ct.app_label, p.codename FROM {groups.db_table} ug
        JOIN {Group.permissions.through._meta.db_table} gp ON gp.group_id = ug.group_id
        JOIN {Permission._meta.db_table} p ON p.id = gp.permission_id {content_type}
        WHERE ug.{group_user_column} = %s
    """
    rows = plain_sql.fetch(sql, [user.pk, user.pk])
    user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}


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
    _load_permissions(user)
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
