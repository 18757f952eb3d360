"""Every role signs in through the real form (with two-step verification where the role needs it) and lands where
their work is; a June session is shown at its UK time (British Summer Time) to the teacher who booked it, the
instructor delivering it and the staff confirming it. Real Chromium; axe and no sideways scroll at 320 px."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts import roles
from tests.e2e.test_booking_journey import bookings_demo, sign_in  # noqa: F401  (the fixture, shared)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

UK = ZoneInfo("Europe/London")

# (role, URL name of the page they should land on, a heading that page shows)
LANDINGS = [
    (roles.LEARNER, "courses:my_learning", "My learning"),
    (roles.TEACHER, "schools:booking_list", "Book a session"),
    (roles.INSTRUCTOR, "schools:instructor_sessions", "My sessions"),
    (roles.ORGANISATION_LEAD, "reporting:dashboard", "Training reports"),
    (roles.PARTNERSHIP_STAFF, "schools:manage", "Bookings"),
    (roles.EDITOR, "wagtailadmin_home", None),
    (roles.CLINICIAN, "wagtailadmin_home", None),
]


def test_each_role_signs_in_and_lands_where_their_work_is(page, live_demo, make_user, login, axe):
    for role, url_name, heading in LANDINGS:
        person = make_user(role, full_name=f"Sam {role.title().replace(' ', '')}")
        sign_in(page, login, person)
        assert page.url.split("?")[0].endswith(reverse(url_name)), f"{role} landed on {page.url}"
        first_heading = page.get_by_role("heading", level=1).first
        assert first_heading.is_visible()
        if heading is not None:
            assert first_heading.inner_text().startswith(heading), (role, first_heading.inner_text())
        if not url_name.startswith("wagtailadmin"):  # Wagtail's own admin markup is Wagtail's
            axe(page)


def test_a_june_session_shows_its_uk_time_to_the_teacher_the_instructor_and_staff(
        page, bookings_demo, make_user, login, axe):
    from schools.bookings import services
    from schools.models import School, SchoolMembership, Session

    kind = bookings_demo[0]
    school = School.objects.get(urn=990002)
    teacher = make_user(roles.TEACHER, full_name="Jo Summer", organisation=None, area=None)
    SchoolMembership.objects.create(user=teacher, school=school, role_in_school="Head of PSHE", status="approved")
    instructor = make_user(roles.INSTRUCTOR, full_name="Riley Summer")
    staff = make_user(roles.PARTNERSHIP_STAFF, full_name="Morgan Summer")
    # 10:00 in London on a June day is 09:00 UTC: a page that forgot the time zone would say 09:00.
    year = datetime.now(UK).year + 1
    starts = datetime(year, 6, 15, 10, 0, tzinfo=UK)
    session = Session.objects.create(session_type=kind, starts_at=starts, ends_at=starts.replace(hour=11),
                                     capacity=60, instructor=instructor, created_by=staff)
    services.booking_create(session=session, school=school, teacher=teacher, year_group=kind.year_groups[0],
                            pupils=25, room="Sports hall", access_needs="", contact_name="Jo Summer",
                            contact_phone="01632 960 001")

    for person, path in ((teacher, "/schools/bookings/"), (instructor, "/schools/my-sessions/"),
                         (staff, "/schools/manage/")):
        sign_in(page, login, person)
        page.goto(path)
        text = page.locator("main").inner_text()
        assert f"15 June {year}, 10:00" in text or f"15 Jun {year}, 10:00" in text, f"{path}: {text[:400]}"
        assert "09:00" not in text, path
        axe(page)
