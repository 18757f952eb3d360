"""Writes about slots and bookings: publish and cancel slots, book, wait, confirm, deliver, cancel, remind.

Capacity is counted under a row lock on the Session, so two teachers booking the last places at once
cannot both get them. The capacity rule is `_check_room`, and every way a booking comes to hold places,
or more of them (book, change, accept an offer, staff confirm or move, a capacity change), passes it. Every refusal is a BookingError whose message is written for the person who
asked, raised before anything is written. Every change to a booking is a BookingEvent; the teacher's
email about it is sent by a task after commit, once per event.
"""
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from smtplib import SMTPException

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format

from accounts.audit import audit_record
from certificates.signals import achievement_completed
from foundation.errors import ServiceError
from foundation.locking import lock_timeout

from ..models import (
    BookingEvent,
    BookingSettings,
    BookingStatus,
    ClosureDate,
    ConfidenceCount,
    Session,
    SessionAttendance,
    SessionBooking,
    SessionFeedback,
    SessionStatus,
    SessionTypePage,
)
from . import notify
from .selectors import is_approved_member

logger = logging.getLogger(__name__)

MANAGE_PERMISSION = "accounts.manage_programme"
DELIVER_PERMISSION = "accounts.deliver_sessions"
FULL_MESSAGE = "This session is full. You can join the waiting list."
# Bookings that hold places in their session. A waiting-list booking holds them only while offered.
HOLDING = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.DELIVERED, BookingStatus.CLOSED)
# Bookings still going ahead: they count for the school's overlapping bookings and a cancelled slot.
ACTIVE = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)
REMINDER_DAYS = (7, 1)
REMINDER_FIELDS = {7: "reminder_week_sent_at", 1: "reminder_day_sent_at"}
MAX_REPEATS = 52
CONFIDENCE_STATEMENTS = (
    "I know when to call 999 and what to tell them.",
    "I know how to press on a wound to slow bleeding.",
    "I would feel able to help someone who is bleeding badly until help arrives.",
)
Action = BookingEvent.Action


