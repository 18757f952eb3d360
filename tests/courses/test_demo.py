"""The demo modules loaded from the files in courses/demo_modules/."""
import pytest

from courses.demo import seed
from courses.models import CourseCatalogPage, CoursePage, LessonPage


@pytest.fixture
def demo(site):
    return seed()


def test_demo_modules_are_published_under_modules(client, demo):
    assert demo.url == "/modules/"
    titles = set(CoursePage.objects.live().values_list("title", flat=True))
    assert {
        "Understanding trauma-influenced behaviour",
        "Responding to young people after violence",
        "Bleeding control: refresher for school staff",
    } <= titles
    page = client.get("/modules/").content.decode()
    assert "Understanding trauma-influenced behaviour" in page


def test_demo_modules_have_lessons_an_assessment_and_levels(demo):
    trauma = CoursePage.objects.get(slug="understanding-trauma-influenced-behaviour")
    responding = CoursePage.objects.get(slug="responding-to-young-people-after-violence")
    bleeding = CoursePage.objects.get(slug="bleeding-control-refresher")
    assert (trauma.level, responding.level) == ("informed", "skilled")
    assert bleeding.validity_months == 12 and trauma.validity_months is None
    for course in (trauma, responding):
        lessons = list(course.lessons())
        assert len([lesson for lesson in lessons if not lesson.is_assessment]) >= 4
        assert lessons[-1].is_assessment and lessons[-1].questions()
    assert trauma.statements and "sign" in trauma.sign_off_note


def test_content_warnings_come_first_in_the_lesson(demo):
    first = CoursePage.objects.get(slug="understanding-trauma-influenced-behaviour").lessons().first()
    assert first.body[0].block_type == "content_warning"


def test_seeding_again_duplicates_nothing_and_keeps_block_ids(demo):
    counts = (CourseCatalogPage.objects.count(), CoursePage.objects.count(), LessonPage.objects.count())
    ids = [block.id for lesson in LessonPage.objects.all() for block in lesson.body]
    seed()
    assert counts == (CourseCatalogPage.objects.count(), CoursePage.objects.count(), LessonPage.objects.count())
    assert ids == [block.id for lesson in LessonPage.objects.all() for block in lesson.body]


def test_the_demo_h5p_activity_is_in_a_lesson(demo):
    lesson = LessonPage.objects.get(slug="the-stress-response")
    activity = next(block for block in lesson.body if block.block_type == "h5p")
    assert activity.value["package"] is not None and lesson.has_activity


# --- the content files ----------------------------------------------------------------------------

def test_every_module_folder_loads_with_lessons_an_assessment_and_a_sign_off_note():
    from courses.demo import CONTENT_DIR, load_courses

    courses = load_courses()
    assert len(courses) == len([d for d in CONTENT_DIR.iterdir() if d.is_dir()]) >= 3
    for course in courses:
        assert course["lessons"] and course["assessment"]["questions"]
        assert "signed off by a qualified trainer" in course["sign_off_note"]
    for path in CONTENT_DIR.glob("*/*.yaml"):
        assert "needs sign-off by a qualified trainer" in path.read_text(encoding="utf-8"), path


def test_the_first_modules_activity_asks_something_its_lesson_does_not():
    from courses.demo import load_courses
    from courses.h5p.demo import DEMO_CONTENT

    first = load_courses()[0]
    lesson = next(lesson for lesson in first["lessons"] if any(kind == "h5p" for kind, _ in lesson["blocks"]))
    own = [value for kind, value in lesson["blocks"] if kind == "question"]
    activity_answer = next(answer["text"] for answer in DEMO_CONTENT["answers"] if answer["correct"])
    for question in own:
        lesson_answer = next(answer["text"] for answer in question["answers"] if answer["correct"])
        assert lesson_answer != activity_answer  # not the same scenario with the same answer twice
