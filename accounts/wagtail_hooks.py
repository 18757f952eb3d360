"""Organisations and areas in the Wagtail admin, for partnership staff."""
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail import hooks

from .federation.wagtail_hooks import OrganisationSignInViewSet
from .models import Area, Organisation


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    list_display = ["name", "sector", "area"]
    list_filter = ["sector", "area"]
    search_fields = ["name", "email_domains"]
    form_fields = ["name", "sector", "area", "email_domains"]


class AreaViewSet(ModelViewSet):
    model = Area
    icon = "site"
    menu_label = "Areas"
    list_display = ["name"]
    form_fields = ["name", "slug"]


class PartnershipViewSetGroup(ViewSetGroup):
    menu_label = "Partnership"
    menu_icon = "group"
    items = (OrganisationViewSet, AreaViewSet, OrganisationSignInViewSet)


@hooks.register("register_admin_viewset")
def register_partnership_viewsets():
    return PartnershipViewSetGroup()


# --- Audit log (accounts.audit): administrators read and filter it; nobody can add, change or delete ---

from wagtail.permission_policies.base import ModelPermissionPolicy  # noqa: E402
from wagtail.permissions import register_permission_policy  # noqa: E402

from .models import AuditEntry  # noqa: E402


class AuditLogPermissionPolicy(ModelPermissionPolicy):
    """Only administrators may look; no one may add, edit or delete, whatever their permissions say."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class AuditLogViewSet(ModelViewSet):
    model = AuditEntry
    icon = "history"
    menu_label = "Audit log"
    add_to_admin_menu = True
    menu_order = 900
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["created_at", "actor_label", "action", "target_label", "ip_address"]
    list_filter = ["action", "created_at", "target_type"]
    list_export = ["created_at", "actor_label", "action", "target_label", "target_id", "detail", "ip_address",
                   "user_agent"]
    export_filename = "audit-log"
    search_fields = ["actor_label", "action", "target_label", "detail"]
    search_backend_name = None
    inspect_view_fields = ["created_at", "actor_label", "action", "target_label", "target_id", "detail",
                           "ip_address", "user_agent"]
    form_fields = []



register_permission_policy(AuditEntry, AuditLogPermissionPolicy(AuditEntry))


@hooks.register("register_admin_viewset")
def register_audit_log_viewset():
    return AuditLogViewSet("audit_log")


# --- Role changes made in the admin's Users area go to the audit log ---------------------------

def _roles_of(user) -> tuple[list[str], bool]:
    return sorted(user.groups.values_list("name", flat=True)), bool(user.is_superuser)


@hooks.register("before_edit_user")
def remember_roles_before_edit(request, user):
    request._audit_roles_before = _roles_of(user)


@hooks.register("after_edit_user")
def record_role_change(request, user):
    from .audit import audit_record

    before = getattr(request, "_audit_roles_before", None)
    after = _roles_of(user)
    if before is not None and before != after:
        audit_record(actor=request.user, action="roles.change", target=user, request=request,
                     detail=f"Roles: {', '.join(before[0]) or 'none'} -> {', '.join(after[0]) or 'none'}; "
                            f"administrator: {'yes' if before[1] else 'no'} -> {'yes' if after[1] else 'no'}")


@hooks.register("after_create_user")
def record_roles_of_new_user(request, user):
    from .audit import audit_record

    names, superuser = _roles_of(user)
    if names or superuser:
        audit_record(actor=request.user, action="roles.change", target=user, request=request,
                     detail=f"New account with roles: {', '.join(names) or 'none'}; "
                            f"administrator: {'yes' if superuser else 'no'}")
