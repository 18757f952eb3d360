"""A learner answers an H5P activity inside the sandboxed player from the separate H5P origin; the xAPI statement
reaches the site, is stored, and completes the lesson.

One live server plays both origins: the site is http://127.0.0.1:PORT and each package's H5P origin
http://p<package id>.localhost:PORT, which a browser treats as different origins (and Chromium resolves to loopback).
"""
import copy

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS, leave_and_close
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def h5p_lesson(transactional_db, learner):
    from courses import services
    from courses.demo import seed as seed_courses
    from courses.models import CoursePage
    from lms.demo import seed as seed_site
    from tests.courses.conftest import PLACEHOLDER_COURSE

    seed_site()
    course = copy.deepcopy(PLACEHOLDER_COURSE)
    course.update(
        slug="h5p-module",
        title="Module with an activity",
        evaluation_questions=[],
        pass_mark=80,
        lessons=[
            {
                "title": "Responding to shouting",
                "slug": "responding-to-shouting",
                "content_warning": None,
                "blocks": [
                    ("rich_text", "<p>Shouting can be a fight response.</p>"),
                    ("h5p", {"title": "Check your understanding", "instructions": "Choose the best first response."}),
                ],
            }
        ],
    )
    seed_courses([course])
    module = CoursePage.objects.get(slug="h5p-module")
    services.enrolment_start(user=learner, course=module)  # the learner chose "Start this module"
    return module.lessons().get(slug="responding-to-shouting").specific


@pytest.fixture
def two_origins(live_server, settings):
    port = live_server.url.rsplit(":", 1)[1]
    settings.SITE_URL = f"http://127.0.0.1:{port}"
    settings.H5P_ORIGIN = f"http://p{{package}}.localhost:{port}"
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    return settings.H5P_ORIGIN


@pytest.fixture
def site_page(browser, two_origins, settings, live_server):
    """A browser page whose relative addresses go to the site origin (127.0.0.1), not the H5P one."""
    context = browser.new_context(base_url=settings.SITE_URL)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)  # a hang, not a speed limit
    page = context.new_page()
    yield page
    leave_and_close(page, context, live_server)


def sign_in(page, email):
    page.goto("/account/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_learner_answers_in_the_sandbox_and_the_statement_completes_the_lesson(
    site_page, two_origins, h5p_lesson, learner, axe
):
    from courses.h5p.models import XAPIStatement
    from courses.models import LessonProgress, ProgressStatus
    from tests.conftest import AXE_JS

    page = site_page
    sign_in(page, learner.email)
    page.goto(h5p_lesson.url)

    frame_element = page.locator("iframe[data-h5p-activity]")
    assert frame_element.get_attribute("sandbox") == "allow-scripts allow-same-origin"
    package = next(block.value["package"] for block in h5p_lesson.body if block.block_type == "h5p")
    assert frame_element.get_attribute("src") == f"{package.origin}/h5p/play/{package.uuid}/"
    player = page.frame_locator("iframe[data-h5p-activity]")
    content = player.frame_locator("iframe.h5p-iframe")

    # Answer wrongly first: an attempt is recorded, the lesson is not yet complete.
    content.get_by_label("Fight", exact=True).check()
    content.get_by_role("button", name="Check your answer").click()
    content.get_by_text("Not quite.").wait_for()
    page.get_by_text("Your result has been saved.").wait_for()

    status = page.locator("[data-h5p-status]")
    status.evaluate("element => element.textContent = ''")
    content.get_by_label("Freeze", exact=True).check()
    content.get_by_role("button", name="Check your answer").click()
    content.get_by_text("That's right.").wait_for()
    page.get_by_text("Your result has been saved.").wait_for()  # the site has answered: safe to read the database
    page.wait_for_load_state("networkidle")

    statements = XAPIStatement.objects.filter(user=learner, lesson=h5p_lesson, verb__endswith="/answered")
    assert sorted(statements.values_list("score_raw", flat=True)) == [0, 1]
    assert all(s.statement["actor"]["account"]["name"] == str(learner.pk) for s in statements)
    progress = LessonProgress.objects.get(enrolment__user=learner, lesson=h5p_lesson)
    assert progress.status == ProgressStatus.COMPLETED
    assert (progress.score, progress.attempts) == (100, 2)

    # The frame was sized to its content, so nothing is cut off or scrolls inside it.
    assert frame_element.bounding_box()["height"] > 250

    # The lesson page and the activity inside the sandbox both pass WCAG 2.2 AA checks.
    axe(page)
    for frame in page.frames[1:]:
        frame.evaluate(AXE_JS.read_text())
        result = frame.evaluate(
            "axe.run(document, {iframes: false, runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']})"
        )
        assert result["violations"] == [], (frame.url, [v["id"] for v in result["violations"]])


def test_the_site_refuses_to_serve_the_player_and_the_h5p_origin_refuses_the_site(site_page, two_origins, h5p_lesson):
    page = site_page
    assert page.goto("/h5p/play/00000000-0000-0000-0000-000000000000/").status == 404
    assert page.goto(two_origins.replace("{package}", "0" * 32) + "/account/login/").status == 404
