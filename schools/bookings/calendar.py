"""Calendar files (.ics, made with icalendar): one per booking for the teacher, one feed per instructor."""
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Violence Reduction Partnership//Bleeding-control sessions//EN"


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def booking_uid(booking) -> str:
    """The same for every file about one booking, so calendars update the entry rather than add another."""
    return f"booking-{booking.pk}@{_host()}"


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _location(school) -> str:
    return ", ".join([school.name, *school.address_lines])


def booking_ics(booking, *, sequence: int, cancel: bool = False, stamp: datetime | None = None) -> bytes:
    """The booking as a calendar entry; with `cancel`, the message that removes it (METHOD:CANCEL)."""
    session = booking.session
    calendar = _calendar("CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", booking_uid(booking))
    event.add("sequence", sequence)
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"{booking.session_type.title}: Year {booking.year_group} at {booking.school.name}")
    event.add("location", _location(booking.school))
    lines = [
        f"{booking.pupils} pupils, Year {booking.year_group}.",
        f"Room: {booking.room}" if booking.room else "",
        f"Booking: {settings.SITE_URL}/schools/bookings/{booking.pk}/",
    ]
    event.add("description", "\n".join(line for line in lines if line))
    if cancel:
        event.add("status", "CANCELLED")
    elif booking.status == "confirmed":
        event.add("status", "CONFIRMED")
    else:
        event.add("status", "TENTATIVE")
    organizer = settings.DEFAULT_FROM_EMAIL
    event.add("organizer", f"mailto:{organizer}", parameters={"cn": settings.SERVICE_NAME})
    calendar.add_component(event)
    return calendar.to_ical()


def instructor_feed(user, sessions) -> bytes:
    """Every session of an instructor as one subscribable calendar; cancelled sessions stay, marked cancelled."""
    calendar = _calendar()
    calendar.add("x-wr-calname", f"{settings.SERVICE_NAME}: sessions of {user.get_full_name()}")
    now = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"session-{session.pk}@{_host()}")
        event.add("dtstamp", now)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        bookings = getattr(session, "held_bookings", [])
        schools = ", ".join(b.school.name for b in bookings) or "No school booked yet"
        event.add("summary", f"{session.session_type.title}: {schools}")
        if bookings:
            event.add("location", _location(bookings[0].school))
        details = [
            f"{b.school.name}: Year {b.year_group}, {b.pupils} pupils. Contact {b.contact_name} {b.contact_phone}."
            + (f" Access needs: {b.access_needs}" if b.access_needs else "")
            for b in bookings
        ]
        event.add("description", "\n".join(details) or "No bookings yet.")
        event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
