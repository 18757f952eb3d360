"""A booking's life: a teacher books, asks for dates, changes, moves or cancels; staff confirm, decline, move, close.

Every way a booking comes to hold places goes through the capacity rule (capacity._check_room) under the
session's row lock; places a booking gives up are offered to the waiting list in the same transaction.
"""
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.audit import audit_record

from ...models import BookingStatus, Session, SessionBooking, SessionStatus, SessionTypePage
from .capacity import ACTIVE, BookingError, _check_room, _lock, _lock_booking, booking_settings, holds_places
from .checks import (
    DELIVER_PERMISSION,
    MANAGE_PERMISSION,
    _check_class,
    _check_date,
    _check_member,
    _check_overlap,
    _check_session,
    _contact,
    _day,
    _require_reason,
    _require_staff,
)
from .events import Action, _end, _record
from .waiting_list import _offer_free_places


@transaction.atomic
def booking_create(*, session: Session, school, teacher, year_group: int, pupils: int, **contact) -> SessionBooking:
    """Book places in a slot for a class. Refused, changing nothing, when any check fails."""
    _check_member(teacher, school)
    now = timezone.now()
    locked = _lock(session)
    _check_session(locked, school, now=now)
    _check_class(locked.session_type, year_group, pupils)
    _check_overlap(school, locked)
    _check_room(locked, pupils, now=now)
    booking = SessionBooking.objects.create(
        session=locked, session_type=locked.session_type, school=school, teacher=teacher, year_group=year_group,
        pupils=pupils, status=BookingStatus.REQUESTED, **_contact(**contact),
    )
    _record(booking, Action.REQUESTED, by=teacher, from_status="", calendar=True)
    return booking


@transaction.atomic
def booking_request_dates(*, session_type: SessionTypePage, school, teacher, year_group: int, pupils: int,
                          preferred_dates: list[date], **contact) -> SessionBooking:
    """Ask for a session on dates the teacher prefers, when no published slot suits; staff then offer a slot."""
    _check_member(teacher, school)
    _check_class(session_type, year_group, pupils)
    dates = sorted(set(d for d in preferred_dates if d))
    if not dates:
        raise BookingError("Enter at least one date you would prefer.")
    today = timezone.localdate()
    for day in dates:
        _check_date(day, school.area, today=today)
    booking = SessionBooking.objects.create(
        session=None, session_type=session_type, school=school, teacher=teacher, year_group=year_group,
        pupils=pupils, status=BookingStatus.REQUESTED,
        preferred_dates=", ".join(day.isoformat() for day in dates), **_contact(**contact),
    )
    _record(booking, Action.DATES_REQUESTED, by=teacher, from_status="")
    return booking


@transaction.atomic
def booking_change(*, booking: SessionBooking, by, year_group: int, pupils: int, **contact) -> SessionBooking:
    """Change the class or contact details of a booking that has not yet taken place."""
    locked_session = _lock(booking.session) if booking.session_id else None
    locked = _lock_booking(booking)
    if locked.status not in (*ACTIVE, BookingStatus.WAITLISTED):
        raise BookingError(f"This booking is {locked.get_status_display().lower()}: it can no longer be changed.")
    now = timezone.now()
    if locked_session is not None and locked_session.starts_at <= now:
        raise BookingError("This session has already taken place, so the booking can no longer be changed.")
    _check_class(locked.session_type, year_group, pupils)
    # A booking holding places (an offered place included) may grow only into free places.
    if locked_session is not None and holds_places(locked, now=now) and pupils > locked.pupils:
        _check_room(locked_session, pupils, now=now, exclude=locked)
    fewer = pupils < locked.pupils
    before = (locked.year_group, locked.pupils, locked.room, locked.access_needs, locked.contact_name,
              locked.contact_phone)
    locked.year_group, locked.pupils = year_group, pupils
    for key, value in _contact(**contact).items():
        setattr(locked, key, value)
    after = (locked.year_group, locked.pupils, locked.room, locked.access_needs, locked.contact_name,
             locked.contact_phone)
    if before == after:
        return locked
    locked.save()
    _record(locked, Action.CHANGED, by=by, from_status=locked.status, calendar=locked_session is not None
            and locked.status in ACTIVE)
    if fewer and locked_session is not None:
        _offer_free_places(locked_session, now=now)
    return locked


