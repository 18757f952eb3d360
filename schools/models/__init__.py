"""The schools app's models: the directory, the session type pages, and sessions with their bookings."""
from .bookings import (
    BookingEvent,
    BookingSettings,
    BookingStatus,
    CalendarFeed,
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
    "BookingSettings",
    "BookingStatus",
    "CalendarFeed",
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
