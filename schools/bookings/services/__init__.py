"""Writes about slots and bookings, one module per job as pretix splits its services; this package names them all.

* capacity: the capacity rule (`_check_room`) under the session's row lock, and the refusal (`BookingError`);
* checks: the other refusals, each checked before anything is written;
* lifecycle: book, ask for dates, change, move, cancel; staff confirm, decline, move, close;
* waiting_list: join, offers of freed places in order of joining, accept, expiry;
* slots: publish, change capacity, cancel a slot;
* attendance: the instructor's attendance record and show of hands, and the teacher's feedback;
* events and notifications: every change is a BookingEvent whose email a task sends after commit, once per event;
  reminders before the session;
* personal_data: a teacher's bookings in their data download, and on deleting their account.

Every refusal is a BookingError whose message is written for the person who asked, raised before anything is
written. Callers import from here (`from schools.bookings import services`); the modules import one another one
way only: capacity <- checks, events <- waiting_list <- lifecycle, slots; attendance and notifications use only
capacity, checks and events.
"""
from .attendance import CONFIDENCE_STATEMENTS, attendance_record, can_record, feedback_given, feedback_submit
from .capacity import ACTIVE, FULL_MESSAGE, BookingError, BookingFull, booking_settings, holds_places, places_held
from .checks import DELIVER_PERMISSION, MANAGE_PERMISSION, closure_on
from .lifecycle import (
    booking_cancel,
    booking_change,
    booking_close,
    booking_confirm,
    booking_create,
    booking_decline,
    booking_move,
    booking_request_dates,
    booking_reschedule,
)
from .notifications import REMINDER_DAYS, reminders_send
from .personal_data import teacher_bookings_export, teacher_bookings_forget
from .slots import MAX_REPEATS, SlotsPublished, session_capacity_change, slot_cancel, slot_publish
from .waiting_list import offer_accept, offers_expire, waitlist_join

__all__ = [
    "ACTIVE", "CONFIDENCE_STATEMENTS", "DELIVER_PERMISSION", "FULL_MESSAGE", "MANAGE_PERMISSION", "MAX_REPEATS",
    "REMINDER_DAYS", "BookingError", "BookingFull", "SlotsPublished", "attendance_record", "booking_cancel",
    "booking_change", "booking_close", "booking_confirm", "booking_create", "booking_decline", "booking_move",
    "booking_request_dates", "booking_reschedule", "booking_settings", "can_record", "closure_on", "feedback_given",
    "feedback_submit",
    "holds_places", "offer_accept", "offers_expire", "places_held", "reminders_send", "session_capacity_change",
    "slot_cancel", "slot_publish", "teacher_bookings_export", "teacher_bookings_forget", "waitlist_join",
]
