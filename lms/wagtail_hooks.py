"""The Wagtail admin as each role sees it (only what they can use), its first steps on a new site, and failed background
tasks for administrators."""
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts.wagtail_hooks import AuditLogPermissionPolicy

from courses.models import CourseCatalogPage, CoursePage

from .models import FailedTask, HomePage, StandardPage

# Footer pages the first migration drafts (lms/migrations/0004_first_site_pages.py) for the partnership to complete.
DRAFTED_PAGES = {"privacy": "privacy notice", "accessibility": "accessibility statement"}


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


class FirstStepsPanel(Component):
    """On a new site, the dashboard tells whoever may do it where to add the first module and which drafts to finish."""

    name = "first_steps"
    template_name = "lms/admin/first_steps_panel.html"
    order = 50  # above Wagtail's own panels: on a new site this is what to do first

    def __init__(self, steps: list[dict]):
        self.steps = steps

    def get_context_data(self, parent_context):
        return {"steps": self.steps}


def first_steps(user) -> list[dict]:
    """What is left to set up that this person may do, each as {"title", "text", "link_text", "url"}."""
    steps = []
    catalogue = CourseCatalogPage.objects.first()
    if catalogue is None:
        home = HomePage.objects.first()
        if home is not None and home.permissions_for_user(user).can_add_subpage():
            steps.append({
                "title": "Add the list of modules",
                "text": "The site has no page listing the modules. Add a “course catalog page” with the "
                "address “modules” under the home page, then add modules under it.",
                "link_text": "Add a page under the home page",
                "url": reverse("wagtailadmin_pages:add_subpage", args=[home.pk]),
            })
    elif not CoursePage.objects.exists() and catalogue.permissions_for_user(user).can_add_subpage():
        steps.append({
            "title": "Add your first module",
            "text": "There are no modules yet. Add a module under “" + catalogue.title + "”, save it as a "
            "draft, then add its lessons under it and a last lesson with “is assessment” ticked. Publish "
            "the lessons, then the module.",
            "link_text": "Add a module",
            "url": reverse("wagtailadmin_pages:add", args=["courses", "coursepage", catalogue.pk]),
        })
    # Pages never saved in the admin still hold the first migration's draft.
    for page in StandardPage.objects.filter(slug__in=DRAFTED_PAGES, latest_revision__isnull=True).order_by("path"):
        if page.permissions_for_user(user).can_edit():
            name = DRAFTED_PAGES[page.slug]
            steps.append({
                "title": f"Complete the {name}",
                "text": f"The {name} is a draft we wrote to start from. The partnership must complete it and "
                "add its contact details under Settings, Service details before the site goes live.",
                "link_text": f"Edit the {name}",
                "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            })
    return steps


@hooks.register("construct_homepage_panels")
def add_first_steps_panel(request, panels):
    steps = first_steps(request.user)
    if steps:
        panels.append(FirstStepsPanel(steps))
