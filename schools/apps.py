"""Schools, bleeding-control session types, sessions, bookings, attendance and feedback."""
from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import roles

        # Partnership staff set the booking rules (cancellation notice, waiting-list offer time) in the admin.
        roles.grant(roles.PARTNERSHIP_STAFF, ["schools.change_bookingsettings", "schools.view_bookingsettings"])
