from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "lms.reporting"
    label = "reporting"
    verbose_name = "Partnership reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect()
