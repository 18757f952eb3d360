"""A linked teacher books a slot and gets an email whose .ics parses; staff confirm and assign an instructor; the
instructor records attendance; the teacher downloads the school's and the pupils' certificates and gives feedback.
Real Chromium; axe on every page, also 320 px wide, where no page scrolls sideways."""
import io
import re
from datetime import timedelta

import pypdf
import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from tests.e2e.layout import assert_no_sideways_scroll

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bookings_demo(transactional_db, settings, live_server):
    from accounts import roles
    from accounts.demo import seed_organisations
    from certificates.demo import seed as seed_certificates
    from lms.demo import seed as seed_site
    from schools.demo import seed_schools, seed_session_types

    settings.SITE_URL = live_server.url
    roles.ensure_roles()
    seed_organisations()
    seed_site()
    seed_certificates()
    seed_schools()
    return seed_session_types()


def check(page, axe):
    axe(page)
    assert_no_sideways_scroll(page)
    page.set_viewport_size({"width": 320, "height": 700})
    axe(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, login, user):
    from allauth.account.models import EmailAddress

    from tests.factories import PASSWORD

    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    page.context.clear_cookies()
    login(user.email, PASSWORD)


def test_a_booking_from_slot_to_certificates_and_feedback(page, bookings_demo, make_user, login, axe):
    from accounts import roles
    from schools.models import School, SchoolMembership, Session, SessionBooking
    from tests.schools.bookings import world

    kind = bookings_demo[0]
    school = School.objects.get(urn=990002)  # a secondary school: the session is for Year 9
    teacher = make_user(roles.TEACHER, full_name="Jo Head", organisation=None, area=None)
    SchoolMembership.objects.create(user=teacher, school=school, role_in_school="Head of PSHE", status="approved")
    instructor = make_user(roles.INSTRUCTOR, full_name="Riley Instructor")
    staff = make_user(roles.PARTNERSHIP_STAFF, full_name="Morgan Staff")
    slot = world.slot(kind, days=10, capacity=60, by=staff)
    year = kind.year_groups[0] if kind.year_groups else 9

    # The teacher finds the slot and books it for a class.
    sign_in(page, login, teacher)
    page.goto("/schools/bookings/")
    check(page, axe)
    page.get_by_role("link", name="Find a session").click()
    page.wait_for_url("**/schools/bookings/availability/")
    check(page, axe)
    page.get_by_role("link", name=re.compile(r"^Book for")).first.click()
    page.wait_for_url("**/book/")
    check(page, axe)
    page.get_by_label("Year group").select_option(str(year))
    page.get_by_label("Room").fill("Sports hall")
    page.get_by_label("Access needs").fill("Step-free entrance by the side gate.")
    page.get_by_label("Contact phone number").fill("01632 960 001")
    page.get_by_label("Number of pupils").fill("0")
    page.get_by_role("button", name="Book this session").click()
    page.get_by_text("Enter how many pupils will take part: at least 1.").first.wait_for()
    check(page, axe)
    page.get_by_label("Number of pupils").fill("27")
    page.get_by_role("button", name="Book this session").click()
    page.wait_for_url(re.compile(r"/schools/bookings/\d+/$"))
    assert page.get_by_text("Booking received").first.is_visible()
    check(page, axe)
    booking = SessionBooking.objects.get(school=school)
    email = mail.outbox[-1]
    assert email.to == [teacher.email]
    event = Calendar.from_ical(email.attachments[0][1]).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == slot.starts_at and event["SEQUENCE"] == 0

    # Staff confirm it and assign the instructor.
    sign_in(page, login, staff)
    page.goto("/schools/manage/")
    check(page, axe)
    page.get_by_role("link", name=school.name).click()
    check(page, axe)
    page.get_by_label("Instructor").select_option(label="Riley Instructor")
    page.get_by_role("button", name="Confirm booking").click()
    page.get_by_text("Booking confirmed. The teacher has been emailed.").wait_for()
    check(page, axe)
    confirmation = Calendar.from_ical(mail.outbox[-1].attachments[0][1]).walk("VEVENT")[0]
    assert (str(confirmation["UID"]), confirmation["SEQUENCE"]) == (str(event["UID"]), 1)
    for path in ("/schools/manage/sessions/", "/schools/manage/sessions/new/", "/schools/manage/instructors/",
                 "/schools/manage/reach/"):
        page.goto(path)
        check(page, axe)

    # The day comes; the instructor records who attended.
    Session.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(hours=2),
                                              ends_at=timezone.now() - timedelta(hours=1))
    sign_in(page, login, instructor)
    page.goto("/schools/my-sessions/")
    assert page.get_by_text("Step-free entrance by the side gate.").is_visible()
    check(page, axe)
    page.get_by_role("link", name=f"Record attendance for {school.name}").click()
    page.wait_for_url("**/attendance/**")
    check(page, axe)
    page.get_by_label("Pupils in year group 1").fill("26")
    page.get_by_label("Delivery notes").fill("Good questions about tourniquets.")
    # The instructor counts the pupils' show of hands at the session, before and after.
    page.locator("#id_s0_before_2").fill("20")
    page.locator("#id_s0_after_5").fill("24")
    page.get_by_role("button", name="Record attendance").click()
    page.get_by_text(f"Attendance recorded for {school.name}").wait_for()

    # The teacher downloads the school's certificate, prints pupils' certificates and gives feedback.
    sign_in(page, login, teacher)
    page.goto(f"/schools/bookings/{booking.pk}/")
    check(page, axe)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the school's certificate")).click()
    text = pypdf.PdfReader(download.value.path()).pages[0].extract_text()
    assert school.name.split()[0] in text
    page.get_by_role("link", name="Print certificates for your pupils").click()
    check(page, axe)
    page.get_by_label("Pupils' names (optional)").fill("Ada Lovelace\nAlan Turing")
    page.get_by_label("Certificates with a blank name line").fill("1")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download certificates (PDF)").click()
    pages = pypdf.PdfReader(io.BytesIO(open(download.value.path(), "rb").read())).pages
    assert len(pages) == 3 and "Ada Lovelace" in pages[0].extract_text()

    page.goto(f"/schools/bookings/{booking.pk}/")
    page.get_by_role("link", name="Tell us how it went").click()
    check(page, axe)
    page.get_by_label("How useful was the session?").select_option("5")
    page.get_by_label("Comments (optional)").fill("Pupils loved it.")
    assert page.locator("#id_s0_before_2").count() == 0  # the teacher is not asked to count hands
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Thank you for your feedback.").wait_for()
    check(page, axe)
    booking.refresh_from_db()
    assert booking.status == "delivered" and booking.feedback.rating == 5
    assert sorted(booking.feedback.confidence_counts.values_list("stage", "score", "pupils")) == [
        ("after", 5, 24), ("before", 2, 20)]
