"""H5P packages: strict validation and storage, the sandboxed player on a separate origin, and xAPI intake."""
from django.apps import AppConfig


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = "H5P activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data, roles

        from . import checks  # noqa: F401  (registers the origin checks)

        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from . import personal_data as h5p_personal_data
        from .selectors import forget_lesson_activities

        personal_data.register_exporter("activity_statements", h5p_personal_data.export)
        personal_data.register_eraser(h5p_personal_data.erase)

        for signal in (page_published, page_unpublished):
            signal.connect(forget_lesson_activities, dispatch_uid=f"h5p.forget_activities.{signal}")
        post_delete.connect(forget_lesson_activities, dispatch_uid="h5p.forget_activities.delete")

        roles.grant(
            roles.EDITOR,
            ["h5p.add_h5ppackage", "h5p.change_h5ppackage", "h5p.delete_h5ppackage", "h5p.view_h5ppackage"],
        )
