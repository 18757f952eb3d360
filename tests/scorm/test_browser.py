"""Learners take SCORM lessons in a real browser: the package plays on its own origin with the scorm-again runtime,
they leave half-way, come back to the same place, pass, and the lesson completes.

One live server plays every origin: the site is http://127.0.0.1:PORT and each package http://s<id>.localhost:PORT,
which Chromium resolves to the loopback address and treats as separate origins.
"""
import io
import time

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS, leave_and_close
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def origins(live_server, settings):
    port = live_server.url.rsplit(":", 1)[1]
    settings.SITE_URL = f"http://127.0.0.1:{port}"
    settings.SCORM_ORIGIN = f"http://s{{package}}.localhost:{port}"
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    return settings.SITE_URL


@pytest.fixture
def site_page(browser, origins, live_server):
    context = browser.new_context(base_url=origins)
    # A safety net for a hang, not a speed requirement: on a busy 2-core machine running the suite on both cores,
    # a nested SCORM frame has taken over 20 s to appear.
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    import os
    if os.environ.get("SCORM_DEBUG"):
        page.on("console", lambda message: print("CONSOLE", message.type, message.text))
        page.on("pageerror", lambda error: print("PAGEERROR", error))
    yield page
    leave_and_close(page, context, live_server)


def make_lesson(data: bytes, slug: str):
    from courses.scorm.services import package_import
    from lms.demo import seed as seed_site
    from tests.scorm.conftest import scorm_course

    seed_site()
    package = package_import(upload=io.BytesIO(data))
    return scorm_course(package=package, slug=slug)


def start_module(user, lesson):
    from courses import services
    from courses.models import CoursePage

    services.enrolment_start(user=user, course=CoursePage.objects.parent_of(lesson).get())


def sign_in(page, email):
    page.goto("/account/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def wait_for(predicate, page, timeout_ms=BROWSER_TIMEOUT_MS):
    """Poll the database until the site has saved what the browser sent (the limit only catches a hang)."""
    from django.db import OperationalError

    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        try:
            if predicate():
                return
        except OperationalError as error:
            # In-memory SQLite (the default test database) shares one cache between this thread and the live
            # server's: a read while the server is writing that table is refused at once, not made to wait.
            if "locked" not in str(error):
                raise
        if time.monotonic() >= deadline:
            raise AssertionError(f"The site did not save the commit within {timeout_ms / 1000:.0f} s.")
        page.wait_for_timeout(100)


def no_sideways_scroll(page):
    page.set_viewport_size({"width": 320, "height": 800})
    # Let the page lay itself out at the new width (two animation frames), however long that takes.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "The page scrolls sideways at 320 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_scorm_12_learner_leaves_half_way_returns_to_the_same_place_passes_and_completes(site_page, origins, learner, axe):
    from courses.models import LessonProgress, ProgressStatus
    from courses.scorm import samples
    from courses.scorm.models import ScormAttempt

    lesson = make_lesson(samples.scorm12_single(), "scorm-12-module")
    start_module(learner, lesson)
    page = site_page
    sign_in(page, learner.email)
    page.goto(lesson.url)

    frame = page.locator("iframe[data-scorm-frame]")
    assert frame.get_attribute("sandbox") == "allow-scripts allow-same-origin allow-forms"
    assert ".localhost:" in frame.get_attribute("src")
    sco = page.frame_locator("iframe[data-scorm-frame]").frame_locator("#scorm-content")
    sco.get_by_text("Page 1 of 3").wait_for()
    assert sco.locator("#learner").text_content() == learner.full_name
    sco.get_by_role("button", name="Next page").click()
    sco.get_by_text("Page 2 of 3").wait_for()
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, location="page-2").exists(), page)

    # The lesson page passes WCAG 2.2 AA checks and does not scroll sideways on a small phone.
    axe(page)
    no_sideways_scroll(page)

    # Leave half-way, then come back: the SCO resumes on the page the learner left.
    page.goto("/")
    page.goto(lesson.url)
    sco = page.frame_locator("iframe[data-scorm-frame]").frame_locator("#scorm-content")
    sco.get_by_text("Page 2 of 3").wait_for()
    sco.get_by_text("Welcome back: you are on the page where you left off.").wait_for()
    assert sco.locator("#restored").text_content() == "seen=2;lang=en"

    sco.get_by_role("button", name="Next page").click()
    sco.get_by_text("Page 3 of 3").wait_for()
    sco.get_by_label("Speak calmly and explain what happens next").check()
    sco.get_by_role("button", name="Check my answer").click()
    sco.get_by_text("You passed this part.").wait_for()
    page.get_by_text("You have completed this activity.").wait_for()
    # The SCO finished its session after its last commit: that one adds the session's time.
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, terminated_at__isnull=False).exists(), page)

    progress = LessonProgress.objects.get(enrolment__user=learner, lesson=lesson)
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.score == 90
    attempt = ScormAttempt.objects.get(user=learner)
    assert (attempt.lesson_status, attempt.score_raw, attempt.number) == ("passed", 90, 1), vars(attempt)
    assert attempt.total_seconds > 0
    axe(page)


