"""A teacher moves their booking to another date from the booking's page, in real Chromium: axe on every page, also
320 px wide; the calendar entry keeps its UID with the next SEQUENCE."""
import re

from django.core import mail
from icalendar import Calendar

from tests.e2e.test_booking_journey import bookings_demo, check, sign_in  # noqa: F401 (a fixture)


def test_a_teacher_moves_a_booking_to_another_date(page, bookings_demo, make_user, login, axe):  # noqa: F811
    from accounts import roles
    from schools.bookings import services
    from schools.models import School, SchoolMembership
    from tests.schools.bookings import world

    kind = bookings_demo[0]
    school = School.objects.get(urn=990002)
    teacher = make_user(roles.TEACHER, full_name="Jo Head", organisation=None, area=None)
    SchoolMembership.objects.create(user=teacher, school=school, role_in_school="Head of PSHE", status="approved")
    first, later = world.slot(kind, days=12, capacity=60), world.slot(kind, days=19, hour=13, capacity=60)
    year = kind.year_groups[0] if kind.year_groups else 9
    booking = services.booking_create(session=first, school=school, teacher=teacher, year_group=year, pupils=20,
                                      **world.contact())

    sign_in(page, login, teacher)
    page.goto(f"/schools/bookings/{booking.pk}/")
    page.get_by_role("link", name="Move to another date").click()
    page.wait_for_url("**/move/")
    check(page, axe)
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Choose the date to move the booking to.").first.wait_for()
    check(page, axe)
    page.get_by_label(re.compile(r", 13:00")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Check the move").wait_for()
    check(page, axe)
    page.get_by_role("button", name="Move the booking").click()
    page.wait_for_url(re.compile(rf"/schools/bookings/{booking.pk}/$"))
    assert page.get_by_text("Your booking has moved.").is_visible()
    check(page, axe)

    booking.refresh_from_db()
    assert booking.session == later and booking.status == "requested"
    event = Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1 and event.decoded("DTSTART") == later.starts_at
