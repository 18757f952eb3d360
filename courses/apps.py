from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Online modules"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data

        from . import page_cache
        from . import personal_data as courses_personal_data

        page_cache.connect_signals()

        personal_data.register_exporter("modules", courses_personal_data.export)
        personal_data.register_eraser(courses_personal_data.erase)
