"""Wagtail admin for modules: a warning when a pass mark cannot be met exactly; the list of every package; the
lessons submitted with a module for sign-off."""
from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages as admin_messages
from wagtail.admin.menu import MenuItem

from .models import CoursePage, LessonPage, SubmittedLesson
from .module_sign_off_admin import lesson_preview_view, module_review_view
from .packages.admin import may_see_packages, packages_view


def _warn_about_pass_mark(request, page) -> None:
    page = page.specific
    course = page if isinstance(page, CoursePage) else None
    if isinstance(page, LessonPage) and page.is_assessment:
        course = CoursePage.objects.parent_of(page).first()
    if course is not None:
        warning = course.pass_mark_warning()
        if warning:
            messages.warning(request, warning)


@hooks.register("after_create_page")
def pass_mark_after_create(request, page):
    _warn_about_pass_mark(request, page)


@hooks.register("after_edit_page")
def pass_mark_after_edit(request, page):
    _warn_about_pass_mark(request, page)


@hooks.register("before_edit_page")
def submitted_lessons_notice(request, page):
    # The module's reviewers and editors learn here that its review covers its lessons too.
    if request.method != "GET" or not isinstance(page.specific_deferred, CoursePage):
        return
    state = page.current_workflow_state
    if state is None:
        return
    count = SubmittedLesson.objects.filter(workflow_state=state).count()
    if count:
        admin_messages.info(
            request,
            f"This module is in sign-off with {count} lesson{'s' if count != 1 else ''}: approving it publishes them "
            "with it.",
            buttons=[admin_messages.button(reverse("module_sign_off", args=[state.pk]), "See the lessons")],
        )


@hooks.register("register_admin_urls")
def packages_admin_urls():
    return [
        path("packages/", packages_view, name="packages_overview"),
        path("sign-off/<int:workflow_state_id>/", module_review_view, name="module_sign_off"),
        path(
            "sign-off/<int:workflow_state_id>/lessons/<int:lesson_id>/preview/",
            lesson_preview_view,
            name="module_sign_off_lesson_preview",
        ),
    ]


@hooks.register("register_admin_menu_item")
def packages_menu_item():
    item = MenuItem("Packages", reverse("packages_overview"), icon_name="media", order=310)
    item.is_shown = lambda request: may_see_packages(request.user)
    return item
