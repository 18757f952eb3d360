"""Sessions and slots: staff publish a slot (or one a week to the end of term), change its capacity, cancel it."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.audit import audit_record

from ...models import BookingStatus, Session, SessionStatus, SessionTypePage
from .capacity import ACTIVE, BookingError, _lock, places_held
from .checks import DELIVER_PERMISSION, _day, _require_reason, _require_staff, closure_on
from .events import Action, _end
from .waiting_list import _offer_free_places


MAX_REPEATS = 52


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
