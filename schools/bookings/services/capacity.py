"""The capacity rule and the row locks it is counted under, and the refusal every booking service raises.

Capacity is counted under a row lock on the Session, so two teachers booking the last places at once cannot
both get them. The capacity rule is `_check_room`, and every way a booking comes to hold places, or more of
them (book, change, accept an offer, staff confirm or move), passes it; a capacity change
(slots.session_capacity_change) counts the same `places_held` from the other side.
"""
from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from foundation.errors import ServiceError
from foundation.locking import lock_timeout

from ...models import BookingSettings, BookingStatus, Session, SessionBooking
from ..selectors import HOLDING, holding

FULL_MESSAGE = "This session is full. You can join the waiting list."
# Bookings still going ahead: they count for the school's overlapping bookings and a cancelled slot.
ACTIVE = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED)


class BookingError(ServiceError):
    """A booking change that cannot be made; the message is written for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BookingFull(BookingError):
    """Not enough places left in the session; the teacher may join its waiting list."""


def booking_settings() -> BookingSettings:
    return BookingSettings.current()


def places_held(session: Session, *, now: datetime | None = None, exclude: SessionBooking | None = None) -> int:
    queryset = session.bookings.filter(holding(now or timezone.now()))
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.aggregate(total=Sum("pupils"))["total"] or 0


def _lock(session: Session) -> Session:
    # Only the session's row is locked (`of`): its area may be empty, and an outer join cannot be locked.
    with lock_timeout(refusal=BookingError):
        return Session.objects.select_for_update(of=("self",)).select_related("session_type", "area").get(pk=session.pk)


def _lock_booking(booking: SessionBooking) -> SessionBooking:
    with lock_timeout(refusal=BookingError):
        return (
            SessionBooking.objects.select_for_update(of=("self",)).select_related("session_type", "school")
            .get(pk=booking.pk)
        )


def holds_places(booking: SessionBooking, *, now: datetime) -> bool:
    """Does this booking take places in its session (the same rule as `selectors.holding`, for one booking in hand)?"""
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
