from django.apps import AppConfig


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "Site shell and reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from lms import background, deploy_checks  # noqa: F401  (registers the deployment checks)

        background.connect()
