"""In Chromium: a learner starts a module by choice, leaves another, passes and opens the certificate from the
pass page; Exit this page leaves an assessment of a sensitive module. Every page checked with axe at 320 px."""
import copy

import pytest
from playwright.sync_api import expect

from courses.models import Enrolment
from tests.courses.conftest import PLACEHOLDER_COURSE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUIET_LESSON = copy.deepcopy(PLACEHOLDER_COURSE["lessons"][1])
TAKEN = dict(copy.deepcopy(PLACEHOLDER_COURSE), title="Looking after yourself", slug="looking-after-yourself",
             lessons=[QUIET_LESSON], evaluation_questions=[])
LEFT = dict(copy.deepcopy(PLACEHOLDER_COURSE), title="A module to leave", slug="a-module-to-leave",
            lessons=[QUIET_LESSON], evaluation_questions=[])


@pytest.fixture
def modules(transactional_db, live_server, settings):
    from accounts.demo import seed_organisations
    from certificates.demo import seed as seed_certificates
    from courses.demo import seed as seed_courses
    from courses.models import CoursePage
    from lms.demo import seed as seed_site

    settings.SITE_URL = live_server.url
    seed_organisations()
    seed_site()
    seed_certificates()
    seed_courses([TAKEN, LEFT])
    taken = CoursePage.objects.get(slug=TAKEN["slug"])
    taken.sensitive = True
    taken.save_revision().publish()
    return taken, CoursePage.objects.get(slug=LEFT["slug"])


def answer_rightly(page):
    fieldsets = page.locator("main form fieldset")
    for index, question in enumerate(TAKEN["assessment"]["questions"]):
        right = next(answer for answer in question["answers"] if answer["correct"])
        fieldsets.nth(index).get_by_label(right["text"], exact=True).check()


def test_start_by_choice_leave_another_pass_and_open_the_certificate(page, modules, sign_in_new_learner, axe):
    taken, left = modules
    learner = sign_in_new_learner("Robin Learner")

    # Opening a lesson enrols nobody: the lesson offers the choice.
    page.goto(left.url + QUIET_LESSON["slug"] + "/")
    expect(page.get_by_text("You have not started this module")).to_be_visible()
    axe(page)
    assert not Enrolment.objects.filter(user=learner).exists()

    # Start one module, then leave it.
    page.get_by_role("button", name="Start this module").click()
    page.goto(left.url)
    page.get_by_text("Leave this module").first.click()
    page.get_by_role("button", name="Leave this module").click()
    expect(page.get_by_text(f"You have left “{left.title}”")).to_be_visible()
    expect(page.get_by_text("You have no modules in progress")).to_be_visible()
    axe(page)
    assert Enrolment.objects.get(user=learner, course=left).withdrawn_at is not None

    # Start the other explicitly, with Exit this page on each of its pages.
    page.goto(taken.url)
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Start this module").click()
    expect(page.get_by_role("heading", name=QUIET_LESSON["title"], level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Mark as complete and continue").click()
    expect(page.get_by_role("heading", name=TAKEN["assessment"]["title"])).to_be_visible()
    answer_rightly(page)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()

    # The pass page names the certificate and links it as soon as it exists.
    expect(page.get_by_text(f"Your certificate “{TAKEN['title']}” is ready.")).to_be_visible(timeout=30_000)
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF certificate").click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.get_by_role("link", name="See its public check page").click()
    expect(page.get_by_text("Robin Learner")).to_be_visible()
    expect(page.get_by_text(TAKEN["title"]).first).to_be_visible()
    axe(page)


def test_exit_this_page_leaves_an_assessment(page, modules, sign_in_new_learner, axe):
    taken, _ = modules
    sign_in_new_learner("Sam Learner")
    # The neutral site the button leaves for, answered locally: the test machine has no internet.
    page.route(
        "https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>", content_type="text/html")
    )
    page.goto(taken.url)
    page.get_by_role("button", name="Start this module").click()
    page.goto(taken.url)
    page.get_by_role("link", name=TAKEN["assessment"]["title"]).click()
    expect(page.get_by_role("heading", name=TAKEN["assessment"]["title"])).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Exit this page").click()
    page.wait_for_url("https://www.bbc.co.uk/**")
