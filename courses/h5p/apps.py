"""H5P packages: strict validation and storage, the sandboxed player on a separate origin, and xAPI intake."""
from django.apps import AppConfig


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = "H5P activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from accounts import personal_data, roles
        from courses.packages.kinds import PackageKind, kind_register
        from courses.signals import refresher_started

        from . import checks  # noqa: F401  (registers the origin checks)
        from . import personal_data as h5p_personal_data
        from .demo import demo_package
        from .middleware import ORIGIN
        from .models import H5PPackage
        from .selectors import forget_lesson_activities
        from .services import states_clear_for_refresher

        kind_register(PackageKind(
            name="H5P", model=H5PPackage, origin=ORIGIN, version=lambda package: package.main_library,
            demo_package=demo_package,
        ))
        personal_data.register_exporter("activity_statements", h5p_personal_data.export)
        personal_data.register_exporter("activity_saved_answers", h5p_personal_data.export_states)
        personal_data.register_eraser(h5p_personal_data.erase)

        refresher_started.connect(states_clear_for_refresher, dispatch_uid="h5p.states_clear_for_refresher")
        # A lesson's cached activity ids are read afresh once the page changes.
        page_published.connect(forget_lesson_activities, dispatch_uid="h5p.forget_activities.published")
        page_unpublished.connect(forget_lesson_activities, dispatch_uid="h5p.forget_activities.unpublished")
        post_delete.connect(forget_lesson_activities, dispatch_uid="h5p.forget_activities.deleted")

        roles.grant(
            roles.EDITOR,
            ["h5p.add_h5ppackage", "h5p.change_h5ppackage", "h5p.delete_h5ppackage", "h5p.view_h5ppackage"],
        )
