"""H5P packages: strict validation and storage, the sandboxed player on a separate origin, and xAPI intake."""
from django.apps import AppConfig


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = "H5P activities"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import roles

        from . import checks  # noqa: F401  (registers the origin checks)

        roles.grant(
            roles.EDITOR,
            ["h5p.add_h5ppackage", "h5p.change_h5ppackage", "h5p.delete_h5ppackage", "h5p.view_h5ppackage"],
        )
