"""A teacher moves their booking to another session in one step: the old place is kept until the new one is taken,
a refused move changes nothing, the calendar entry keeps its UID with the next SEQUENCE, and staff confirm again."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts import roles
from schools.bookings import selectors, services
from schools.models import BookingSettings, BookingStatus, ClosureDate, SessionBooking
from tests.schools.bookings import world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(function, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(**kwargs)
    return run


def snapshot(booking):
    booking.refresh_from_db()
    return (booking.session_id, booking.status, booking.ics_sequence, booking.events.count())


def event_of(message):
    (content,) = [a[1] for a in message.attachments if a[0].endswith(".ics")]
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    return event


def test_a_confirmed_booking_moves_keeps_its_calendar_entry_and_goes_back_to_staff(booking_world, book, committed,
                                                                                   mailoutbox):
    w = booking_world
    booking = committed(book, pupils=25)
    committed(services.booking_confirm, booking=booking, by=w.staff, instructor=w.instructor)
    uid = str(event_of(mailoutbox[0])["UID"])
    later = world.slot(w.kind, days=21, instructor=w.instructor, capacity=30)

    moved = committed(services.booking_move, booking=booking, by=w.teacher, session=later)

    assert (moved.session, moved.status, moved.confirmed_at) == (later, BookingStatus.REQUESTED, None)
    assert services.places_held(w.session) == 0 and services.places_held(later) == 25
    message = mailoutbox[-1]
    assert message.subject.startswith("Booking moved") and message.to == [w.teacher.email]
    event = event_of(message)
    assert (str(event["UID"]), event["SEQUENCE"]) == (uid, 2)
    assert event.decoded("DTSTART") == later.starts_at
    last = moved.events.order_by("pk").last()
    assert (last.action, last.from_status, last.to_status, last.actor) == (
        "rescheduled", "confirmed", "requested", w.teacher)
    # Staff then confirm the new date as any request.
    services.booking_confirm(booking=moved, by=w.staff, instructor=w.instructor)
    moved.refresh_from_db()
    assert moved.status == BookingStatus.CONFIRMED


def test_a_move_frees_the_old_place_for_the_waiting_list(booking_world, book):
    w = booking_world
    booking = book(pupils=30)
    other_school = world.school("Beech School", area_obj=w.area)
    other_teacher = world.make_person("Teacher")
    world.link(other_teacher, other_school)
    book(school=other_school, teacher=other_teacher, pupils=30)
    waiting_school = world.school("Cedar School", area_obj=w.area)
    waiting_teacher = world.make_person("Teacher")
    world.link(waiting_teacher, waiting_school)
    waiting = services.waitlist_join(session=w.session, school=waiting_school, teacher=waiting_teacher, year_group=9,
                                     pupils=20, **world.contact())
    later = world.slot(w.kind, days=21)

    services.booking_move(booking=booking, by=w.teacher, session=later)

    waiting.refresh_from_db()
    assert waiting.offer_expires_at is not None
    assert services.places_held(w.session) == 50


@pytest.mark.parametrize("case", ["full", "closed", "overlap", "cancelled", "same", "other_kind", "too_soon"])
def test_a_refused_move_changes_nothing_and_says_why(booking_world, book, case):
    w = booking_world
    booking = book(pupils=25)
    later = world.slot(w.kind, days=21, capacity=40)
    expected = {
        "full": "Only 15 places are left", "closed": "is a closure date", "overlap": "already has a session booked",
        "cancelled": "has been cancelled", "same": "already in that session",
        "other_kind": "Choose a Bleeding control, Year 9 session", "too_soon": "up to 20 days before",
    }[case]
    if case == "full":
        other_school = world.school("Beech School", area_obj=w.area)
        other_teacher = world.make_person("Teacher")
        world.link(other_teacher, other_school)
        book(school=other_school, teacher=other_teacher, pupils=25, session=later)
    elif case == "closed":
        day = later.starts_at.date()
        ClosureDate.objects.create(name="Half term", start_date=day, end_date=day)
    elif case == "overlap":
        clash = world.slot(world.session_type("First aid", year_groups=(9,)), days=21)
        book(session=clash)
    elif case == "cancelled":
        later.status = "cancelled"
        later.save()
    elif case == "same":
        later = w.session
    elif case == "other_kind":
        later = world.slot(world.session_type("First aid", year_groups=(9,)), days=28)
    elif case == "too_soon":
        settings = BookingSettings.current()
        settings.teacher_cancel_days = 20
        settings.save()
    before = snapshot(booking)
    held = (services.places_held(w.session), services.places_held(later))

    with pytest.raises(services.BookingError, match=expected):
        services.booking_move(booking=booking, by=w.teacher, session=later)

    assert snapshot(booking) == before
    assert (services.places_held(w.session), services.places_held(later)) == held


def test_only_a_teacher_of_the_school_can_move_it(booking_world, book, make_user):
    w = booking_world
    booking = book()
    outsider = make_user(roles.TEACHER)
    world.link(outsider, world.school("Beech School"))
    before = snapshot(booking)
    with pytest.raises(PermissionDenied):
        services.booking_move(booking=booking, by=outsider, session=world.slot(w.kind, days=21))
    assert snapshot(booking) == before


def test_cancelled_and_waiting_bookings_cannot_be_moved(booking_world, book):
    w = booking_world
    booking = book()
    services.booking_cancel(booking=booking, by=w.teacher)
    with pytest.raises(services.BookingError, match="cancelled: it can no longer be moved"):
        services.booking_move(booking=booking, by=w.teacher, session=world.slot(w.kind, days=21))


def test_the_list_offers_only_sessions_the_booking_could_move_to(booking_world, book):
    w = booking_world
    booking = book(pupils=25)
    roomy = world.slot(w.kind, days=21, capacity=30)
    tight = world.slot(w.kind, days=22, capacity=20)
    closed = world.slot(w.kind, days=23)
    ClosureDate.objects.create(name="Inset day", start_date=closed.starts_at.date(), end_date=closed.starts_at.date())
    other_kind = world.slot(world.session_type("First aid", year_groups=(9,)), days=24)
    clashing = world.slot(w.kind, days=25)
    book(session=world.slot(other_kind.session_type, days=25))  # the school is busy then
    past = world.slot(w.kind, days=-2)
    choices = selectors.sessions_to_move_to(booking)
    assert roomy in choices
    for session in (w.session, tight, closed, other_kind, clashing, past):
        assert session not in choices


# --- the page ------------------------------------------------------------------------------------------


def test_a_teacher_moves_a_booking_from_its_page(client, booking_world, book, mailoutbox,
                                                 django_capture_on_commit_callbacks):
    w = booking_world
    booking = book(pupils=25)
    today = timezone.localdate()
    june = date(today.year + 1, 6, 10)  # British Summer Time: 10:00 in the UK is 09:00 UTC
    later = world.slot(w.kind, days=(june - today).days, hour=10)
    client.force_login(w.teacher)
    detail = client.get(reverse("schools:booking_detail", args=[booking.pk])).content.decode()
    url = reverse("schools:booking_move", args=[booking.pk])
    assert url in detail and "Move to another date" in detail

    page = client.get(url).content.decode()
    assert f"10 June {june.year}, 10:00" in page and "09:00" not in page and "places left" in page
    check = client.post(url, {"session": str(later.pk)}).content.decode()
    assert "Check the move" in check and "Move the booking" in check
    booking.refresh_from_db()
    assert booking.session == w.session  # choosing is not yet moving

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"session": str(later.pk), "confirm": "1"})
    assert response.status_code == 302 and response.url == reverse("schools:booking_detail", args=[booking.pk])
    booking.refresh_from_db()
    assert booking.session == later
    assert mailoutbox[-1].subject.startswith("Booking moved")


def test_a_session_that_filled_meanwhile_is_refused_on_the_page(client, booking_world, book):
    w = booking_world
    booking = book(pupils=25)
    later = world.slot(w.kind, days=21, capacity=30)
    client.force_login(w.teacher)
    url = reverse("schools:booking_move", args=[booking.pk])
    client.post(url, {"session": str(later.pk)})
    other_school = world.school("Beech School", area_obj=w.area)
    other_teacher = world.make_person("Teacher")
    world.link(other_teacher, other_school)
    book(school=other_school, teacher=other_teacher, pupils=10, session=later)
    page = client.post(url, {"session": str(later.pk), "confirm": "1"}).content.decode()
    assert "That session can no longer take the booking" in page
    booking.refresh_from_db()
    assert booking.session == w.session


def test_another_schools_teacher_gets_not_found(client, booking_world, book, make_user):
    w = booking_world
    booking = book()
    later = world.slot(w.kind, days=21)
    outsider = make_user(roles.TEACHER)
    world.link(outsider, world.school("Beech School"))
    client.force_login(outsider)
    url = reverse("schools:booking_move", args=[booking.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"session": str(later.pk), "confirm": "1"}).status_code == 404
    assert SessionBooking.objects.get(pk=booking.pk).session == w.session


@pytest.mark.parametrize("role", [roles.INSTRUCTOR, roles.PARTNERSHIP_STAFF, roles.LEARNER])
def test_other_roles_cannot_use_the_teachers_move(client, booking_world, book, make_user, role):
    w = booking_world
    booking = book()
    later = world.slot(w.kind, days=21)
    client.force_login(make_user(role))
    url = reverse("schools:booking_move", args=[booking.pk])
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {"session": str(later.pk), "confirm": "1"}).status_code in (403, 404)
    assert SessionBooking.objects.get(pk=booking.pk).session == w.session


def test_signed_out_visitors_are_sent_to_sign_in(client, booking_world, book):
    booking = book()
    response = client.get(reverse("schools:booking_move", args=[booking.pk]))
    assert response.status_code == 302 and "login" in response.url