@transaction.atomic
def booking_cancel(*, booking: SessionBooking, by, reason: str = "") -> SessionBooking:
    """Cancel a booking: the teacher up to the set number of days before, partnership staff any time with a reason."""
    staff = by.has_perm(MANAGE_PERMISSION)
    reason = (reason or "").strip()
    locked_session = _lock(booking.session) if booking.session_id else None
    locked = _lock_booking(booking)
    if locked.status not in (*ACTIVE, BookingStatus.WAITLISTED):
        raise BookingError(f"This booking is already {locked.get_status_display().lower()}.")
    if staff and not reason:
        raise BookingError("Give a reason for cancelling: the teacher is told it.")
    if not staff:
        days = booking_settings().teacher_cancel_days
        if locked_session is not None and (_day(locked_session.starts_at) - timezone.localdate()).days < days:
            raise BookingError(
                f"Bookings can be cancelled here up to {days} days before the session. "
                "To cancel this one, please contact the partnership team."
            )
    _end(locked, BookingStatus.CANCELLED, Action.CANCELLED, by=by, reason=reason)
    if staff:
        audit_record(actor=by, action="booking.cancel", target=locked, detail=reason)
    if locked_session is not None:
        _offer_free_places(locked_session, now=timezone.now())
    return locked


@transaction.atomic
def booking_confirm(*, booking: SessionBooking, by, instructor, session: Session | None = None) -> SessionBooking:
    """Confirm a requested booking and assign its session's instructor; a request for dates is given a slot."""
    _require_staff(by)
    if instructor is None or not instructor.has_perm(DELIVER_PERMISSION):
        raise BookingError("Choose an instructor who delivers sessions.")
    target = session or booking.session
    if target is None:
        raise BookingError("This request has no session yet. Choose the session to offer the school.")
    if booking.session_id and target.pk != booking.session_id:
        booking_reschedule(booking=booking, by=by, session=target, reason="Moved to another session on confirming.")
    locked_session = _lock(target)
    locked = _lock_booking(booking)
    if locked.status != BookingStatus.REQUESTED:
        raise BookingError(
            f"Only a requested booking can be confirmed; this one is {locked.get_status_display().lower()}."
        )
    now = timezone.now()
    if locked.session_id is None:
        _check_session(locked_session, locked.school, now=now)
        _check_overlap(locked.school, locked_session, exclude=locked)
        locked.session = locked_session
    _check_room(locked_session, locked.pupils, now=now, exclude=locked)
    if _has_clash(instructor, locked_session):
        raise BookingError(f"{instructor.get_full_name()} is delivering another session at that time.")
    if locked_session.instructor_id != instructor.pk:
        locked_session.instructor = instructor
        locked_session.save(update_fields=["instructor"])
    locked.status = BookingStatus.CONFIRMED
    locked.confirmed_at = now
    locked.save()
    _record(locked, Action.CONFIRMED, by=by, from_status=BookingStatus.REQUESTED,
            reason=f"Instructor: {instructor.get_full_name()}", calendar=True)
    audit_record(actor=by, action="booking.confirm", target=locked, detail=f"Instructor: {instructor.get_full_name()}")
    return locked


def _has_clash(instructor, session: Session) -> bool:
    return Session.objects.filter(
        instructor=instructor, status=SessionStatus.OPEN, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at,
    ).exclude(pk=session.pk).exists()


@transaction.atomic
def booking_decline(*, booking: SessionBooking, by, reason: str) -> SessionBooking:
    _require_staff(by)
    reason = _require_reason(reason, "declining")
    locked_session = _lock(booking.session) if booking.session_id else None
    locked = _lock_booking(booking)
    if locked.status not in (BookingStatus.REQUESTED, BookingStatus.WAITLISTED):
        raise BookingError(
            f"Only a requested booking can be declined; this one is {locked.get_status_display().lower()}."
        )
    _end(locked, BookingStatus.DECLINED, Action.DECLINED, by=by, reason=reason)
    audit_record(actor=by, action="booking.decline", target=locked, detail=reason)
    if locked_session is not None:
        _offer_free_places(locked_session, now=timezone.now())
    return locked


