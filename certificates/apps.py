from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data, roles

        from . import models, pdf, receivers, services
        from .signals import achievement_completed

        achievement_completed.connect(
            receivers.on_achievement_completed, dispatch_uid="certificates.issue_on_completion"
        )
        models.preview_renderer_connect(pdf.preview_response)
        personal_data.register_exporter("certificates", services.holder_export)
        personal_data.register_eraser(services.holder_forget)
        # Editors design certificate templates; no other role uses them, so no other role sees them in the admin.
        roles.grant(
            roles.EDITOR, [f"certificates.{verb}_certificatetemplate" for verb in ("add", "change", "delete", "view")]
        )