def test_scorm_2004_multi_sco_learner_resumes_each_part_and_completes_the_lesson(site_page, origins, learner, axe):
    from courses.models import LessonProgress, ProgressStatus
    from courses.scorm import samples
    from courses.scorm.models import ScormAttempt

    lesson = make_lesson(samples.scorm2004_multi(), "scorm-2004-module")
    start_module(learner, lesson)
    page = site_page
    sign_in(page, learner.email)
    page.goto(lesson.url)

    contents = page.get_by_role("navigation", name="Parts of this package")
    contents.get_by_role("button", name="1. Part 1: Noticing").wait_for()
    contents.get_by_role("button", name="2. Part 2: Responding").wait_for()
    sco = page.frame_locator("iframe[data-scorm-frame]").frame_locator("#scorm-content")
    sco.get_by_role("heading", name="Part 1: Noticing", level=1).wait_for()
    sco.get_by_role("button", name="Next page").click()
    sco.get_by_text("Page 2 of 2").wait_for()
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, location="page-2").exists(), page)
    axe(page)
    no_sideways_scroll(page)

    page.goto("/")
    page.goto(lesson.url)
    sco = page.frame_locator("iframe[data-scorm-frame]").frame_locator("#scorm-content")
    sco.get_by_role("heading", name="Part 1: Noticing", level=1).wait_for()
    sco.get_by_text("Page 2 of 2").wait_for()
    sco.get_by_text("Welcome back: you are on the page where you left off.").wait_for()

    sco.get_by_label("Speak calmly and explain what happens next").check()
    sco.get_by_role("button", name="Check my answer").click()
    # Part 1 asks to continue: the player moves to part 2 by itself.
    sco.get_by_role("heading", name="Part 2: Responding", level=1).wait_for()
    page.locator('[data-scorm-status="ITEM-part1"]', has_text="Completed").wait_for()
    # Part 1's Terminate may still be on its way: wait until it is saved, then the site is quiet while we read.
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, terminated_at__isnull=False).exists(), page)
    assert LessonProgress.objects.filter(
        enrolment__user=learner, lesson=lesson, status=ProgressStatus.COMPLETED
    ).count() == 0

    sco.get_by_text("Page 1 of 2").wait_for()
    sco.get_by_role("button", name="Next page").click()
    sco.get_by_label("Speak calmly and explain what happens next").check()
    sco.get_by_role("button", name="Check my answer").click()
    page.get_by_text("You have completed this activity.").wait_for()
    page.locator('[data-scorm-status="ITEM-part2"]', has_text="Completed").wait_for()
    wait_for(lambda: ScormAttempt.objects.filter(user=learner, terminated_at__isnull=False).count() == 2, page)

    progress = LessonProgress.objects.get(enrolment__user=learner, lesson=lesson)
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.score == pytest.approx(90)
    assert ScormAttempt.objects.filter(user=learner, satisfied=True).count() == 2
    axe(page)

    # The table of contents opens a part again by keyboard.
    contents.get_by_role("button", name="1. Part 1: Noticing").focus()
    page.keyboard.press("Enter")
    sco.get_by_role("heading", name="Part 1: Noticing", level=1).wait_for()