class BookingError(ServiceError):
    """A booking change that cannot be made; the message is written for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BookingFull(BookingError):
    """Not enough places left in the session; the teacher may join its waiting list."""


# --- reads used by the checks --------------------------------------------------------------------

def booking_settings() -> BookingSettings:
    return BookingSettings.current()


def _holding(now: datetime) -> Q:
    return Q(status__in=HOLDING) | Q(status=BookingStatus.WAITLISTED, offer_expires_at__gt=now)


def places_held(session: Session, *, now: datetime | None = None, exclude: SessionBooking | None = None) -> int:
    queryset = session.bookings.filter(_holding(now or timezone.now()))
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.aggregate(total=Sum("pupils"))["total"] or 0


def closure_on(day: date, area) -> ClosureDate | None:
    return (
        ClosureDate.objects.filter(start_date__lte=day, end_date__gte=day)
        .filter(Q(area__isnull=True) | Q(area=area) if area is not None else Q(area__isnull=True))
        .first()
    )


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "l j F Y, g:i a").replace(":00 ", " ")


# --- checks: each refuses with one plain message and writes nothing ---------------------------------

def _check_member(teacher, school) -> None:
    if not is_approved_member(teacher, school):
        raise PermissionDenied("You can only book for a school you are linked to.")


def _check_class(session_type: SessionTypePage, year_group: int, pupils: int) -> None:
    if pupils is None or pupils < 1:
        raise BookingError("Enter how many pupils will take part: at least 1.")
    if pupils > session_type.max_class_size:
        raise BookingError(
            f"{session_type.title} takes at most {session_type.max_class_size} pupils in one booking. "
            "Book a second session for the rest of the class."
        )
    if session_type.year_groups and year_group not in session_type.year_groups:
        raise BookingError(f"{session_type.title} is for {session_type.year_groups_label}. Choose one of those.")


def _check_date(day: date, area, *, today: date) -> None:
    if day <= today:
        raise BookingError(f"{date_format(day, 'j F Y')} is not in the future. Choose a date from tomorrow on.")
    closure = closure_on(day, area)
    if closure is not None:
        raise BookingError(
            f"{date_format(day, 'j F Y')} is a closure date ({closure.name}): no sessions run that day. "
            "Choose another date."
        )


def _check_session(session: Session, school, *, now: datetime) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise BookingError("This session has been cancelled. Choose another date.")
    if session.starts_at <= now:
        raise BookingError("This session has already taken place. Choose a session in the future.")
    closure = closure_on(_day(session.starts_at), school.area or session.area)
    if closure is not None:
        raise BookingError(
            f"{date_format(_day(session.starts_at), 'j F Y')} is a closure date ({closure.name}): "
            "this session cannot be booked. Choose another date."
        )


def _check_overlap(school, session: Session, *, exclude: SessionBooking | None = None) -> None:
    clash = (
        SessionBooking.objects.filter(
            school=school, status__in=ACTIVE,
            session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at,
        )
        .select_related("session", "session_type")
        .exclude(pk=exclude.pk if exclude else None)
        .first()
    )
    if clash is not None:
        raise BookingError(
            f"{school.name} already has a session booked at that time ({clash.session_type.title}, "
            f"{_when(clash.session.starts_at)}). Choose a time that does not overlap."
        )


def _lock(session: Session) -> Session:
    # Only the session's row is locked (`of`): its area may be empty, and an outer join cannot be locked.
    with lock_timeout(refusal=BookingError):
        return Session.objects.select_for_update(of=("self",)).select_related("session_type", "area").get(pk=session.pk)


def holds_places(booking: SessionBooking, *, now: datetime) -> bool:
    """Does this booking take places in its session (the same rule as `_holding`, for one booking in hand)?"""
    if booking.status in HOLDING:
        return True
    return booking.status == BookingStatus.WAITLISTED and booking.offer_expires_at is not None \
        and booking.offer_expires_at > now


def _check_room(session: Session, pupils: int, *, now: datetime, exclude: SessionBooking | None = None) -> None:
    """The capacity rule: `pupils` more places (for `exclude`, in place of its own) must fit in the session.

    Call with the session locked: the places counted cannot change until this transaction ends.
    """
    left = session.capacity - places_held(session, now=now, exclude=exclude)
    if pupils > left:
        if exclude is not None and exclude.status == BookingStatus.WAITLISTED:
            more = max(left - exclude.pupils, 0)
            raise BookingFull(
                f"The place offered to you is for {exclude.pupils} pupil{'s' if exclude.pupils != 1 else ''}, and "
                f"{more or 'no'} more place{'s are' if more != 1 else ' is'} free in this session, so it cannot "
                f"take {pupils}. Accept the offer for {exclude.pupils}, then book another session for the rest."
            )
        if left <= 0:
            raise BookingFull(FULL_MESSAGE)
        raise BookingFull(
            f"Only {left} place{'s are' if left != 1 else ' is'} left in this session, not enough for {pupils} "
            "pupils. Book for fewer pupils, or join the waiting list."
        )


# --- events ----------------------------------------------------------------------------------------

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


def _contact(**fields) -> dict:
    return {key: (fields.get(key) or "").strip() for key in ("room", "access_needs", "contact_name", "contact_phone")}


# --- teachers ---------------------------------------------------------------------------------------

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


def _lock_booking(booking: SessionBooking) -> SessionBooking:
    with lock_timeout(refusal=BookingError):
        return (
            SessionBooking.objects.select_for_update(of=("self",)).select_related("session_type", "school")
            .get(pk=booking.pk)
        )


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


def _end(booking: SessionBooking, status: str, action: str, *, by, reason: str) -> None:
    had_calendar_entry = booking.session_id is not None and booking.status in ACTIVE
    from_status = booking.status
    booking.status = status
    booking.offer_expires_at = None
    if status == BookingStatus.CANCELLED:
        booking.cancelled_at = timezone.now()
    booking.save()
    _record(booking, action, by=by, from_status=from_status, reason=reason, calendar=had_calendar_entry)


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


# --- the waiting list ---------------------------------------------------------------------------------

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


# --- partnership staff ---------------------------------------------------------------------------------

def _require(user, permission: str, message: str) -> None:
    if user is None or not user.has_perm(permission):
        raise PermissionDenied(message)


def _require_staff(user) -> None:
    _require(user, MANAGE_PERMISSION, "Only partnership staff can do this.")


def _require_reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise BookingError(f"Give a reason for {what}: the teacher is told it.")
    return reason


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
    """Move a booking to another slot (or give a request for dates its slot). Both sessions are locked in order."""
    _require_staff(by)
    reason = _require_reason(reason, "moving the booking")
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
    _check_session(new, locked.school, now=now)
    _check_overlap(locked.school, new, exclude=locked)
    _check_room(new, locked.pupils, now=now, exclude=locked)
    from_status = locked.status
    locked.session = new
    if locked.status == BookingStatus.CONFIRMED and new.instructor_id is None:
        locked.status = BookingStatus.REQUESTED  # confirmed means an instructor is assigned
    locked.save()
    _record(locked, Action.RESCHEDULED, by=by, from_status=from_status, reason=reason, calendar=True)
    audit_record(actor=by, action="booking.reschedule", target=locked, detail=reason)
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


@dataclass
class SlotsPublished:
    sessions: list
    skipped: list  # (date, closure name)


@transaction.atomic
def slot_publish(*, by, session_type: SessionTypePage, starts_at: datetime, capacity: int, instructor=None,
                 area=None, repeat_until: date | None = None) -> SlotsPublished:
    """Publish a slot, or one a week until `repeat_until` (the end of term), skipping closure dates."""
    _require_staff(by)
    if capacity is None or capacity < 1:
        raise BookingError("Enter the number of pupils the session can take: at least 1.")
    if instructor is not None and not instructor.has_perm(DELIVER_PERMISSION):
        raise BookingError("Choose an instructor who delivers sessions.")
    first = _day(starts_at)
    if starts_at <= timezone.now():
        raise BookingError("The session must start in the future.")
    last = repeat_until or first
    if last < first:
        raise BookingError("The last date of the repeat must be on or after the first session.")
    moments = []
    moment = starts_at
    while _day(moment) <= last:
        moments.append(moment)
        if len(moments) > MAX_REPEATS:
            raise BookingError(f"That would publish more than {MAX_REPEATS} sessions. Choose an earlier last date.")
        # Same wall-clock time each week, across a change between GMT and BST.
        local = timezone.localtime(moment)
        moment = timezone.make_aware(local.replace(tzinfo=None) + timedelta(days=7))
    duration = timedelta(minutes=session_type.duration_minutes)
    created, skipped = [], []
    for moment in moments:
        closure = closure_on(_day(moment), area)
        if closure is not None:
            skipped.append((_day(moment), closure.name))
            continue
        created.append(Session.objects.create(
            session_type=session_type, starts_at=moment, ends_at=moment + duration, area=area, instructor=instructor,
            capacity=capacity, status=SessionStatus.OPEN, created_by=by,
        ))
    if not created:
        day, name = skipped[0]
        raise BookingError(f"{date_format(day, 'j F Y')} is a closure date ({name}). Choose another date.")
    return SlotsPublished(sessions=created, skipped=skipped)


@transaction.atomic
def session_capacity_change(*, session: Session, by, capacity: int) -> Session:
    """Change how many pupils a slot takes; never below the places its bookings (and offers) already hold."""
    _require_staff(by)
    if capacity is None or capacity < 1:
        raise BookingError("Enter the number of pupils the session can take: at least 1.")
    locked = _lock(session)
    now = timezone.now()
    held = places_held(locked, now=now)
    if capacity < held:
        raise BookingError(
            f"Bookings already hold {held} place{'s' if held != 1 else ''} in this session, so it cannot take "
            f"only {capacity}. Move or cancel bookings first, or enter at least {held}."
        )
    grew = capacity > locked.capacity
    locked.capacity = capacity
    locked.save(update_fields=["capacity"])
    audit_record(actor=by, action="session.capacity", target=locked, detail=f"Capacity {capacity} pupils")
    if grew:
        _offer_free_places(locked, now=now)
    return locked


@transaction.atomic
def slot_cancel(*, session: Session, by, reason: str) -> Session:
    """Cancel a slot and every booking in it; each school is told why."""
    _require_staff(by)
    reason = _require_reason(reason, "cancelling the session")
    locked = _lock(session)
    if locked.status == SessionStatus.CANCELLED:
        raise BookingError("This session is already cancelled.")
    locked.status = SessionStatus.CANCELLED
    locked.save(update_fields=["status"])
    audit_record(actor=by, action="session.cancel", target=locked, detail=reason)
    for booking in locked.bookings.select_for_update().filter(status__in=(*ACTIVE, BookingStatus.WAITLISTED)):
        _end(booking, BookingStatus.CANCELLED, Action.CANCELLED, by=by, reason=reason)
    return locked


# --- instructors --------------------------------------------------------------------------------------

def can_record(user, booking: SessionBooking) -> bool:
    if user.has_perm(MANAGE_PERMISSION):
        return True
    return booking.session is not None and booking.session.instructor_id == user.pk and user.has_perm(
        DELIVER_PERMISSION
    )


@transaction.atomic
def attendance_record(*, booking: SessionBooking, by, attended: dict[int, int], notes: str = "") -> SessionBooking:
    """Record pupils attended by year group and delivery notes; the school's certificate follows."""
    locked = _lock_booking(booking)
    if not can_record(by, locked):
        raise PermissionDenied("Only the session's instructor can record its attendance.")
    if locked.status != BookingStatus.CONFIRMED:
        raise BookingError(
            f"Attendance can be recorded for a confirmed booking; this one is {locked.get_status_display().lower()}."
        )
    now = timezone.now()
    if locked.session.starts_at > now:
        raise BookingError("Attendance can be recorded once the session has started.")
    counts = {int(year): int(pupils) for year, pupils in attended.items() if pupils}
    if any(pupils < 0 for pupils in counts.values()) or any(not 1 <= year <= 13 for year in counts):
        raise BookingError("Enter the number of pupils for year groups 1 to 13, as whole numbers of 0 or more.")
    if not counts:
        raise BookingError("Enter how many pupils attended: at least 1.")
    SessionAttendance.objects.bulk_create(
        SessionAttendance(booking=locked, year_group=year, pupils=pupils) for year, pupils in sorted(counts.items())
    )
    locked.status = BookingStatus.DELIVERED
    locked.delivered_at = now
    locked.delivery_notes = (notes or "").strip()
    locked.save()
    _record(locked, Action.DELIVERED, by=by, from_status=BookingStatus.CONFIRMED,
            reason=f"{sum(counts.values())} pupils attended")
    achievement_completed.send(sender=SessionBooking, source=locked)
    return locked


