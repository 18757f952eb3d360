from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Online modules"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate, post_save

        from accounts import personal_data

        from . import page_cache, sign_off, views
        from . import personal_data as courses_personal_data
        from .models import pages

        pages.page_views_register(
            catalogue_context=views.catalogue_context,
            course_context=views.course_context,
            lesson_open=views.lesson_open,
            lesson_context=views.lesson_context,
        )
        page_cache.connect_signals()
        post_migrate.connect(sign_off.workflows_ensure_after_migrate, dispatch_uid="courses.workflows_ensure")
        from .models import CoursePage

        post_save.connect(sign_off.workflow_assign_on_save, sender=CoursePage, dispatch_uid="courses.workflow_assign")
        from wagtail.signals import task_submitted

        task_submitted.connect(sign_off.module_lessons_pin_on_task_start, dispatch_uid="courses.module_lessons_pin")

        personal_data.register_exporter("modules", courses_personal_data.export)
        personal_data.register_eraser(courses_personal_data.erase)
