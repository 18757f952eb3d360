"""Which role may open which page: one table for the whole site.

Each row: a path and, per role, the status expected. 302 for anonymous means "sent to sign in".
Apps add their rows here as their pages arrive.
"""
import pytest

from accounts import roles

ANON, LEARNER, TEACHER, INSTRUCTOR, LEAD, STAFF, EDITOR = (
    "anonymous", roles.LEARNER, roles.TEACHER, roles.INSTRUCTOR, roles.ORGANISATION_LEAD, roles.PARTNERSHIP_STAFF,
    roles.EDITOR,
)
EVERYONE_SIGNED_IN = {LEARNER: 200, TEACHER: 200, INSTRUCTOR: 200, LEAD: 200, STAFF: 200, EDITOR: 200}

TABLE = [
    ("/", {ANON: 200, **EVERYONE_SIGNED_IN}),
    ("/accessibility/", {ANON: 200, **EVERYONE_SIGNED_IN}),
    ("/account/profile/", {ANON: 302, **EVERYONE_SIGNED_IN}),
    ("/account/data/", {ANON: 302, **EVERYONE_SIGNED_IN}),
    ("/account/delete/", {ANON: 302, **EVERYONE_SIGNED_IN}),
    ("/account/members/pending/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/admin/", {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 200, EDITOR: 200}),
    ("/my-learning/", {ANON: 302, **EVERYONE_SIGNED_IN}),
    ("/certificates/verify/", {ANON: 200, **EVERYONE_SIGNED_IN}),
    ("/certificates/issuer/", {ANON: 200, **EVERYONE_SIGNED_IN}),
    ("/certificates/manage/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/certificates/manage/exports/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    # Partnership reporting (issue 8): leads see their organisation's figures; staff see everything.
    ("/dashboard/", {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 200, STAFF: 200, EDITOR: 403}),
    ("/dashboard/export/all.csv",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 200, STAFF: 200, EDITOR: 403}),
    ("/dashboard/export/learners.xlsx",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 200, STAFF: 200, EDITOR: 403}),
    ("/dashboard/staff/", {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 200, STAFF: 200, EDITOR: 403}),
    ("/dashboard/staff/refreshers.csv",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 200, STAFF: 200, EDITOR: 403}),
    ("/dashboard/serious-violence-duty/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/dashboard/serious-violence-duty/return.xlsx",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/dashboard/organisations/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/dashboard/organisations/add/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    # Wagtail sends people who lack a permission back to the admin home with a message (302).
    ("/admin/snippets/h5p/h5ppackage/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/snippets/h5p/h5ppackage/add/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/snippets/scorm/scormpackage/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/snippets/scorm/scormpackage/add/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/h5p/libraries/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    # Staff may choose (not upload) packages, as Wagtail's chooser allows anyone who may edit pages.
    ("/admin/snippets/choose/h5p/h5ppackage/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 200, EDITOR: 200}),
    ("/admin/snippets/certificates/certificatetemplate/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    # LTI (partners/lti): the platform's key set is public; registering platforms is partnership staff's.
    ("/lti/jwks.json", {ANON: 200, **EVERYONE_SIGNED_IN}),
    ("/lti/manage/", {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/lti/manage/new/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/lti/manage/invite/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    # Bookings (schools): teachers book, instructors deliver, partnership staff manage.
    ("/schools/bookings/",
     {ANON: 302, LEARNER: 403, TEACHER: 200, INSTRUCTOR: 403, LEAD: 403, STAFF: 403, EDITOR: 403}),
    ("/schools/bookings/availability/",
     {ANON: 302, LEARNER: 403, TEACHER: 200, INSTRUCTOR: 403, LEAD: 403, STAFF: 403, EDITOR: 403}),
    ("/schools/my-sessions/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 200, LEAD: 403, STAFF: 403, EDITOR: 403}),
    *[(path, {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403})
      for path in ("/schools/manage/", "/schools/manage/sessions/", "/schools/manage/sessions/new/",
                   "/schools/manage/instructors/", "/schools/manage/reach/")],
    # Schools: finding and linking to a school (anyone signed in), the directory and closures (staff).
    ("/schools/join/", {ANON: 302, **EVERYONE_SIGNED_IN}),
    ("/schools/join/?q=st+marys", {ANON: 302, **EVERYONE_SIGNED_IN}),
    ("/schools/mine/", {ANON: 302, **EVERYONE_SIGNED_IN}),
    ("/schools/manage/schools/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/schools/manage/schools/add/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/schools/manage/closures/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/schools/manage/closures/add/",
     {ANON: 302, LEARNER: 403, TEACHER: 403, INSTRUCTOR: 403, LEAD: 403, STAFF: 200, EDITOR: 403}),
    ("/admin/snippets/schools/school/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 200, EDITOR: 302}),
    ("/admin/snippets/schools/closuredate/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 200, EDITOR: 302}),
]

CASES = [(path, role, status) for path, expected in TABLE for role, status in expected.items()]


@pytest.fixture
def site(site_pages):
    return site_pages


@pytest.mark.parametrize("path, role, status", CASES, ids=[f"{p} as {r}" for p, r, _ in CASES])
def test_who_may_open_which_page(client, site, make_user, path, role, status):
    if role != ANON:
        client.force_login(make_user(role))
    response = client.get(path)
    assert response.status_code == status
    if status == 302 and role == ANON:
        assert "login" in response.url


# --- bookings: object-level checks --------------------------------------------------------------------
# A teacher reaches only their own schools' bookings, an instructor only their own sessions' attendance,
# partnership staff every booking; anyone else finds nothing (404) or is refused (403), anonymous people sign in.
BOOKING_PAGES = [
    ("/schools/bookings/{pk}/", {ANON: 302, "own teacher": 200, "other teacher": 404, "own instructor": 403,
                                 "other instructor": 403, STAFF: 403}),
    ("/schools/bookings/{pk}/change/", {ANON: 302, "own teacher": 200, "other teacher": 404, "own instructor": 403,
                                        "other instructor": 403, STAFF: 403}),
    ("/schools/bookings/{pk}/cancel/", {ANON: 302, "own teacher": 200, "other teacher": 404, "own instructor": 403,
                                        "other instructor": 403, STAFF: 403}),
    ("/schools/my-sessions/attendance/{pk}/", {ANON: 302, "own teacher": 403, "other teacher": 403,
                                               "own instructor": 200, "other instructor": 404, STAFF: 403}),
    ("/schools/manage/bookings/{pk}/", {ANON: 302, "own teacher": 403, "other teacher": 403, "own instructor": 403,
                                        "other instructor": 403, STAFF: 200}),
]
BOOKING_CASES = [(path, who, status) for path, expected in BOOKING_PAGES for who, status in expected.items()]


@pytest.mark.parametrize("path, who, status", BOOKING_CASES, ids=[f"{p} as {w}" for p, w, _ in BOOKING_CASES])
def test_who_may_open_which_booking(client, site, make_user, path, who, status):
    from schools.models import SessionBooking
    from tests.schools.bookings import world

    kind = world.session_type()
    school = world.school()
    teacher = make_user(TEACHER)
    world.link(teacher, school)
    instructor = make_user(INSTRUCTOR)
    staff = make_user(STAFF)
    # Attendance is recorded after the session: yesterday's. The teacher's pages are for a coming one.
    session = world.slot(kind, days=-1 if "attendance" in path else 14)
    booking = SessionBooking.objects.create(
        session=session, session_type=kind, school=school, teacher=teacher, year_group=9, pupils=20,
        status="confirmed", **world.contact(),
    )
    session.instructor = instructor
    session.save()
    outsider = make_user(TEACHER)
    world.link(outsider, world.school("Another School"))
    people = {"own teacher": teacher, "other teacher": outsider, "own instructor": instructor,
              "other instructor": make_user(INSTRUCTOR), STAFF: staff}
    if who != ANON:
        client.force_login(people[who])
    response = client.get(path.format(pk=booking.pk))
    assert response.status_code == status


# Learner actions on one module ({course} is its id). A GET of a POST-only action is 405 once signed in;
# the certificate status is 404 to anyone who has not completed the module.
MODULE_TABLE = [
    ("/learning/modules/{course}/leave/", {ANON: 302, **{role: 405 for role in EVERYONE_SIGNED_IN}}),
    ("/learning/modules/{course}/certificate.json", {ANON: 302, **{role: 404 for role in EVERYONE_SIGNED_IN}}),
    ("/learning/modules/{course}/start/", {ANON: 302, **{role: 302 for role in EVERYONE_SIGNED_IN}}),
]
MODULE_CASES = [(path, role, status) for path, expected in MODULE_TABLE for role, status in expected.items()]


@pytest.mark.parametrize("path, role, status", MODULE_CASES, ids=[f"{p} as {r}" for p, r, _ in MODULE_CASES])
def test_who_may_use_the_module_actions(client, site, make_user, path, role, status):
    from courses.demo import seed
    from courses.models import CoursePage
    from tests.courses.conftest import PLACEHOLDER_COURSE

    seed([PLACEHOLDER_COURSE])
    course = CoursePage.objects.get(slug=PLACEHOLDER_COURSE["slug"])
    if role != ANON:
        client.force_login(make_user(role))
    response = client.get(path.format(course=course.pk))
    assert response.status_code == status
    if status == 302 and role == ANON:
        assert "login" in response.url
