"""The Wagtail admin as each role sees it (only what they can use), and failed background tasks for administrators."""
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.wagtail_hooks import AuditLogPermissionPolicy

from .models import FailedTask


@hooks.register("construct_main_menu")
def hide_what_staff_cannot_use(request, menu_items):
    """Wagtail's "Help" (release notes and the editor guide) is for people who edit pages, not programme staff."""
    if request.user.is_superuser:
        return
    edits_pages = PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])
    if not edits_pages:
        menu_items[:] = [item for item in menu_items if item.name != "help"]


class FailedTaskViewSet(ModelViewSet):
    """Dead letters: read-only."""

    model = FailedTask
    icon = "warning"
    menu_label = "Failed tasks"
    add_to_admin_menu = True
    menu_order = 910
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = ["failed_at", "task_name", "exception", "retries"]
    list_filter = ["task_name", "failed_at"]
    search_fields = ["task_name", "exception", "task_id"]
    search_backend_name = None
    inspect_view_fields = ["failed_at", "task_name", "task_id", "args", "kwargs", "retries", "exception", "traceback"]
    form_fields = []


register_permission_policy(FailedTask, AuditLogPermissionPolicy(FailedTask))


@hooks.register("register_admin_viewset")
def register_failed_task_viewset():
    return FailedTaskViewSet("failed_tasks")
