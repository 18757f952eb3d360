"""The demo modules built from courses/demo_content.py."""
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
