"""Emails to teachers about their bookings, each with a calendar file; sent by a task, once per change."""
import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User

from ..models import BookingEvent, MembershipStatus, SessionBooking
from . import calendar
from .selectors import is_approved_member

logger = logging.getLogger(__name__)
TRANSIENT = (OperationalError, SMTPException, ConnectionError, TimeoutError)

SUBJECTS = {
    "requested": "Booking received: {title} on {day}",
    "dates_requested": "Request received: {title}",
    "waitlisted": "You are on the waiting list: {title} on {day}",
    "offered": "A place is free: {title} on {day}",
    "offer_accepted": "Booking received: {title} on {day}",
    "offer_expired": "The offered place has passed on: {title} on {day}",
    "changed": "Booking changed: {title} on {day}",
    "confirmed": "Booking confirmed: {title} on {day}",
    "declined": "Booking declined: {title}",
    "cancelled": "Booking cancelled: {title} on {day}",
    "rescheduled": "Booking moved: {title} now on {day}",
    "delivered": "Thank you: {title} on {day}",
    "closed": "Booking closed: {title}",
}


def _reachable(person) -> bool:
    return bool(person.is_active and not getattr(person, "is_anonymised", False) and person.email)


def _recipients(booking: SessionBooking) -> list:
    """Who hears about the booking: the teacher who made it, if they work at the school; otherwise (partnership
    staff booked or changed it for the school) the school's own linked teachers, never the member of staff."""
    teacher = booking.teacher
    if is_approved_member(teacher, booking.school):
        return [teacher] if _reachable(teacher) else []
    members = (User.objects.filter(school_memberships__school=booking.school,
                                   school_memberships__status=MembershipStatus.APPROVED)
               .distinct().order_by("full_name", "pk"))
    return [person for person in members if _reachable(person)]


def _addressee(booking: SessionBooking):
    recipients = _recipients(booking)
    return recipients[0] if recipients else None


def _day(booking) -> str:
    if booking.session is None:
        return "dates to be agreed"
    return timezone.localtime(booking.session.starts_at).strftime("%-d %B %Y")


def _context(booking, **extra) -> dict:
    recipients = _recipients(booking)
    return {"booking": booking, "session": booking.session, "site_url": settings.SITE_URL,
            "service_name": settings.SERVICE_NAME,
            "greeting_name": recipients[0].get_short_name() if len(recipients) == 1 else "", **extra}


def _message(booking, subject: str, body: str, ics: bytes | None, cancel: bool) -> EmailMessage:
    message = EmailMessage(subject=subject, body=body, to=[person.email for person in _recipients(booking)])
    if ics is not None:
        method = "CANCEL" if cancel else "REQUEST"
        message.attach("session.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    return message


def booking_event_email_send(*, event: BookingEvent) -> bool:
    """Email the teacher about one change, once. Returns whether an email went now."""
    with transaction.atomic():
        locked = (
            BookingEvent.objects.select_for_update(of=("self",))
            .select_related("booking__session", "booking__session_type", "booking__school", "booking__teacher")
            .get(pk=event.pk)
        )
        booking = locked.booking
        if locked.emailed_at is not None or _addressee(booking) is None:
            return False
        ics = None
        if locked.sequence is not None and booking.session is not None:
            ics = calendar.booking_ics(booking, sequence=locked.sequence, cancel=locked.cancels_calendar_entry,
                                       stamp=locked.created_at)
        subject = SUBJECTS.get(locked.action, "Your booking: {title}").format(
            title=booking.session_type.title, day=_day(booking)
        )
        body = render_to_string("schools/email/booking_event.txt", _context(booking, event=locked))
        # Sent inside the transaction: if sending fails the event is not stamped, and a retry sends it.
        _message(booking, subject, body, ics, locked.cancels_calendar_entry).send()
        locked.emailed_at = timezone.now()
        locked.save(update_fields=["emailed_at"])
    return True


def reminder_send(*, booking: SessionBooking, days_before: int) -> bool:
    """The reminder 7 days or 1 day before, with the current calendar file (same UID and SEQUENCE)."""
    if _addressee(booking) is None:
        return False
    when = "tomorrow" if days_before == 1 else f"in {days_before} days"
    subject = f"Reminder: {booking.session_type.title} {when}"
    body = render_to_string("schools/email/reminder.txt", _context(booking, when=when))
    ics = calendar.booking_ics(booking, sequence=max(booking.ics_sequence - 1, 0))
    _message(booking, subject, body, ics, False).send()
    return True


@shared_task(name="schools.booking_event_email", autoretry_for=TRANSIENT, retry_backoff=True,
             retry_backoff_max=600, max_retries=8)
def send_booking_event_email(event_id: int) -> bool:
    event = BookingEvent.objects.filter(pk=event_id).first()
    if event is None:
        return False
    return booking_event_email_send(event=event)
