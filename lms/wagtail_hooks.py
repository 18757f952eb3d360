"""Failed background tasks (dead letters) in the Wagtail admin: administrators only, read-only."""
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from accounts.wagtail_hooks import AuditLogPermissionPolicy

from .models import FailedTask


class FailedTaskViewSet(ModelViewSet):
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
