"""A teacher's bookings in their data download, and what is removed from them when they delete their account."""
from ...models import SessionBooking


def teacher_bookings_export(user) -> list[dict]:
    """The bookings a person made, for their data download."""
    return [
        {
            "school": booking.school.name, "session": booking.session_type.title,
            "starts_at": booking.session.starts_at.isoformat() if booking.session else None,
            "status": booking.get_status_display(), "year_group": booking.year_group, "pupils": booking.pupils,
            "room": booking.room, "access_needs": booking.access_needs, "contact_name": booking.contact_name,
            "contact_phone": booking.contact_phone, "created_at": booking.created_at.isoformat(),
        }
        for booking in SessionBooking.objects.filter(teacher=user).select_related("school", "session_type", "session")
    ]


def teacher_bookings_forget(user) -> None:
    """When a teacher deletes their account their bookings stay (they are the school's), without their details."""
    SessionBooking.objects.filter(teacher=user, contact_name=user.full_name).update(contact_name="")
    SessionBooking.objects.filter(teacher=user).update(contact_phone="")
