"""Wagtail admin for modules: a warning when a pass mark cannot be met exactly."""
from django.contrib import messages
from wagtail import hooks

from .models import CoursePage, LessonPage


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
