"""Browser journeys for H5P as H5P core does it: a learner resumes a half-answered activity and a retake starts
empty; a patch upgrade of a shared library keeps both packages playing; each package on its own origin cannot
reach a sibling activity's frame. axe runs on the lesson and inside every frame."""
import copy
import io
import json
import time

import pytest

from tests.conftest import BROWSER_TIMEOUT_MS, leave_and_close
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_RUN = "axe.run(document, {iframes: false, runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']})"


@pytest.fixture
def origins(live_server, settings):
    port = live_server.url.rsplit(":", 1)[1]
    settings.SITE_URL = f"http://127.0.0.1:{port}"
    settings.H5P_ORIGIN = f"http://p{{package}}.localhost:{port}"
    settings.H5P_SAVE_FREQ_SECONDS = 1
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    return settings


@pytest.fixture
def packages(transactional_db):
    from tests.courses.h5p import builders
    from courses.h5p.services import package_import

    quiz = package_import(upload=io.BytesIO(builders.quiz_package()), title="Spotting stress responses")
    check = package_import(upload=io.BytesIO(builders.check_sharing_ui_package()), title="Knowledge check")
    return quiz, check


@pytest.fixture
def lesson(origins, packages, learner):
    """A lesson holding the quiz and the check, each on its own origin, sharing H5P.VrpUI."""
    from courses.demo import seed as seed_courses
    from courses.services import enrolment_start
    from courses.models import CoursePage
    from lms.demo import seed as seed_site
    from tests.courses.conftest import PLACEHOLDER_COURSE

    seed_site()
    course = copy.deepcopy(PLACEHOLDER_COURSE)
    course.update(slug="h5p-resume", title="Module with two activities", evaluation_questions=[], pass_mark=80, lessons=[{
        "title": "Stress responses",
        "slug": "stress-responses",
        "content_warning": None,
        "blocks": [
            ("rich_text", "<p>Stress can show in many ways.</p>"),
            ("h5p", {"title": "Spotting stress responses", "instructions": "Answer four questions."}),
            ("h5p", {"title": "Check your understanding", "instructions": "Choose the best first response."}),
        ],
    }])
    seed_courses([course])
    module = CoursePage.objects.get(slug="h5p-resume")
    enrolment_start(user=learner, course=module)  # the learner chose "Start this module"
    page = module.lessons().get(slug="stress-responses").specific
    raw = list(page.body.raw_data)
    for item, package in zip([item for item in raw if item["type"] == "h5p"], packages):
        item["value"]["package"] = package.pk
    page.body = raw
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


@pytest.fixture
def site_page(browser, origins, live_server):
    context = browser.new_context(base_url=origins.SITE_URL)
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


def activity_ids(lesson) -> list[str]:
    return [block.id for block in lesson.body if block.block_type == "h5p"]


def content_of(page, block_id):
    return page.frame_locator(f"iframe[data-h5p-activity='{block_id}']").frame_locator("iframe.h5p-iframe")


def saved_answers(user, lesson, block_id) -> dict | None:
    from courses.h5p.models import H5PState

    state = H5PState.objects.filter(user=user, lesson=lesson, block_id=block_id).values_list("state", flat=True).first()
    return json.loads(state)["answers"] if state else None


def wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def axe_everywhere(page, axe):
    from tests.conftest import AXE_JS

    axe(page)
    for frame in page.frames[1:]:
        frame.evaluate(AXE_JS.read_text())
        result = frame.evaluate(AXE_RUN)
        assert result["violations"] == [], (frame.url, [violation["id"] for violation in result["violations"]])


def test_a_learner_leaves_half_way_finds_their_answers_and_a_retake_starts_empty(site_page, lesson, learner, axe):
    from tests.courses.h5p import builders

    page = site_page
    quiz_block, _ = activity_ids(lesson)
    sign_in(page, learner.email)
    page.goto(lesson.url)
    quiz = content_of(page, quiz_block)
    first, second, third, _fourth = builders.QUIZ_ANSWERS
    quiz.get_by_label(first, exact=True).check()
    quiz.get_by_label(second, exact=True).check()
    # H5P saves the content's state every saveFreq seconds; the lesson page stores it for this learner.
    assert wait_for(lambda: saved_answers(learner, lesson, quiz_block) == {"0": 1, "1": 0})

    page.goto("/")
    page.goto(lesson.url)
    quiz = content_of(page, quiz_block)
    quiz.get_by_label(first, exact=True).wait_for()
    assert quiz.get_by_label(first, exact=True).is_checked()
    assert quiz.get_by_label(second, exact=True).is_checked()
    assert not quiz.get_by_label(third, exact=True).is_checked()
    axe_everywhere(page, axe)

    restart = page.locator(f"button[data-h5p-restart='{quiz_block}']")
    assert "Start this activity again" in restart.inner_text()
    restart.click()
    page.get_by_text("Your answers were cleared. The activity starts again.").wait_for()
    quiz = content_of(page, quiz_block)
    quiz.get_by_label(third, exact=True).wait_for()
    assert not quiz.get_by_label(first, exact=True).is_checked()
    page.wait_for_timeout(2500)  # a save of the fresh start, if any, has happened
    assert saved_answers(learner, lesson, quiz_block) in (None, {})
    page.reload()
    quiz = content_of(page, quiz_block)
    quiz.get_by_label(first, exact=True).wait_for()
    assert not quiz.get_by_label(first, exact=True).is_checked()


