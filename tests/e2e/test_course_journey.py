"""A learner takes the demo module from start to finish in Chromium, H5P activity and assessment included."""
import pytest
from playwright.sync_api import expect

from courses.demo import load_courses
from courses.models import Enrolment, Evaluation, LessonProgress, ProgressStatus

COURSES = load_courses()

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COURSE = next(course for course in COURSES if course["slug"] == "understanding-trauma-influenced-behaviour")


@pytest.fixture
def signed_in_learner(sign_in_new_learner):
    return sign_in_new_learner("Alex Learner")


def rate_every_statement(page, rating: str = "3"):
    fieldsets = page.locator("main fieldset")
    for index in range(fieldsets.count()):
        fieldsets.nth(index).locator(f"input[type=radio][value='{rating}']").check()


def pass_the_warning(page, axe):
    if page.get_by_role("button", name="Continue to the lesson").count():
        assert page.get_by_role("button", name="Exit this page").count() >= 1
        axe(page)
        page.get_by_role("button", name="Continue to the lesson").click()
    expect(page.locator("#lesson-content")).to_be_visible()


def demo_activity_answer() -> str:
    from courses.h5p.demo import DEMO_CONTENT

    return next(answer["text"] for answer in DEMO_CONTENT["answers"] if answer["correct"])


def h5p_frame(page):
    """The frame (inside the sandboxed player) that shows the activity's question."""
    for _ in range(200):
        for frame in page.frames:
            if frame is not page.main_frame and frame.get_by_label(demo_activity_answer(), exact=True).count():
                return frame
        page.wait_for_timeout(100)
    raise AssertionError("The H5P activity did not appear in its frame")


def test_learner_completes_the_demo_module(page, live_demo, signed_in_learner, axe):
    page.goto("/modules/")
    axe(page)
    page.get_by_role("link", name=COURSE["title"]).click()
    expect(page.get_by_text(COURSE["sign_off_note"])).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Start this module").click()

    # Confidence before the first lesson.
    expect(page.get_by_role("heading", name="How confident do you feel?")).to_be_visible()
    axe(page)
    rate_every_statement(page, "2")
    page.get_by_role("button", name="Save and start the module").click()

    for number, lesson in enumerate(COURSE["lessons"], start=1):
        page.wait_for_load_state("networkidle")
        expect(page.get_by_role("heading", name=lesson["title"], level=1)).to_be_visible()
        pass_the_warning(page, axe)
        if number == 1:
            axe(page)
            # Questions in a lesson: any answer is allowed, with feedback on the one chosen.
            question = next(value for kind, value in lesson["blocks"] if kind == "question")
            wrong = next(answer for answer in question["answers"] if not answer["correct"])
            page.locator(".vrp-lesson-block form fieldset").first.get_by_label(wrong["text"]).check()
            page.get_by_role("button", name="Check my answer").first.click()
            expect(page.get_by_text(wrong["feedback"])).to_be_visible()
        if any(kind == "h5p" for kind, _ in lesson["blocks"]):
            frame = h5p_frame(page)
            frame.get_by_label(demo_activity_answer(), exact=True).check()
            frame.get_by_role("button", name="Check your answer").click()
            expect(page.get_by_text("Your result has been saved.")).to_be_visible(timeout=20_000)
            progress = LessonProgress.objects.get(enrolment__user=signed_in_learner, lesson__slug=lesson["slug"])
            assert progress.status == ProgressStatus.COMPLETED and progress.score == 100
            axe(page)
            page.get_by_role("button", name="Continue").click()
        else:
            page.get_by_role("button", name="Mark as complete and continue").click()

    # The assessment: fail first, read the feedback, then pass.
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name=COURSE["assessment"]["title"])).to_be_visible()
    axe(page)
    fieldsets = page.locator("main form fieldset")
    for index, question in enumerate(COURSE["assessment"]["questions"]):
        wrong = next(answer for answer in question["answers"] if not answer["correct"])
        fieldsets.nth(index).get_by_label(wrong["text"], exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("You need 80% to pass")).to_be_visible()
    assert page.get_by_text(COURSE["assessment"]["questions"][0]["answers"][0]["feedback"]).count() <= 1
    axe(page)
    page.get_by_role("button", name="Try again").click()
    fieldsets = page.locator("main form fieldset")
    for index, question in enumerate(COURSE["assessment"]["questions"]):
        right = next(answer for answer in question["answers"] if answer["correct"])
        fieldsets.nth(index).get_by_label(right["text"], exact=True).check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    expect(page.get_by_text("You scored 100%")).to_be_visible()
    axe(page)

    enrolment = Enrolment.objects.get(user=signed_in_learner)
    assert enrolment.completed_at is not None

    # Confidence after completing, then My learning.
    page.get_by_role("button", name="Tell us how confident you feel now").click()
    rate_every_statement(page, "5")
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    completed = page.locator(".govuk-summary-card", has_text=COURSE["title"])
    expect(completed.get_by_text("Completed", exact=True)).to_be_visible()
    expect(completed.get_by_text("100% complete")).to_be_visible()
    axe(page)
    assert set(Evaluation.objects.filter(enrolment=enrolment).values_list("stage", flat=True)) == {"before", "after"}

