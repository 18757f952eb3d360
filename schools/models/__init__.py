"""The schools app's models: the directory, the session type pages, and sessions with their bookings."""
from .bookings import (
    BookingEvent,
    BookingStatus,
    ConfidenceCount,
    ConfidenceStage,
    Session,
    SessionAttendance,
    SessionBooking,
    SessionFeedback,
    SessionStatus,
)
from .directory import ClosureDate, MembershipStatus, School, SchoolMembership, SchoolStatus
from .pages import SessionTypeIndexPage, SessionTypePage

__all__ = [
    "BookingEvent",
    "BookingStatus",
    "ClosureDate",
    "ConfidenceCount",
    "ConfidenceStage",
    "MembershipStatus",
    "School",
    "SchoolMembership",
    "SchoolStatus",
    "Session",
    "SessionAttendance",
    "SessionBooking",
    "SessionFeedback",
    "SessionStatus",
    "SessionTypeIndexPage",
    "SessionTypePage",
]