@transaction.atomic
def booking_reschedule(*, booking: SessionBooking, by, session: Session, reason: str) -> SessionBooking:
    """Staff move a booking to another slot (or give a request for dates its slot)."""
    _require_staff(by)
    reason = _require_reason(reason, "moving the booking")
    locked = _move(booking, session, by=by, reason=reason, teacher=False)
    audit_record(actor=by, action="booking.reschedule", target=locked, detail=reason)
    return locked


@transaction.atomic
def booking_move(*, booking: SessionBooking, by, session: Session) -> SessionBooking:
    """A teacher moves their booking to another slot of the same kind, in one step.

    The booking keeps its place in the old slot until the new one is taken, in this same transaction, so there is
    never a moment with no place. A confirmed booking goes back to "requested": staff confirm the new date (and its
    instructor), while the new place is held.
    """
    _check_member(by, booking.school)
    if booking.session_id is None:
        raise BookingError("This is a request for dates: partnership staff will offer you a session.")
    # Recorded as a BookingEvent like every teacher's change (the audit log is for staff actions).
    return _move(booking, session, by=by, reason="Moved by the teacher.", teacher=True)


def _move(booking: SessionBooking, session: Session, *, by, reason: str, teacher: bool) -> SessionBooking:
    """The one rule for moving a booking: both sessions locked in order of id, then the new place taken through
    the capacity rule before the old one is given up (and offered to its waiting list), all in one transaction.
    """
    sessions = sorted({s for s in (booking.session_id, session.pk) if s})
    locked_sessions = {pk: _lock(Session(pk=pk)) for pk in sessions}
    old, new = locked_sessions.get(booking.session_id), locked_sessions[session.pk]
    locked = _lock_booking(booking)
    if locked.status not in ACTIVE:
        raise BookingError(f"This booking is {locked.get_status_display().lower()}: it can no longer be moved.")
    if old is not None and old.pk == new.pk:
        raise BookingError("The booking is already in that session. Choose a different one.")
    if new.session_type_id != locked.session_type_id:
        raise BookingError(f"Choose a {locked.session_type.title} session: the school booked that kind.")
    now = timezone.now()
    if teacher and old is not None:
        if old.starts_at <= now:
            raise BookingError("This session has already taken place, so the booking can no longer be moved.")
        # Moving gives up the old place: the same notice as cancelling it.
        days = booking_settings().teacher_cancel_days
        if (_day(old.starts_at) - timezone.localdate()).days < days:
            raise BookingError(
                f"Bookings can be moved here up to {days} days before the session. "
                "To move this one, please contact the partnership team."
            )
    _check_session(new, locked.school, now=now)
    _check_overlap(locked.school, new, exclude=locked)
    _check_room(new, locked.pupils, now=now, exclude=locked)
    from_status = locked.status
    locked.session = new
    # Confirmed means an instructor is assigned to this date: staff confirm a teacher's new date themselves.
    if locked.status == BookingStatus.CONFIRMED and (teacher or new.instructor_id is None):
        locked.status = BookingStatus.REQUESTED
        locked.confirmed_at = None
    locked.save()
    _record(locked, Action.RESCHEDULED, by=by, from_status=from_status, reason=reason, calendar=True)
    if old is not None:
        _offer_free_places(old, now=now)
    return locked


@transaction.atomic
def booking_close(*, booking: SessionBooking, by) -> SessionBooking:
    _require_staff(by)
    locked = _lock_booking(booking)
    if locked.status != BookingStatus.DELIVERED:
        raise BookingError("Only a delivered booking can be closed.")
    locked.status = BookingStatus.CLOSED
    locked.save(update_fields=["status"])
    _record(locked, Action.CLOSED, by=by, from_status=BookingStatus.DELIVERED)
    return locked
