"""The waiting list: join it, be offered a freed place in order of joining, accept the offer or let it run out."""
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ...models import BookingStatus, Session, SessionBooking, SessionStatus
from .capacity import BookingError, _check_room, _lock, _lock_booking, booking_settings, places_held
from .checks import _check_class, _check_member, _check_overlap, _check_session, _contact
from .events import Action, _end, _record


@transaction.atomic
def waitlist_join(*, session: Session, school, teacher, year_group: int, pupils: int, **contact) -> SessionBooking:
    """Join a slot's waiting list; a freed place is offered in order of joining."""
    _check_member(teacher, school)
    now = timezone.now()
    locked = _lock(session)
    _check_session(locked, school, now=now)
    _check_class(locked.session_type, year_group, pupils)
    if locked.bookings.filter(school=school, status=BookingStatus.WAITLISTED).exists():
        raise BookingError(f"{school.name} is already on the waiting list for this session.")
    booking = SessionBooking.objects.create(
        session=locked, session_type=locked.session_type, school=school, teacher=teacher, year_group=year_group,
        pupils=pupils, status=BookingStatus.WAITLISTED, **_contact(**contact),
    )
    _record(booking, Action.WAITLISTED, by=teacher, from_status="")
    # Places may already be free (a cancellation while the teacher was filling in the form).
    _offer_free_places(locked, now=now)
    return booking


@transaction.atomic
def offer_accept(*, booking: SessionBooking, by) -> SessionBooking:
    """Take the place offered from the waiting list, within its time limit."""
    locked_session = _lock(booking.session)
    locked = _lock_booking(booking)
    now = timezone.now()
    if locked.status != BookingStatus.WAITLISTED or locked.offer_expires_at is None:
        raise BookingError("There is no place on offer for this booking.")
    if locked.offer_expires_at <= now:
        raise BookingError("Sorry: the time to accept this place has passed, so it was offered to the next school.")
    _check_session(locked_session, locked.school, now=now)
    _check_overlap(locked.school, locked_session, exclude=locked)
    _check_room(locked_session, locked.pupils, now=now, exclude=locked)
    locked.status = BookingStatus.REQUESTED
    locked.offer_expires_at = None
    locked.save()
    _record(locked, Action.OFFER_ACCEPTED, by=by, from_status=BookingStatus.WAITLISTED, calendar=True)
    return locked


def _offer_free_places(session: Session, *, now: datetime) -> int:
    """Offer free places to the waiting list in order of joining. Call with the session locked."""
    if session.status == SessionStatus.CANCELLED or session.starts_at <= now:
        return 0
    left = session.capacity - places_held(session, now=now)
    hours = booking_settings().offer_hours
    offered = 0
    waiting = session.bookings.filter(status=BookingStatus.WAITLISTED, offer_expires_at__isnull=True).order_by(
        "created_at", "pk"
    )
    for booking in waiting:
        if left <= 0:
            break
        if booking.pupils > left:
            continue  # the next school's smaller class may fit; this one keeps its place in the queue
        booking.offer_expires_at = min(now + timedelta(hours=hours), session.starts_at)
        booking.save(update_fields=["offer_expires_at"])
        _record(booking, Action.OFFERED, by=None, from_status=booking.status)
        left -= booking.pupils
        offered += 1
    return offered


def offers_expire(*, now: datetime | None = None) -> int:
    """Withdraw offers not accepted in time and offer the places to the next on the waiting list."""
    now = now or timezone.now()
    expired = 0
    due = SessionBooking.objects.filter(status=BookingStatus.WAITLISTED, offer_expires_at__lte=now)
    for booking_id, session_id in due.values_list("pk", "session_id"):
        with transaction.atomic():
            session = _lock(Session(pk=session_id))
            booking = _lock_booking(SessionBooking(pk=booking_id))
            if booking.status != BookingStatus.WAITLISTED or booking.offer_expires_at is None \
                    or booking.offer_expires_at > now:
                continue  # accepted or handled by another run meanwhile
            _end(booking, BookingStatus.CANCELLED, Action.OFFER_EXPIRED, by=None,
                 reason="The offered place was not accepted in time.")
            _offer_free_places(session, now=now)
            expired += 1
    return expired
