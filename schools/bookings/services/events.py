"""The record of every change to a booking (a BookingEvent) and the teacher's email about it, sent after commit."""
from django.db import transaction
from django.utils import timezone

from ...models import BookingEvent, BookingStatus, SessionBooking
from .. import notify
from .capacity import ACTIVE


Action = BookingEvent.Action


def _record(booking: SessionBooking, action: str, *, by, from_status: str, reason: str = "",
            calendar: bool = False) -> BookingEvent:
    """Record a change and email the teacher after commit.

    A `calendar` change sends a calendar file with the booking's next SEQUENCE, so the teacher's
    calendar replaces (or, for an ended booking, removes) the entry it already has.
    """
    sequence = None
    if calendar:
        sequence = booking.ics_sequence
        booking.ics_sequence += 1
        booking.save(update_fields=["ics_sequence"])
    event = BookingEvent.objects.create(
        booking=booking, action=action, from_status=from_status, to_status=booking.status,
        actor=by if getattr(by, "is_authenticated", False) else None, reason=reason,
        sequence=sequence, cancels_calendar_entry=calendar and booking.status not in ACTIVE,
    )
    transaction.on_commit(lambda: notify.send_booking_event_email.delay(event.pk))
    return event


def _end(booking: SessionBooking, status: str, action: str, *, by, reason: str) -> None:
    had_calendar_entry = booking.session_id is not None and booking.status in ACTIVE
    from_status = booking.status
    booking.status = status
    booking.offer_expires_at = None
    if status == BookingStatus.CANCELLED:
        booking.cancelled_at = timezone.now()
    booking.save()
    _record(booking, action, by=by, from_status=from_status, reason=reason, calendar=had_calendar_entry)
