"""A booking's life: each change is recorded with who, when and why, and emails the teacher a calendar file that
calendars understand: one UID per booking, SEQUENCE rising with each change, METHOD:CANCEL to remove it."""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from icalendar import Calendar

from certificates.models import Certificate
from schools.bookings import notify, services
from schools.models import BookingSettings, SessionAttendance
from tests.schools.bookings import world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and the emails it queues after commit (Celery is eager in tests)."""
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)
    return run


def calendar_of(message) -> tuple[Calendar, object]:
    attachments = [a for a in message.attachments if a[0].endswith(".ics")]
    assert len(attachments) == 1, f"expected one .ics on {message.subject!r}"
    name, content, mimetype = attachments[0]
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_booked_confirmed_moved_and_cancelled_each_email_the_same_calendar_entry(booking_world, book, committed,
                                                                                mailoutbox):
    w = booking_world
    booking = committed(book, pupils=25)
    calendar, event = calendar_of(mailoutbox[0])
    uid = str(event["UID"])
    assert str(calendar["METHOD"]) == "REQUEST" and event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == w.session.starts_at
    assert w.school.name in str(event["LOCATION"])
    assert mailoutbox[0].subject.startswith("Booking received: Bleeding control, Year 9")

    committed(services.booking_confirm, booking=booking, by=w.staff, instructor=w.instructor)
    _, event = calendar_of(mailoutbox[1])
    assert mailoutbox[1].subject.startswith("Booking confirmed")
    assert "Jordan Instructor" in mailoutbox[1].body
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (uid, 1, "CONFIRMED")
    w.session.refresh_from_db()
    assert w.session.instructor == w.instructor

    later = world.slot(w.kind, days=21, instructor=w.instructor)
    committed(services.booking_reschedule, booking=booking, by=w.staff, session=later, reason="Instructor unwell")
    _, event = calendar_of(mailoutbox[2])
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 2)
    assert event.decoded("DTSTART") == later.starts_at
    assert "Instructor unwell" in mailoutbox[2].body

    committed(services.booking_cancel, booking=booking, by=w.staff, reason="School closed for repairs")
    calendar, event = calendar_of(mailoutbox[3])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert (str(event["UID"]), event["SEQUENCE"], str(event["STATUS"])) == (uid, 3, "CANCELLED")
    assert "School closed for repairs" in mailoutbox[3].body

    history = list(booking.events.values_list("action", "from_status", "to_status", "actor__full_name", "reason"))
    assert history == [
        ("requested", "", "requested", "Sam Teacher", ""),
        ("confirmed", "requested", "confirmed", "Morgan Staff", "Instructor: Jordan Instructor"),
        ("rescheduled", "confirmed", "confirmed", "Morgan Staff", "Instructor unwell"),
        ("cancelled", "confirmed", "cancelled", "Morgan Staff", "School closed for repairs"),
    ]
    assert all(event.emailed_at for event in booking.events.all())
    from accounts.models import AuditEntry

    assert list(AuditEntry.objects.filter(target_id=str(booking.pk)).order_by("pk").values_list("action", flat=True)) \
        == ["booking.confirm", "booking.reschedule", "booking.cancel"]


def test_an_email_task_run_twice_sends_once(booking_world, book, committed, mailoutbox):
    booking = committed(book)
    event = booking.events.get()
    assert notify.send_booking_event_email(event.pk) is False
    assert len(mailoutbox) == 1


def test_a_declined_request_removes_the_tentative_entry(booking_world, book, committed, mailoutbox):
    booking = committed(book)
    with pytest.raises(services.BookingError) as refusal:
        services.booking_decline(booking=booking, by=booking_world.staff, reason="  ")
    assert refusal.value.message == "Give a reason for declining: the teacher is told it."
    committed(services.booking_decline, booking=booking, by=booking_world.staff, reason="No instructor that week")
    calendar, event = calendar_of(mailoutbox[1])
    assert str(calendar["METHOD"]) == "CANCEL" and event["SEQUENCE"] == 1
    assert services.places_held(booking_world.session) == 0


def test_only_staff_confirm_and_only_with_an_instructor(booking_world, book):
    booking = book()
    with pytest.raises(PermissionDenied):
        services.booking_confirm(booking=booking, by=booking_world.teacher, instructor=booking_world.instructor)
    with pytest.raises(services.BookingError) as refusal:
        services.booking_confirm(booking=booking, by=booking_world.staff, instructor=booking_world.teacher)
    assert refusal.value.message == "Choose an instructor who delivers sessions."
    booking.refresh_from_db()
    assert booking.status == "requested" and booking.events.count() == 1


def test_a_teacher_may_cancel_only_up_to_the_days_staff_set(booking_world, book, committed, mailoutbox):
    settings_ = BookingSettings.current()
    settings_.teacher_cancel_days = 20
    settings_.save()
    booking = book()  # the slot is 14 days away
    with pytest.raises(services.BookingError) as refusal:
        services.booking_cancel(booking=booking, by=booking_world.teacher)
    assert refusal.value.message == ("Bookings can be cancelled here up to 20 days before the session. "
                                     "To cancel this one, please contact the partnership team.")
    booking.refresh_from_db()
    assert booking.status == "requested"
    settings_.teacher_cancel_days = 7
    settings_.save()
    committed(services.booking_cancel, booking=booking, by=booking_world.teacher)
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.cancelled_at is not None
    assert services.places_held(booking_world.session) == 0


def test_staff_cancel_at_any_time_but_must_say_why(booking_world, book):
    booking = book()
    with pytest.raises(services.BookingError) as refusal:
        services.booking_cancel(booking=booking, by=booking_world.staff, reason="")
    assert refusal.value.message == "Give a reason for cancelling: the teacher is told it."


def test_delivery_records_attendance_and_issues_the_schools_certificate(booking_world, book, committed, mailoutbox,
                                                                         time_machine):
    from certificates import demo

    demo.seed()
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    with pytest.raises(services.BookingError) as refusal:
        services.attendance_record(booking=booking, by=w.instructor, attended={9: 24})
    assert refusal.value.message == "Attendance can be recorded once the session has started."

    time_machine.move_to(w.session.ends_at + timedelta(minutes=5))
    stranger = world.make_person("Instructor")
    with pytest.raises(PermissionDenied):
        services.attendance_record(booking=booking, by=stranger, attended={9: 24})
    with pytest.raises(services.BookingError) as refusal:
        services.attendance_record(booking=booking, by=w.instructor, attended={9: 0})
    assert refusal.value.message == "Enter how many pupils attended: at least 1."
    assert SessionAttendance.objects.count() == 0

    committed(services.attendance_record, booking=booking, by=w.instructor, attended={9: 24, 10: 2},
              notes="Good questions about tourniquets.")
    booking.refresh_from_db()
    assert booking.status == "delivered" and booking.pupils_attended == 26
    assert booking.delivery_notes == "Good questions about tourniquets."
    certificate = Certificate.objects.get()
    assert certificate.recipient is None and certificate.recipient_name == w.school.name
    assert certificate.contact == w.teacher and certificate.achievement_title == w.kind.title
    assert certificate.owned_by(w.teacher)


def test_the_instructor_counts_hands_at_the_session_and_the_teacher_rates_it_once(booking_world, book,
                                                                                   time_machine):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    time_machine.move_to(w.session.ends_at)
    statement = services.CONFIDENCE_STATEMENTS[0]
    with pytest.raises(services.BookingError) as refusal:
        services.attendance_record(booking=booking, by=w.instructor, attended={9: 20},
                                   confidence={(statement, "before", 2): 15, (statement, "before", 3): 10})
    assert "More hands (25) than pupils who attended (20)" in refusal.value.message
    booking.refresh_from_db()
    assert booking.status == "confirmed" and SessionAttendance.objects.count() == 0  # refused: nothing recorded
    services.attendance_record(
        booking=booking, by=w.instructor, attended={9: 20},
        confidence={(statement, "before", 2): 15, (statement, "before", 3): 5, (statement, "after", 5): 20},
    )
    booking.refresh_from_db()
    assert sorted(booking.feedback.confidence_counts.values_list("stage", "score", "pupils")) == [
        ("after", 5, 20), ("before", 2, 15), ("before", 3, 5)]
    assert booking.feedback.rating is None and not services.feedback_given(booking)

    feedback = services.feedback_submit(booking=booking, by=w.teacher, rating=5, comments="Brilliant")
    assert (feedback.rating, feedback.comments, feedback.submitted_by) == (5, "Brilliant", w.teacher)
    assert feedback.confidence_counts.count() == 3  # the instructor's counts are kept with the teacher's rating
    with pytest.raises(services.BookingError) as refusal:
        services.feedback_submit(booking=booking, by=w.teacher, rating=4, comments="")
    assert refusal.value.message == "Feedback for this session has already been given. Thank you."


def test_a_teacher_rates_a_session_whose_hands_were_not_counted(booking_world, book, time_machine):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    time_machine.move_to(w.session.ends_at)
    services.attendance_record(booking=booking, by=w.instructor, attended={9: 20})
    feedback = services.feedback_submit(booking=booking, by=w.teacher, rating=3, comments="")
    assert feedback.rating == 3 and feedback.confidence_counts.count() == 0


def test_staff_publish_weekly_slots_skipping_closure_dates(booking_world):
    from schools.models import ClosureDate

    w = booking_world
    first = w.session.starts_at + timedelta(days=1)
    skipped_day = timezone.localtime(first + timedelta(days=14)).date()
    ClosureDate.objects.create(name="Half term", start_date=skipped_day, end_date=skipped_day)
    published = services.slot_publish(by=w.staff, session_type=w.kind, starts_at=first, capacity=60,
                                      instructor=w.instructor, area=w.area,
                                      repeat_until=timezone.localtime(first).date() + timedelta(days=35))
    days = [timezone.localtime(s.starts_at).date() for s in published.sessions]
    assert len(days) == 5 and skipped_day not in days
    assert all(timezone.localtime(s.starts_at).hour == timezone.localtime(first).hour for s in published.sessions)
    assert published.skipped == [(skipped_day, "Half term")]
    with pytest.raises(services.BookingError) as refusal:
        services.slot_publish(by=w.staff, session_type=w.kind, starts_at=first, capacity=0)
    assert refusal.value.message == "Enter the number of pupils the session can take: at least 1."
    with pytest.raises(PermissionDenied):
        services.slot_publish(by=w.teacher, session_type=w.kind, starts_at=first, capacity=30)


def test_cancelling_a_slot_cancels_its_bookings_and_tells_each_school(booking_world, book, committed, mailoutbox):
    w = booking_world
    other = world.school("Brookside Primary")
    teacher2 = world.make_person("Teacher")
    world.link(teacher2, other)
    first = committed(book)
    second = committed(book, school=other, teacher=teacher2)
    committed(services.slot_cancel, session=w.session, by=w.staff, reason="Instructor training day")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == "cancelled"
    cancels = [m for m in mailoutbox if m.subject.startswith("Booking cancelled")]
    assert sorted(m.to[0] for m in cancels) == sorted([w.teacher.email, teacher2.email])
    assert all(str(calendar_of(m)[0]["METHOD"]) == "CANCEL" for m in cancels)


def test_a_teacher_who_deletes_their_account_leaves_the_booking_without_their_details(booking_world, book):
    from accounts import services as account_services

    booking = book(contact_name="Sam Teacher")
    exported = account_services.account_export(user=booking_world.teacher)
    assert exported["school_bookings"][0]["contact_phone"] == "01632 960 001"
    account_services.account_delete(user=booking_world.teacher)
    booking.refresh_from_db()
    assert (booking.contact_name, booking.contact_phone, booking.status) == ("", "", "requested")
