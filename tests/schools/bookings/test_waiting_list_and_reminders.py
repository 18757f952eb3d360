"""A freed place goes to the waiting list in order, by email, with a time limit; reminders go 7 days and 1 day before,
each once."""
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from schools.bookings import services
from schools.models import BookingSettings
from tests.schools.bookings import world


@pytest.fixture
def full_session(booking_world, book, django_capture_on_commit_callbacks):
    """The slot holds one class of 30, taken by another school; two more schools wait in turn."""
    w = booking_world
    w.session.capacity = 30
    w.session.save()
    schools = []
    for name in ("Holder School", "First Waiting School", "Second Waiting School"):
        school = world.school(name)
        teacher = world.make_person("Teacher")
        world.link(teacher, school)
        schools.append((school, teacher))
    with django_capture_on_commit_callbacks(execute=True):
        holder = book(school=schools[0][0], teacher=schools[0][1], pupils=30)
        waiting = [services.waitlist_join(session=w.session, school=s, teacher=t, year_group=9, pupils=25,
                                          **world.contact()) for s, t in schools[1:]]
    return holder, waiting


def test_a_cancellation_offers_the_place_to_the_first_on_the_waiting_list(booking_world, full_session, mailoutbox,
                                                                          django_capture_on_commit_callbacks):
    holder, (first, second) = full_session
    assert [b.status for b in (first, second)] == ["waitlisted", "waitlisted"]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=holder, by=booking_world.staff, reason="Exams moved")
    first.refresh_from_db()
    second.refresh_from_db()
    hours = BookingSettings.current().offer_hours
    assert first.offer_expires_at is not None and second.offer_expires_at is None
    assert abs(first.offer_expires_at - (timezone.now() + timedelta(hours=hours))) < timedelta(minutes=1)
    offers = [m for m in mailoutbox if m.subject.startswith("A place is free")]
    assert [m.to for m in offers] == [[first.teacher.email]]
    # The offered place is held for the first school: nobody else can take it meanwhile.
    assert services.places_held(booking_world.session) == 25
    with pytest.raises(services.BookingFull):
        services.booking_create(session=booking_world.session, school=booking_world.school,
                                teacher=booking_world.teacher, year_group=9, pupils=10, **world.contact())

    with django_capture_on_commit_callbacks(execute=True):
        services.offer_accept(booking=first, by=first.teacher)
    first.refresh_from_db()
    assert first.status == "requested" and first.offer_expires_at is None
    accepted = mailoutbox[-1]
    assert accepted.to == [first.teacher.email]
    event = Calendar.from_ical(accepted.attachments[0][1]).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 0


def test_an_offer_not_accepted_in_time_passes_to_the_next_school(booking_world, full_session, mailoutbox,
                                                                 time_machine, django_capture_on_commit_callbacks):
    holder, (first, second) = full_session
    services.booking_cancel(booking=holder, by=booking_world.staff, reason="Exams moved")
    first.refresh_from_db()
    time_machine.move_to(first.offer_expires_at + timedelta(minutes=1))
    with pytest.raises(services.BookingError) as refusal:
        services.offer_accept(booking=first, by=first.teacher)
    assert refusal.value.message == ("Sorry: the time to accept this place has passed, so it was offered to the "
                                     "next school.")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.offers_expire() == 1
        assert services.offers_expire() == 0  # a second run changes nothing
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "cancelled" and first.events.last().action == "offer_expired"
    assert second.offer_expires_at is not None
    assert sorted(m.subject.split(":")[0] for m in mailoutbox) == ["A place is free", "The offered place has passed on"]


def _at(day, hour=7):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def test_reminders_go_a_week_and_a_day_before_each_once(booking_world, book, mailoutbox, time_machine):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    session_day = timezone.localtime(w.session.starts_at).date()
    mailoutbox.clear()

    time_machine.move_to(_at(session_day - timedelta(days=8)))
    assert services.reminders_send() == 0

    time_machine.move_to(_at(session_day - timedelta(days=7)))
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert mailoutbox[-1].subject == "Reminder: Bleeding control, Year 9 in 7 days"

    time_machine.move_to(_at(session_day - timedelta(days=3)))
    assert services.reminders_send() == 0

    time_machine.move_to(_at(session_day - timedelta(days=1)))
    assert services.reminders_send() == 1
    assert services.reminders_send() == 0
    assert mailoutbox[-1].subject == "Reminder: Bleeding control, Year 9 tomorrow"
    event = Calendar.from_ical(mailoutbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1  # the confirmed entry, unchanged

    time_machine.move_to(_at(session_day))
    assert services.reminders_send() == 0
    assert len(mailoutbox) == 2


def test_no_reminder_for_a_cancelled_booking(booking_world, book, mailoutbox, time_machine):
    booking = book()
    services.booking_cancel(booking=booking, by=booking_world.staff, reason="Double booked")
    time_machine.move_to(_at(timezone.localtime(booking_world.session.starts_at).date() - timedelta(days=1)))
    mailoutbox.clear()
    assert services.reminders_send() == 0 and mailoutbox == []
