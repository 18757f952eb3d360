"""Wagtail admin for modules: a warning when a pass mark cannot be met exactly; the list of every package."""
from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .models import CoursePage, LessonPage
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


@hooks.register("register_admin_urls")
def packages_admin_urls():
    return [path("packages/", packages_view, name="packages_overview")]


@hooks.register("register_admin_menu_item")
def packages_menu_item():
    item = MenuItem("Packages", reverse("packages_overview"), icon_name="media", order=310)
    item.is_shown = lambda request: may_see_packages(request.user)
    return item
