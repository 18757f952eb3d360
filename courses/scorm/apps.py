"""SCORM packages: checked upload, the player on a per-package content origin, and CMI tracking."""
from django.apps import AppConfig


class ScormConfig(AppConfig):
    name = "courses.scorm"
    label = "scorm"
    verbose_name = "SCORM packages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data, roles
        from courses.packages.kinds import PackageKind, kind_register

        from . import checks  # noqa: F401  (registers the origin checks)
        from . import personal_data as scorm_personal_data
        from .middleware import ORIGIN
        from .models import ScormPackage

        kind_register(PackageKind(
            name="SCORM", model=ScormPackage, origin=ORIGIN, version=lambda package: package.get_version_display()
        ))

        personal_data.register_exporter("scorm_attempts", scorm_personal_data.export)
        personal_data.register_eraser(scorm_personal_data.erase)
        roles.grant(
            roles.EDITOR,
            ["scorm.add_scormpackage", "scorm.change_scormpackage", "scorm.delete_scormpackage",
             "scorm.view_scormpackage"],
        )
