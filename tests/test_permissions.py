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
    # Wagtail sends people who lack a permission back to the admin home with a message (302).
    ("/admin/snippets/h5p/h5ppackage/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/snippets/h5p/h5ppackage/add/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/h5p/libraries/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/snippets/choose/h5p/h5ppackage/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 302, EDITOR: 200}),
    ("/admin/snippets/certificates/certificatetemplate/",
     {ANON: 302, LEARNER: 302, TEACHER: 302, INSTRUCTOR: 302, LEAD: 302, STAFF: 200, EDITOR: 200}),
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
