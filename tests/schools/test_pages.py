"""Session type pages and the schools demo content."""
import pytest

from accounts import roles
from accounts.models import Organisation, User
from schools import demo
from schools.models import ClosureDate, MembershipStatus, School, SchoolMembership, SessionTypeIndexPage, SessionTypePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(site_pages):
    from accounts.demo import seed_accounts
    from certificates.demo import seed as seed_certificates

    seed_accounts()
    seed_certificates()
    demo.seed()


def test_demo_is_complete_and_running_it_again_adds_nothing(seeded):
    counts = (School.objects.count(), SessionTypePage.objects.count(), ClosureDate.objects.count(),
              SchoolMembership.objects.count())
    assert counts == (12, 2, 6, 1)
    demo.seed()
    assert (School.objects.count(), SessionTypePage.objects.count(), ClosureDate.objects.count(),
            SchoolMembership.objects.count()) == counts
    teacher = User.objects.get(email="teacher@demo.test")
    membership = teacher.school_memberships.get()
    assert membership.status == MembershipStatus.APPROVED and membership.school.urn == 990002
    assert membership.school.phase == "Secondary"  # the demo books Years 9 to 11
    assert teacher.organisation is None and teacher.has_perm("accounts.book_sessions")
    assert not Organisation.objects.filter(name="Schools in Wiltshire and Swindon").exists()
    year_9 = SessionTypePage.objects.get(slug="bleeding-control-year-9")
    assert year_9.title == "Bleeding control, Year 9, 60 minutes"
    assert (year_9.year_groups, year_9.duration_minutes, year_9.refresher_months) == ([9], 60, 12)
    # A school's certificate says what the booking page says: pupils took part in a session.
    assert year_9.certificate_template.heading == "Certificate of participation"
    assert year_9.certificate_template.wording.startswith("For taking part in {achievement}")


def test_demo_holidays_cover_this_school_year_in_order():
    holidays = demo.school_holidays(2026)
    assert [name for name, _, _ in holidays][0] == "Autumn half term 2026"
    for _, start, end in holidays:
        assert start <= end
    assert [start for _, start, _ in holidays] == sorted(start for _, start, _ in holidays)


def test_session_type_pages_show_what_a_school_needs_to_know(client, seeded):
    index = client.get("/sessions/")
    assert index.status_code == 200
    body = index.content.decode()
    assert "Bleeding control, Year 9, 60 minutes" in body and "Year 9 · 1 hour · up to 32 pupils" in body
    page = client.get("/sessions/bleeding-control-year-9/").content.decode()
    for text in ["Year 9", "1 hour", "Up to 32 pupils a booking", "Every 12 months", "Press hard on a bleeding wound",
                 "A projector or large screen", "must be checked and signed off by a qualified trainer or clinician",
                 "create an account"]:
        assert text in page, text
    other = client.get("/sessions/bleeding-control-first-response-years-10-11/").content.decode()
    assert "Years 10 and 11" in other and "1 hour 30 minutes" in other


def test_teachers_see_a_book_button_on_a_session_type(client, seeded):
    client.force_login(User.objects.get(email="teacher@demo.test"))
    page = client.get("/sessions/bleeding-control-year-9/").content.decode()
    assert "Book this session" in page


def test_editors_get_year_groups_as_tick_boxes(client, make_user, seeded):
    client.force_login(make_user(roles.EDITOR))
    index = SessionTypeIndexPage.objects.get()
    response = client.get(f"/admin/pages/add/schools/sessiontypepage/{index.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="checkbox" name="year_groups" value="9"' in body


def test_year_groups_label_reads_naturally():
    assert SessionTypePage(year_groups=[]).year_groups_label == "Any year group"
    assert SessionTypePage(year_groups=[7, 8, 9]).year_groups_label == "Years 7 to 9"
    assert SessionTypePage(year_groups=[7, 9]).year_groups_label == "Years 7 and 9"
