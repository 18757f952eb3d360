"""A booking partnership staff made for a school is the school's: its emails go to the school's linked teachers."""
from django.core import mail

from accounts import roles
from schools.models import BookingStatus, SessionBooking
from tests.schools.bookings import world


def test_staff_cancelling_a_booking_they_made_for_a_school_emails_the_school(client, booking_world,
                                                                             django_capture_on_commit_callbacks):
    staff, school = booking_world.staff, booking_world.school
    # Made by partnership staff for the school (as through the admin): staff is recorded as the booker.
    booking = SessionBooking.objects.create(
        session=booking_world.session, session_type=booking_world.kind, school=school, teacher=staff,
        year_group=9, pupils=20, status=BookingStatus.CONFIRMED, **world.contact())
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/schools/manage/bookings/{booking.pk}/cancel/", {"cancel-reason": "Hall flooded"})
    assert response.status_code == 302
    assert mail.outbox, "the school should be told"
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {booking_world.teacher.email}
    assert staff.email not in recipients
    assert "Hello Sam," in mail.outbox[-1].body


def test_a_teachers_own_booking_still_emails_only_that_teacher(booking_world, book, make_user,
                                                              django_capture_on_commit_callbacks):
    colleague = make_user(roles.TEACHER)
    world.link(colleague, booking_world.school)
    with django_capture_on_commit_callbacks(execute=True):
        book()
    assert [message.to for message in mail.outbox] == [[booking_world.teacher.email]]
