"""Every time the booking pages, forms and emails show is UK local time: in June a 10:00 session reads 10:00, not
the 09:00 it is stored as (UTC). Calendar files carry UTC with a Z, which every calendar converts."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from schools.bookings import services
from tests.schools.bookings import world

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def summer(booking_world):
    """A session at 10:00 UK time on Tuesday 16 June 2026 (09:00 UTC), and another at 14:00 a week later."""
    with time_machine.travel(datetime(2026, 5, 1, 7, 13, tzinfo=ZoneInfo("UTC")), tick=False):
        from schools.models import Session

        kind = booking_world.kind
        first = booking_world.session
        first.starts_at = datetime(2026, 6, 16, 10, 0, tzinfo=LONDON)
        first.ends_at = first.starts_at + timedelta(minutes=kind.duration_minutes)
        first.save()
        later = Session.objects.create(
            session_type=kind, starts_at=datetime(2026, 6, 23, 14, 0, tzinfo=LONDON),
            ends_at=datetime(2026, 6, 23, 15, 0, tzinfo=LONDON), capacity=60, area=booking_world.area,
        )
        yield booking_world, first, later


def test_the_stored_time_is_utc_so_the_test_can_fail(summer):
    _, first, _ = summer
    first.refresh_from_db()
    assert first.starts_at.astimezone(ZoneInfo("UTC")).hour == 9


def test_staff_move_to_another_session_lists_uk_times(client, summer, book):
    world_, first, later = summer
    booking = book(session=first)
    client.force_login(world_.staff)
    page = client.get(f"/schools/manage/bookings/{booking.pk}/").content.decode()
    move = page.split("Move to another session", 1)[1].split("</form>", 1)[0]
    assert "Tuesday 23 June 2026, 14:00 to 15:00" in move and "13:00" not in move
    assert "10:00" in page and "09:00" not in page


def test_staff_confirm_form_lists_uk_times_for_a_request_for_dates(client, summer):
    world_, first, later = summer
    booking = services.booking_request_dates(
        session_type=world_.kind, school=world_.school, teacher=world_.teacher, year_group=9, pupils=20,
        preferred_dates=[first.starts_at.date()], **world.contact())
    client.force_login(world_.staff)
    page = client.get(f"/schools/manage/bookings/{booking.pk}/").content.decode()
    assert "Tuesday 16 June 2026, 10:00 to 11:00" in page and "09:00" not in page


def test_teacher_pages_and_emails_show_uk_time(client, summer, book, django_capture_on_commit_callbacks):
    world_, first, _ = summer
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(session=first)
    client.force_login(world_.teacher)
    for url in ("/schools/bookings/", f"/schools/bookings/{booking.pk}/", "/schools/bookings/availability/"):
        page = client.get(url).content.decode()
        assert "10" in page and "09:00" not in page and "9:00" not in page and "9am" not in page, url
    body = mail.outbox[-1].body
    assert "10:00" in body and "09:00" not in body
    # The calendar file keeps UTC, marked with Z, which calendars show in local time.
    ics = mail.outbox[-1].attachments[0][1]
    ics = ics.decode() if isinstance(ics, bytes) else ics
    assert "20260616T090000Z" in ics


def test_instructor_and_staff_session_lists_show_uk_time(client, summer, book):
    world_, first, _ = summer
    first.instructor = world_.instructor
    first.save()
    book(session=first)
    client.force_login(world_.instructor)
    page = client.get("/schools/my-sessions/").content.decode()
    assert "10:00" in page or "10am" in page
    assert "09:00" not in page and "9am" not in page
    client.force_login(world_.staff)
    for url in ("/schools/manage/sessions/", "/schools/manage/", "/schools/manage/instructors/"):
        page = client.get(url).content.decode()
        assert "09:00" not in page and "9am" not in page, url


def test_audit_lines_read_in_uk_time(summer):
    from accounts.models import AuditEntry

    entry = AuditEntry(created_at=datetime(2026, 6, 16, 9, 0, tzinfo=ZoneInfo("UTC")), action="signed in")
    assert str(entry).startswith("16 Jun 2026 10:00")


def test_the_booking_page_offers_its_calendar_file(client, summer, book, make_user):
    world_, first, _ = summer
    booking = book(session=first)
    client.force_login(world_.teacher)
    page = client.get(f"/schools/bookings/{booking.pk}/").content.decode()
    assert f"/schools/bookings/{booking.pk}/calendar.ics" in page
    response = client.get(f"/schools/bookings/{booking.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"20260616T090000Z" in response.content
    # Nobody else's teacher can fetch it.
    from accounts import roles

    client.force_login(make_user(roles.TEACHER))
    assert client.get(f"/schools/bookings/{booking.pk}/calendar.ics").status_code in (403, 404)
