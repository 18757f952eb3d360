"""The ground-floor app's wiring: Wagtail's own list exports are written through our spreadsheet cells."""
from django.apps import AppConfig


class FoundationConfig(AppConfig):
    name = "foundation"
    verbose_name = "Foundation"

    def ready(self):
        from . import spreadsheets

        spreadsheets.guard_wagtail_exports()
