"""The Wagtail admin as each role sees it: only what they can use, and nothing fetched from other sites."""
from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy


@hooks.register("construct_main_menu")
def hide_what_staff_cannot_use(request, menu_items):
    """Wagtail's "Help" (release notes and the editor guide) is for people who edit pages, not programme staff."""
    if request.user.is_superuser:
        return
    edits_pages = PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])
    if not edits_pages:
        menu_items[:] = [item for item in menu_items if item.name != "help"]