def test_a_patch_upgrade_replaces_the_shared_library_and_both_packages_still_play(site_page, lesson, learner, axe):
    from tests.courses.h5p import builders
    from courses.h5p.models import H5PLibrary
    from courses.h5p.services import package_import

    package_import(upload=io.BytesIO(builders.check_sharing_ui_package(title="Upgraded check", ui_patch=3)))
    assert H5PLibrary.objects.get(machine_name="H5P.VrpUI").version == "1.2.3"

    page = site_page
    quiz_block, check_block = activity_ids(lesson)
    sign_in(page, learner.email)
    page.goto(lesson.url)
    quiz = content_of(page, quiz_block)
    for answer in builders.QUIZ_ANSWERS:
        quiz.get_by_label(answer, exact=True).check()
    quiz_button = quiz.get_by_role("button", name="Check your answers")
    assert quiz_button.get_attribute("data-vrp-ui-version") == "1.2.3"
    quiz_button.click()
    quiz.get_by_text("You got 4 out of 4.").wait_for()

    check = content_of(page, check_block)
    check.get_by_label(builders.CORRECT_ANSWER, exact=True).check()
    check.get_by_role("button", name="Check your answer").click()
    check.get_by_text("That's right.").wait_for()
    axe_everywhere(page, axe)


def test_a_package_on_its_own_origin_cannot_reach_a_sibling_activitys_frame(site_page, lesson, learner, packages):
    from tests.courses.h5p import builders

    page = site_page
    quiz_block, check_block = activity_ids(lesson)
    quiz_package, check_package = packages
    sign_in(page, learner.email)
    page.goto(lesson.url)
    content_of(page, quiz_block).get_by_label(builders.QUIZ_ANSWERS[0], exact=True).wait_for()
    content_of(page, check_block).get_by_label(builders.CORRECT_ANSWER, exact=True).wait_for()

    players = {frame.url.split("/h5p/")[0]: frame for frame in page.frames if "/h5p/play/" in frame.url}
    assert set(players) == {quiz_package.origin, check_package.origin}
    reach_siblings = """() => {
        const outcomes = [];
        for (let i = 0; i < window.top.frames.length; i++) {
            const other = window.top.frames[i];
            if (other === window || other === window.parent) continue;
            try { other.document.body.textContent; outcomes.push("reached"); }
            catch (error) { outcomes.push(error.name); }
        }
        return outcomes;
    }"""
    for origin, player in players.items():
        assert player.evaluate(reach_siblings) == ["SecurityError"], origin
        content = next(frame for frame in page.frames if frame.parent_frame == player)
        assert content.evaluate(reach_siblings) == ["SecurityError"], origin

    # Both still play.
    quiz = content_of(page, quiz_block)
    for answer in builders.QUIZ_ANSWERS:
        quiz.get_by_label(answer, exact=True).check()
    quiz.get_by_role("button", name="Check your answers").click()
    quiz.get_by_text("You got 4 out of 4.").wait_for()
    check = content_of(page, check_block)
    check.get_by_label(builders.CORRECT_ANSWER, exact=True).check()
    check.get_by_role("button", name="Check your answer").click()
    check.get_by_text("That's right.").wait_for()


def saved_state(user, lesson, block_id) -> dict | None:
    from courses.h5p.models import H5PState

    state = H5PState.objects.filter(user=user, lesson=lesson, block_id=block_id).values_list("state", flat=True).first()
    return json.loads(state) if state else None


def test_an_answer_in_the_knowledge_check_survives_a_reload(site_page, lesson, learner):
    """Issue 20: the page said "saved as you go" over a content type that kept nothing. The check now keeps the
    learner's choice through H5P's own saving (getCurrentState every saveFreq seconds, previousState on load)."""
    from tests.courses.h5p import builders

    page = site_page
    _, check_block = activity_ids(lesson)
    sign_in(page, learner.email)
    page.goto(lesson.url)
    check = content_of(page, check_block)
    check.get_by_label(builders.CORRECT_ANSWER, exact=True).check()
    # The promise appears once the activity shows it keeps its state.
    page.locator(f"[data-h5p-saves='{check_block}']").get_by_text("Your answers are saved as you go").wait_for()
    # Saved on the site for this learner (sent by the lesson page with CSRF), not only in the browser.
    assert wait_for(lambda: saved_state(learner, lesson, check_block) == {"chosen": 1, "checked": False})

    page.reload()
    check = content_of(page, check_block)
    check.get_by_label(builders.CORRECT_ANSWER, exact=True).wait_for()
    assert check.get_by_label(builders.CORRECT_ANSWER, exact=True).is_checked()

    check.get_by_role("button", name="Check your answer").click()
    check.get_by_text("That's right.").wait_for()
    assert wait_for(lambda: saved_state(learner, lesson, check_block) == {"chosen": 1, "checked": True})
    page.reload()
    check = content_of(page, check_block)
    check.get_by_text("That's right.").wait_for()
    assert check.get_by_label(builders.CORRECT_ANSWER, exact=True).is_checked()
