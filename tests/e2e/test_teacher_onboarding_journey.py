"""A new teacher signs up, confirms their email, finds their school and is linked by their school email domain;
staff see the directory, closures and approvals. axe runs on every page, also 320 px wide with no sideways scroll."""
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase-42"
EMAIL = "jo.head@stmarys-devizes.wilts.sch.uk"


@pytest.fixture
def schools_demo(transactional_db, settings, live_server):
    from accounts import roles
    from accounts.demo import seed_organisations
    from lms.demo import seed as seed_site
    from schools.demo import seed_closure_dates, seed_schools

    settings.SITE_URL = live_server.url
    roles.ensure_roles()
    seed_organisations()
    seed_site()
    seed_schools()
    seed_closure_dates()


def check(page, axe):
    """axe at full width and at 320 px, where the page must not scroll sideways."""
    page.set_viewport_size({"width": 1280, "height": 900})
    axe(page)
    page.set_viewport_size({"width": 320, "height": 700})
    axe(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_new_teacher_signs_up_confirms_finds_school_and_is_linked_by_domain(page, live_server, schools_demo, axe, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    page.goto("/account/signup/")
    check(page, axe)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Full name").fill("Jo Head")
    page.get_by_label("I work in a school").check()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Enter the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create an account").click()
    page.wait_for_load_state("networkidle")
    assert "error" not in page.title().lower()

    message = mail.outbox[-1]
    assert message.to == [EMAIL]
    link = re.search(r"https?://[^\s]+/account/confirm-email/[^\s]+", message.body).group(0)
    page.goto(re.sub(r"^https?://[^/]+", live_server.url, link))
    page.get_by_role("button", name="Confirm my email address").click()
    page.wait_for_load_state("networkidle")

    page.goto("/account/login/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/schools/join/")
    expect(page.get_by_role("heading", name="Find your school")).to_be_visible()
    check(page, axe)

    # The script shows matches while typing; the Search button gives the same page without it.
    page.get_by_label("School name, town, postcode or URN").fill("st marys")
    page.get_by_role("link", name="Choose St Mary’s Catholic Primary School").wait_for()
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state("networkidle")
    assert "2 schools found" in page.content()
    check(page, axe)
    page.get_by_role("link", name="Choose St Mary’s Catholic Primary School").click()
    page.wait_for_url("**/schools/join/990001/")
    expect(page.get_by_text("you will be linked straight away")).to_be_visible()
    check(page, axe)

    page.get_by_label("Your role in the school").fill("Head of PSHE")
    page.get_by_role("button", name="Link me to this school").click()
    page.wait_for_url("**/schools/mine/")
    expect(page.get_by_text("You are linked to St Mary’s Catholic Primary School")).to_be_visible()
    expect(page.get_by_text("Linked", exact=True)).to_be_visible()
    check(page, axe)

    from accounts.models import User
    from schools.models import MembershipStatus

    user = User.objects.get(email=EMAIL)
    assert user.school_memberships.get().status == MembershipStatus.APPROVED
    assert user.has_perm("accounts.book_sessions")


def test_staff_pages_for_schools_closures_and_approvals_are_accessible(page, schools_demo, make_user, login, axe):
    from allauth.account.models import EmailAddress

    from accounts import roles
    from schools.models import School, SchoolMembership
    from tests.factories import PASSWORD as STAFF_PASSWORD

    teacher = make_user(roles.LEARNER, email="pe.lead@gmail.example", organisation=None, area=None)
    SchoolMembership.objects.create(user=teacher, school=School.objects.get(urn=990005), role_in_school="Trust PE lead")
    staff = make_user(roles.PARTNERSHIP_STAFF)
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    login(staff.email, STAFF_PASSWORD)

    page.goto("/account/members/pending/")
    expect(page.get_by_text("Trust PE lead")).to_be_visible()
    check(page, axe)
    page.get_by_role("button", name=re.compile("Approve .* at Kennet Downs School")).click()
    expect(page.get_by_text("is now linked to Kennet Downs School")).to_be_visible()

    for path in ["/schools/manage/schools/", "/schools/manage/schools/add/", "/schools/manage/closures/",
                 "/schools/manage/closures/add/"]:
        page.goto(path)
        check(page, axe)
    page.goto("/schools/manage/schools/")
    page.get_by_role("link", name="Kennet Downs School").click()
    page.wait_for_url("**/schools/manage/schools/*/")
    check(page, axe)
    page.goto("/schools/manage/closures/")
    page.get_by_role("link", name=re.compile("^Remove")).first.click()
    page.wait_for_url("**/delete/")
    check(page, axe)
