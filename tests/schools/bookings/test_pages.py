"""The pages teachers, instructors and partnership staff use, through the test client."""
from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts import roles
from schools.bookings import services
from schools.models import SessionBooking
from tests.schools.bookings import world


def form_data(**overrides):
    return {"year_group": "9", "pupils": "25", **world.contact(), **overrides}


def test_a_teacher_books_a_slot_from_the_availability_page(client, booking_world, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    w = booking_world
    client.force_login(w.teacher)
    page = client.get(reverse("schools:availability")).content.decode()
    assert "60 places left of 60" in page
    url = reverse("schools:booking_new", args=[w.session.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(school=str(w.school.pk)))
    booking = SessionBooking.objects.get()
    assert response.status_code == 302 and response.url == reverse("schools:booking_detail", args=[booking.pk])
    detail = client.get(response.url).content.decode()
    assert "Booking received" in detail and "Sports hall" in detail
    assert Calendar.from_ical(mailoutbox[0].attachments[0][1]).walk("VEVENT")


def test_a_refused_booking_shows_the_message_and_keeps_what_was_typed(client, booking_world):
    w = booking_world
    client.force_login(w.teacher)
    response = client.post(reverse("schools:booking_new", args=[w.session.pk]),
                           form_data(school=str(w.school.pk), pupils="0"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter how many pupils will take part: at least 1." in page
    assert "Pat Office" in page
    assert SessionBooking.objects.count() == 0


def test_a_full_slot_offers_the_waiting_list_button_which_joins_it(client, booking_world, book):
    w = booking_world
    w.session.capacity = 25
    w.session.save()
    other = world.school("Brookside Primary")
    world.link(w.teacher, other)
    book(school=other, pupils=25)
    client.force_login(w.teacher)
    response = client.post(reverse("schools:booking_new", args=[w.session.pk]),
                           form_data(school=str(w.school.pk), pupils="20"))
    page = response.content.decode()
    assert "This session is full. You can join the waiting list." in page
    assert 'name="waiting_list" value="1"' in page and "Join the waiting list" in page
    response = client.post(reverse("schools:booking_new", args=[w.session.pk]),
                           form_data(school=str(w.school.pk), pupils="20", waiting_list="1"))
    assert response.status_code == 302
    assert SessionBooking.objects.get(school=w.school).status == "waitlisted"
    assert services.places_held(w.session) == 25


def test_a_teacher_cannot_book_for_a_school_they_are_not_linked_to(client, booking_world):
    w = booking_world
    other = world.school("Brookside Primary")
    client.force_login(w.teacher)
    response = client.post(reverse("schools:booking_new", args=[w.session.pk]), form_data(school=str(other.pk)))
    assert "Choose one of your schools." in response.content.decode()
    assert SessionBooking.objects.count() == 0


def test_other_schools_bookings_are_not_found(client, booking_world, book, make_user):
    w = booking_world
    booking = book()
    outsider = make_user(roles.TEACHER)
    world.link(outsider, world.school("Brookside Primary"))
    client.force_login(outsider)
    for name in ("booking_detail", "booking_change", "booking_cancel", "pupil_certificates", "feedback"):
        assert client.get(reverse(f"schools:{name}", args=[booking.pk])).status_code == 404, name
    assert client.post(reverse("schools:booking_cancel", args=[booking.pk]), {"reason": ""}).status_code == 404
    assert client.post(reverse("schools:offer_accept", args=[booking.pk])).status_code == 404
    booking.refresh_from_db()
    assert booking.status == "requested"
    # A pending link is not enough either.
    pending = make_user(roles.TEACHER)
    world.link(pending, w.school, status="pending")
    client.force_login(pending)
    assert client.get(reverse("schools:booking_detail", args=[booking.pk])).status_code == 404


def test_an_instructor_sees_only_their_own_sessions_and_records_attendance(client, booking_world, book,
                                                                           time_machine):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    other_instructor = world.make_person(roles.INSTRUCTOR)
    client.force_login(other_instructor)
    assert w.school.name not in client.get(reverse("schools:instructor_sessions")).content.decode()
    assert client.get(reverse("schools:attendance", args=[booking.pk])).status_code == 404

    client.force_login(w.instructor)
    page = client.get(reverse("schools:instructor_sessions")).content.decode()
    assert w.school.name in page and "One pupil uses a wheelchair." in page and "01632 960 001" in page
    assert "1 School Lane" in page
    time_machine.move_to(w.session.ends_at + timedelta(minutes=1))
    client.force_login(w.instructor)  # two weeks on, the first sign-in has expired
    response = client.post(reverse("schools:attendance", args=[booking.pk]),
                           {"year_0": "9", "pupils_0": "23", "year_1": "", "pupils_1": "", "year_2": "",
                            "pupils_2": "", "notes": "Went well"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "delivered" and booking.pupils_attended == 23


def test_the_instructors_calendar_feed_needs_its_secret_address(client, booking_world, book):
    w = booking_world
    services.booking_confirm(booking=book(), by=w.staff, instructor=w.instructor)
    client.force_login(w.instructor)
    client.get(reverse("schools:instructor_sessions"))
    token = w.instructor.calendar_feed.token
    client.logout()
    response = client.get(reverse("schools:instructor_feed", args=[token]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [f"{w.kind.title}: {w.school.name}"]
    assert client.get(reverse("schools:instructor_feed", args=["not-the-token"])).status_code == 404
    client.force_login(w.instructor)
    client.post(reverse("schools:instructor_feed_reset"))
    assert client.get(reverse("schools:instructor_feed", args=[token])).status_code == 404


def test_staff_confirm_with_an_instructor_from_the_manage_page(client, booking_world, book, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    w = booking_world
    booking = book()
    client.force_login(w.staff)
    page = client.get(reverse("schools:manage_booking", args=[booking.pk])).content.decode()
    assert "Confirm booking" in page and w.instructor.full_name in page
    response = client.post(reverse("schools:manage_confirm", args=[booking.pk]), {"instructor": ""})
    assert "Choose an instructor." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("schools:manage_confirm", args=[booking.pk]),
                               {"instructor": str(w.instructor.pk)})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    response = client.post(reverse("schools:manage_decline", args=[booking.pk]), {"decline-reason": "x"}, follow=True)
    assert "Only a requested booking can be declined; this one is confirmed." in response.content.decode()


def test_staff_publish_a_slot_and_see_it_in_the_calendar(client, booking_world):
    w = booking_world
    client.force_login(w.staff)
    day = (w.session.starts_at + timedelta(days=2)).date()
    response = client.post(reverse("schools:manage_slot_new"), {
        "session_type": str(w.kind.pk), "day": day.isoformat(), "start_time": "13:30", "capacity": "45",
        "area": str(w.area.pk), "instructor": str(w.instructor.pk), "repeat_until": "",
    })
    assert response.status_code == 302
    page = client.get(reverse("schools:manage_sessions") + f"?date_from={day}&date_to={day}").content.decode()
    assert "13:30 to 14:30" in page and "0 of 45 places held" in page


def test_pipeline_counts_and_filters(client, booking_world, book):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    other = world.school("Brookside Primary")
    world.link(w.teacher, other)
    later = world.slot(w.kind, days=30)
    book(school=other, session=later)
    client.force_login(w.staff)
    page = client.get(reverse("schools:manage")).content.decode()
    assert "Requested: <strong>1</strong>" in page and "Confirmed: <strong>1</strong>" in page
    page = client.get(reverse("schools:manage") + "?status=confirmed").content.decode()
    assert w.school.name in page and "Brookside Primary" not in page


def test_reach_lists_schools_not_reached(client, booking_world, book, time_machine):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    world.school("Brookside Primary")
    time_machine.move_to(w.session.ends_at)
    services.attendance_record(booking=booking, by=w.instructor, attended={9: 20})
    client.force_login(w.staff)
    page = client.get(reverse("schools:manage_reach")).content.decode()
    not_reached, reached = page.split("<h2 class=\"govuk-heading-m\">Reached</h2>")
    assert "Brookside Primary" in not_reached and w.school.name in reached


def test_pupil_certificates_print_one_page_per_name_and_blank_lines(client, booking_world, book, time_machine):
    import io

    import pypdf

    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    time_machine.move_to(w.session.ends_at)
    services.attendance_record(booking=booking, by=w.instructor, attended={9: 20})
    client.force_login(w.teacher)
    url = reverse("schools:pupil_certificates", args=[booking.pk])
    response = client.post(url, {"names": "", "blank": ""})
    assert "Type at least one name, or choose how many blank certificates to print." in response.content.decode()
    response = client.post(url, {"names": "Ada Lovelace\n\nAlan Turing\n", "blank": "2"})
    assert response["Content-Type"] == "application/pdf"
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 4
    assert "Ada Lovelace" in pages[0].extract_text() and "Alan Turing" in pages[1].extract_text()
    assert "Ada Lovelace" not in str(list(SessionBooking.objects.values()))


def test_the_instructors_attendance_form_counts_hands_before_and_after(client, booking_world, book, time_machine):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    time_machine.move_to(w.session.ends_at)
    client.force_login(w.instructor)
    url = reverse("schools:attendance", args=[booking.pk])
    page = client.get(url).content.decode()
    assert "Pupils&#x27; confidence" in page or "Pupils' confidence" in page
    assert "Before the session" in page and "After the session" in page
    response = client.post(url, {"year_0": "9", "pupils_0": "20", "s0_before_2": "12", "s0_after_5": "abc"})
    assert "Enter the number of hands as a whole number, like 12." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    response = client.post(url, {"year_0": "9", "pupils_0": "20", "s0_before_2": "12", "s0_after_5": "18"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "delivered"
    assert sorted(booking.feedback.confidence_counts.values_list("stage", "score", "pupils")) == [
        ("after", 5, 18), ("before", 2, 12)]


def test_the_teachers_feedback_form_asks_only_for_a_rating_and_comments(client, booking_world, book,
                                                                        time_machine):
    w = booking_world
    booking = book()
    services.booking_confirm(booking=booking, by=w.staff, instructor=w.instructor)
    time_machine.move_to(w.session.ends_at)
    statement = services.CONFIDENCE_STATEMENTS[0]
    services.attendance_record(booking=booking, by=w.instructor, attended={9: 20},
                               confidence={(statement, "before", 2): 12})
    client.force_login(w.teacher)
    url = reverse("schools:feedback", args=[booking.pk])
    page = client.get(url).content.decode()
    assert "show of hands" not in page and "s0_before_2" not in page and "Before the session" not in page
    response = client.post(url, {"rating": "4", "comments": "Useful", "s0_before_2": "3"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.feedback.rating, booking.feedback.comments) == (4, "Useful")
    assert list(booking.feedback.confidence_counts.values_list("stage", "score", "pupils")) == [("before", 2, 12)]
    again = client.get(url)
    assert again.status_code == 302  # given once


@pytest.mark.parametrize("name, role", [
    ("schools:booking_list", "teacher"), ("schools:availability", "teacher"),
    ("schools:instructor_sessions", "instructor"), ("schools:manage", "staff"), ("schools:manage_sessions", "staff"),
    ("schools:manage_workload", "staff"), ("schools:manage_reach", "staff"),
])
def test_list_pages_take_the_same_queries_however_many_bookings(client, booking_world, django_assert_max_num_queries,
                                                                name, role):
    w = booking_world
    person = {"teacher": w.teacher, "instructor": w.instructor, "staff": w.staff}[role]
    client.force_login(person)

    def add_bookings(count):
        for i in range(count):
            school = world.school(f"School {SessionBooking.objects.count()}-{i}")
            world.link(w.teacher, school)
            session = world.slot(w.kind, days=10 + SessionBooking.objects.count(), instructor=w.instructor)
            services.booking_confirm(booking=services.booking_create(
                session=session, school=school, teacher=w.teacher, year_group=9, pupils=20, **world.contact()),
                by=w.staff, instructor=w.instructor)

    add_bookings(1)
    client.get(reverse(name))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    assert len(few.captured_queries) <= 20
    add_bookings(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