# --- after delivery: feedback --------------------------------------------------------------------------

@transaction.atomic
def feedback_submit(*, booking: SessionBooking, by, rating: int, comments: str,
                    confidence: dict[tuple[str, str, int], int]) -> SessionFeedback:
    """The teacher's rating and comments, and pupils' confidence before and after by show of hands.

    `confidence` maps (statement, stage, score 1-5) to the number of pupils who raised a hand.
    """
    locked = _lock_booking(booking)
    if locked.status not in (BookingStatus.DELIVERED, BookingStatus.CLOSED):
        raise BookingError("Feedback can be given once the session has been delivered.")
    if SessionFeedback.objects.filter(booking=locked).exists():
        raise BookingError("Feedback for this session has already been given. Thank you.")
    if rating not in range(1, 6):
        raise BookingError("Choose a rating from 1 to 5.")
    for (statement, stage, score), pupils in confidence.items():
        if statement not in CONFIDENCE_STATEMENTS or stage not in ("before", "after") or score not in range(1, 6):
            raise BookingError("Confidence counts must be for the listed statements, before and after, scored 1 to 5.")
        if pupils is None or pupils < 0:
            raise BookingError("Enter the number of pupils as a whole number of 0 or more.")
    attended = locked.attendance.aggregate(total=Sum("pupils"))["total"] or 0
    for statement in CONFIDENCE_STATEMENTS:
        for stage in ("before", "after"):
            hands = sum(p for (s, st, _), p in confidence.items() if s == statement and st == stage)
            if attended and hands > attended:
                raise BookingError(
                    f"More hands ({hands}) than pupils who attended ({attended}) for '{statement}' {stage} "
                    "the session. Check the counts."
                )
    feedback = SessionFeedback.objects.create(
        booking=locked, rating=rating, comments=(comments or "").strip(), submitted_by=by
    )
    ConfidenceCount.objects.bulk_create(
        ConfidenceCount(feedback=feedback, statement=statement, stage=stage, score=score, pupils=pupils)
        for (statement, stage, score), pupils in sorted(confidence.items()) if pupils
    )
    return feedback


