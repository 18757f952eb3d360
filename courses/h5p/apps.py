from django.apps import AppConfig


class H5PConfig(AppConfig):
    name = "courses.h5p"
    label = "h5p"
    verbose_name = "H5P activities"
    default_auto_field = "django.db.models.BigAutoField"
