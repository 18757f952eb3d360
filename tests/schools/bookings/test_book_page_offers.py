"""The booking form offers only what the school can have: the session's year groups, no waiting list for a school
that already has a session then; the bookings list shows an offered place and its deadline, soonest first."""
from datetime import timedelta

from django.utils import timezone

from schools.models import BookingStatus, SessionBooking
from tests.schools.bookings import world


def test_the_year_group_offers_only_the_sessions_years(client, booking_world):
    client.force_login(booking_world.teacher)
    page = client.get(f"/schools/bookings/availability/{booking_world.session.pk}/book/").content.decode()
    offered = page.split('name="year_group"', 1)[1].split("</select>", 1)[0]
    assert [f"Year {year}" in offered for year in (8, 9, 10)] == [True, True, True]
    assert "Year 7<" not in offered and "Year 11" not in offered and "Year 1<" not in offered


def test_no_waiting_list_is_offered_to_a_school_that_already_has_a_session_then(client, booking_world, book):
    book(pupils=25)
    client.force_login(booking_world.teacher)
    page = client.get(f"/schools/bookings/availability/{booking_world.session.pk}/book/").content.decode()
    assert "already has a session booked at that time" in page
    assert "Join the waiting list" not in page and "Book this session" not in page
    # Posting anyway changes nothing.
    before = SessionBooking.objects.count()
    response = client.post(f"/schools/bookings/availability/{booking_world.session.pk}/book/", {
        "school": booking_world.school.pk, "year_group": 9, "pupils": 20, "waiting_list": "1", **world.contact()})
    assert response.status_code == 200 and SessionBooking.objects.count() == before
    assert "already has a session booked at that time" in response.content.decode()


def test_the_list_shows_an_offered_place_with_its_deadline_and_is_in_date_order(client, booking_world, book):
    later = world.slot(booking_world.kind, days=30, area_obj=booking_world.area)
    sooner = world.slot(booking_world.kind, days=7, hour=14, area_obj=booking_world.area)
    far = book(session=later)
    near = book(session=sooner)
    waiting = book(session=booking_world.session)
    deadline = timezone.now() + timedelta(days=2)
    SessionBooking.objects.filter(pk=waiting.pk).update(status=BookingStatus.WAITLISTED, offer_expires_at=deadline)
    client.force_login(booking_world.teacher)
    page = client.get("/schools/bookings/").content.decode()
    assert "A place is free for this class." in page
    assert timezone.localtime(deadline).strftime("%-d %B %Y, %H:%M") in page
    positions = [page.index(f"/schools/bookings/{b.pk}/") for b in (near, waiting, far)]
    assert positions == sorted(positions)


def test_the_staff_pipeline_lists_what_needs_action_first(client, booking_world, book):
    later = world.slot(booking_world.kind, days=3, area_obj=booking_world.area)
    confirmed = book(session=later)
    SessionBooking.objects.filter(pk=confirmed.pk).update(status=BookingStatus.CONFIRMED)
    requested = book()  # a later session, but it waits for a decision
    client.force_login(booking_world.staff)
    page = client.get("/schools/manage/").content.decode()
    assert page.index(f"/schools/manage/bookings/{requested.pk}/") < page.index(f"/schools/manage/bookings/{confirmed.pk}/")
