"""Schools, bleeding-control session types, sessions, bookings, attendance and feedback."""
from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "schools"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from accounts import onboarding, personal_data, roles

        from . import receivers
        from .bookings import services as booking_services

        roles.grant(roles.PARTNERSHIP_STAFF, [
            "schools.view_school", "schools.add_school", "schools.change_school",
            "schools.view_closuredate", "schools.add_closuredate", "schools.change_closuredate",
            "schools.delete_closuredate", "schools.view_schoolmembership",
            # Booking rules (cancellation notice, waiting-list offer time), set in the admin (bookings).
            "schools.change_bookingsettings", "schools.view_bookingsettings",
        ])
        onboarding.register_approval_queue(onboarding.ApprovalQueue(
            key="schools.memberships",
            heading="Teachers waiting to be linked to a school",
            template="schools/includes/pending_memberships.html",
            pending=receivers.memberships_waiting,
        ))
        onboarding.register_next_step("schools.find_school", receivers.next_step_find_school)
        personal_data.register_exporter("schools", receivers.export_memberships)
        personal_data.register_eraser(receivers.erase_memberships)
        personal_data.register_exporter("school_bookings", booking_services.teacher_bookings_export)
        personal_data.register_eraser(booking_services.teacher_bookings_forget)
        email_confirmed.connect(receivers.approve_on_email_confirmed, dispatch_uid="schools.approve_on_email_confirmed")