# --- reminders --------------------------------------------------------------------------------------

def _reminder_stage(days_left: int) -> int | None:
    due = [stage for stage in REMINDER_DAYS if 0 < days_left <= stage]
    return min(due) if due else None


def reminders_send(*, today: date | None = None) -> int:
    """Remind teachers 7 days and 1 day before their session, each once; returns how many went."""
    today = today or timezone.localdate()
    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), datetime.min.time()))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=max(REMINDER_DAYS) + 1), datetime.min.time()))
    due = (
        SessionBooking.objects.filter(status__in=ACTIVE, session__starts_at__gte=start, session__starts_at__lt=end)
        .select_related("session__session_type", "session__instructor", "school", "teacher")
    )
    sent = 0
    for booking in due:
        stage = _reminder_stage((_day(booking.session.starts_at) - today).days)
        if stage is None:
            continue
        field = REMINDER_FIELDS[stage]
        try:
            with transaction.atomic():
                # Claim the reminder with a conditional update: a second run, or a concurrent one, claims nothing.
                # If sending fails the claim is rolled back and the next run tries again.
                claimed = SessionBooking.objects.filter(pk=booking.pk, **{f"{field}__isnull": True}).update(
                    **{field: timezone.now()}
                )
                if not claimed:
                    continue
                notify.reminder_send(booking=booking, days_before=stage)
        except (SMTPException, OSError):
            logger.warning("Reminder for booking %s could not be sent", booking.pk, exc_info=True)
            continue
        sent += 1
    return sent


# --- personal data ------------------------------------------------------------------------------------

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
