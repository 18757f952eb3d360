"""Every refused booking says why in plain English and changes nothing: no booking, no event, no places taken."""
from datetime import timedelta

import pytest
from django.utils import timezone

from schools.bookings import services
from schools.models import BookingEvent, ClosureDate, SessionBooking, SessionStatus
from tests.schools.bookings import world


def _nothing_changed(booking_world, before: dict) -> None:
    assert SessionBooking.objects.count() == before["bookings"]
    assert BookingEvent.objects.count() == before["events"]
    assert services.places_held(booking_world.session) == before["held"]


@pytest.fixture
def snapshot(booking_world):
    def take():
        return {"bookings": SessionBooking.objects.count(), "events": BookingEvent.objects.count(),
                "held": services.places_held(booking_world.session)}
    return take


def test_a_good_booking_holds_its_places_and_is_recorded(booking_world, book, mailoutbox,
                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(pupils=25)
    assert booking.status == "requested"
    assert services.places_held(booking_world.session) == 25
    event = booking.events.get()
    assert (event.action, event.to_status, event.actor) == ("requested", "requested", booking_world.teacher)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [booking_world.teacher.email]


@pytest.mark.parametrize("pupils, message", [
    (0, "Enter how many pupils will take part: at least 1."),
    (31, "Bleeding control, Year 9 takes at most 30 pupils in one booking. Book a second session for the rest of "
         "the class."),
])
def test_pupils_outside_the_session_types_limits(booking_world, book, snapshot, pupils, message):
    before = snapshot()
    with pytest.raises(services.BookingError) as refusal:
        book(pupils=pupils)
    assert refusal.value.message == message
    _nothing_changed(booking_world, before)


def test_a_year_group_the_session_is_not_for(booking_world, book, snapshot):
    before = snapshot()
    with pytest.raises(services.BookingError) as refusal:
        book(year_group=3)
    assert refusal.value.message == "Bleeding control, Year 9 is for Years 8 to 10. Choose one of those."
    _nothing_changed(booking_world, before)


def test_a_session_in_the_past(booking_world, book, snapshot):
    session = booking_world.session
    session.starts_at = timezone.now() - timedelta(days=1)
    session.ends_at = session.starts_at + timedelta(hours=1)
    session.save()
    before = snapshot()
    with pytest.raises(services.BookingError) as refusal:
        book()
    assert refusal.value.message == "This session has already taken place. Choose a session in the future."
    _nothing_changed(booking_world, before)


def test_a_closure_date(booking_world, book, snapshot):
    day = timezone.localtime(booking_world.session.starts_at).date()
    ClosureDate.objects.create(name="Half term", start_date=day - timedelta(days=1), end_date=day + timedelta(days=2))
    before = snapshot()
    with pytest.raises(services.BookingError) as refusal:
        book()
    assert refusal.value.message == (
        f"{day:%-d %B %Y} is a closure date (Half term): this session cannot be booked. Choose another date."
    )
    _nothing_changed(booking_world, before)


def test_a_closure_elsewhere_does_not_stop_the_booking(booking_world, book):
    day = timezone.localtime(booking_world.session.starts_at).date()
    ClosureDate.objects.create(name="Swindon inset day", start_date=day, end_date=day, area=world.area("Swindon"))
    assert book().status == "requested"


def test_the_same_schools_overlapping_booking(booking_world, book, snapshot):
    book(pupils=20)
    other = world.slot(booking_world.kind, capacity=60)
    other.starts_at += timedelta(minutes=30)
    other.ends_at += timedelta(minutes=30)
    other.save()
    before = {**snapshot(), "held": services.places_held(booking_world.session)}
    with pytest.raises(services.BookingError) as refusal:
        book(session=other, pupils=20)
    assert refusal.value.message.startswith(f"{booking_world.school.name} already has a session booked at that time")
    assert refusal.value.message.endswith("Choose a time that does not overlap.")
    _nothing_changed(booking_world, before)
    assert services.places_held(other) == 0


def test_another_school_may_book_the_same_time(booking_world, book):
    book(pupils=20)
    neighbour = world.school("Brookside Primary")
    world.link(booking_world.teacher, neighbour)
    assert book(school=neighbour, pupils=20).status == "requested"


def test_a_cancelled_slot(booking_world, book, snapshot):
    booking_world.session.status = SessionStatus.CANCELLED
    booking_world.session.save()
    before = snapshot()
    with pytest.raises(services.BookingError) as refusal:
        book()
    assert refusal.value.message == "This session has been cancelled. Choose another date."
    _nothing_changed(booking_world, before)


def test_a_full_slot_offers_the_waiting_list(booking_world, book, snapshot):
    other = world.school("Brookside Primary")
    world.link(booking_world.teacher, other)
    booking_world.session.capacity = 30
    booking_world.session.save()
    book(pupils=30, school=other)
    before = snapshot()
    with pytest.raises(services.BookingFull) as refusal:
        book(pupils=10)
    assert refusal.value.message == "This session is full. You can join the waiting list."
    _nothing_changed(booking_world, before)


def test_too_few_places_left_says_how_many(booking_world, book, snapshot):
    other = world.school("Brookside Primary")
    world.link(booking_world.teacher, other)
    booking_world.session.capacity = 40
    booking_world.session.save()
    book(pupils=30, school=other)
    before = snapshot()
    with pytest.raises(services.BookingFull) as refusal:
        book(pupils=12)
    assert refusal.value.message == ("Only 10 places are left in this session, not enough for 12 pupils. "
                                     "Book for fewer pupils, or join the waiting list.")
    _nothing_changed(booking_world, before)


def test_a_teacher_not_linked_to_the_school_cannot_book_for_it(booking_world, book, make_user, snapshot):
    from django.core.exceptions import PermissionDenied

    from accounts import roles

    stranger = make_user(roles.TEACHER)
    world.link(stranger, booking_world.school, status="pending")
    before = snapshot()
    with pytest.raises(PermissionDenied):
        book(teacher=stranger)
    _nothing_changed(booking_world, before)


def test_preferred_dates_in_the_past_or_on_a_closure(booking_world):
    today = timezone.localdate()
    args = {"session_type": booking_world.kind, "school": booking_world.school, "teacher": booking_world.teacher,
            "year_group": 9, "pupils": 20, **world.contact()}
    with pytest.raises(services.BookingError) as refusal:
        services.booking_request_dates(preferred_dates=[today - timedelta(days=3)], **args)
    assert refusal.value.message.endswith("is not in the future. Choose a date from tomorrow on.")
    holiday = today + timedelta(days=20)
    ClosureDate.objects.create(name="Easter holidays", start_date=holiday, end_date=holiday)
    with pytest.raises(services.BookingError) as refusal:
        services.booking_request_dates(preferred_dates=[holiday], **args)
    assert "is a closure date (Easter holidays)" in refusal.value.message
    assert SessionBooking.objects.count() == 0
    booking = services.booking_request_dates(preferred_dates=[holiday + timedelta(days=1)], **args)
    assert booking.session is None and booking.status == "requested"


def test_changing_to_more_pupils_than_fit_is_refused_and_keeps_the_old_numbers(booking_world, book):
    booking_world.session.capacity = 30
    booking_world.session.save()
    booking = book(pupils=25)
    with pytest.raises(services.BookingError) as refusal:
        services.booking_change(booking=booking, by=booking_world.teacher, year_group=9, pupils=35, **world.contact())
    assert "at most 30 pupils" in refusal.value.message
    other = world.school("Brookside Primary")
    world.link(booking_world.teacher, other)
    booking_world.session.capacity = 38
    booking_world.session.save()
    book(pupils=10, school=other)
    with pytest.raises(services.BookingFull):
        services.booking_change(booking=booking, by=booking_world.teacher, year_group=9, pupils=30, **world.contact())
    booking.refresh_from_db()
    assert booking.pupils == 25 and services.places_held(booking_world.session) == 35
