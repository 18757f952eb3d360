"""In Chromium, against a real LTI 1.3 platform on loopback (tests/lti/platform_server.py, another site):
the partner's tutor adds our module to their course by deep linking, a learner launches it inside the
platform's frame, opens it in a new window, completes it, and the platform receives the grade (AGS)."""
import copy
import time

import pytest
from playwright.sync_api import expect

from partners.lti.models import GradeTarget
from tests.courses.conftest import PLACEHOLDER_COURSE

from .conftest import RunningPlatform

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

QUIET_LESSON = copy.deepcopy(PLACEHOLDER_COURSE["lessons"][1])
MODULE = dict(copy.deepcopy(PLACEHOLDER_COURSE), title="Looking after yourself", slug="looking-after-yourself",
              lessons=[QUIET_LESSON], evaluation_questions=[])
LEARNER = {"sub": "moodle-learner-7", "name": "Robin Partner", "email": "robin.partner@wiltshire.police.uk"}
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


@pytest.fixture
def module(transactional_db, live_server, settings):
    from accounts.demo import seed_organisations
    from certificates.demo import seed as seed_certificates
    from courses.demo import seed as seed_courses
    from courses.models import CoursePage
    from lms.demo import seed as seed_site

    settings.SITE_URL = live_server.url
    seed_organisations()
    seed_site()
    seed_certificates()
    seed_courses([MODULE])
    return CoursePage.objects.get(slug=MODULE["slug"])


@pytest.fixture
def platform(live_server, module):
    """The partner's LMS on 127.0.0.1 (our site is on localhost: another site to the browser), registered."""
    from accounts.models import Organisation
    from partners.lti import services

    running = RunningPlatform(live_server.url)
    organisation = Organisation.objects.order_by("pk").first()
    services.platform_save(organisation=organisation, name="Partner Moodle", **running.details())
    running.organisation = organisation
    yield running
    running.stop()


def tool_frame(page):
    return page.frame_locator("iframe[title='Training module']")


def wait_for(read, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = read()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("The platform did not receive it in time")


def answer_rightly(page):
    fieldsets = page.locator("main form fieldset")
    for index, question in enumerate(MODULE["assessment"]["questions"]):
        right = next(answer for answer in question["answers"] if answer["correct"])
        fieldsets.nth(index).get_by_label(right["text"], exact=True).check()


def test_deep_link_launch_in_a_frame_complete_and_the_platform_gets_the_grade(page, module, platform, axe):
    # The tutor adds our module to the course: the chooser opens inside the platform's frame.
    page.goto(platform.course_url(kind="deep_link", sub="tutor-1", role=INSTRUCTOR))
    frame = tool_frame(page)
    expect(frame.get_by_role("heading", name="Choose modules to add to your course")).to_be_visible()
    frame.get_by_role("button", name="Add to my course").click()
    expect(frame.get_by_text("Choose at least one module to add to your course.").first).to_be_visible()
    frame.get_by_label(MODULE["title"]).check()
    frame.get_by_role("button", name="Add to my course").click()
    # Our signed response went back to the platform, which checked it against our JWKS and added the link.
    expect(frame.get_by_role("heading", name="Added to your course")).to_be_visible()
    items = platform.received()["deep_link_items"]
    assert [item["title"] for item in items] == [MODULE["title"]]
    assert items[0]["custom"] == {"module": str(module.pk)}
    assert items[0]["lineItem"]["scoreMaximum"] == 100

    # A learner opens the link in the course: the launch runs in the platform's frame, cross-site.
    page.goto(platform.course_url(kind="resource", link="link-7", custom=items[0]["custom"], **LEARNER))
    frame = tool_frame(page)
    expect(frame.get_by_role("heading", name=MODULE["title"])).to_be_visible()
    with page.expect_popup() as popup_info:
        frame.get_by_role("link", name="Open in a new window").click()
    window = popup_info.value
    window.wait_for_url(f"**{module.url}")
    expect(window.get_by_role("button", name="Start this module")).to_be_visible()
    axe(window)

    window.get_by_role("button", name="Start this module").click()
    expect(window.get_by_role("heading", name=QUIET_LESSON["title"], level=1)).to_be_visible()
    window.get_by_role("button", name="Mark as complete and continue").click()
    expect(window.get_by_role("heading", name=MODULE["assessment"]["title"])).to_be_visible()
    answer_rightly(window)
    window.get_by_role("button", name="Submit my answers").click()
    expect(window.get_by_role("heading", name="You passed")).to_be_visible()

    # The platform's line item received the score and the completion, once.
    scores = wait_for(lambda: platform.received()["scores"])
    assert len(scores) == 1
    score = scores[0]
    assert score["lineitem"] == "/lineitems/link-7"
    assert score["userId"] == LEARNER["sub"]
    assert score["scoreGiven"] == 100 and score["scoreMaximum"] == 100
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    assert GradeTarget.objects.get().posted_at is not None
    window.close()
