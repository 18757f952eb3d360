"""Routes, view restrictions and outlines come from the cache, and every publish, unpublish, move or delete shows at once."""
import pytest
from wagtail.models import PageViewRestriction

from courses import services
from courses.models import CoursePage, LessonPage
from tests.courses.conftest import open_lessons
from tests.courses.test_pages import evaluate_before


@pytest.fixture
def returning_learner(client, learner, course, lessons):
    client.force_login(learner)
    evaluate_before(learner, course)
    open_lessons(learner, course, lessons)
    services.lesson_complete(user=learner, lesson=lessons[0])
    return learner


def test_a_second_view_of_a_lesson_does_not_route_through_the_page_tree(client, returning_learner, lessons,
                                                                         django_assert_max_num_queries):
    client.get(lessons[1].url)
    with django_assert_max_num_queries(8) as second:
        assert client.get(lessons[1].url).status_code == 200
    assert not [q for q in second.captured_queries if "wagtailcore_page" in q["sql"]]


def test_a_newly_published_lesson_appears_in_the_outline_at_once(client, returning_learner, course, lessons):
    assert "A lesson published later" not in client.get(course.url).content.decode()
    course.add_child(instance=LessonPage(title="A lesson published later", slug="later"))
    new = LessonPage.objects.get(slug="later")
    new.save_revision().publish()
    page = client.get(course.url).content.decode()
    assert "A lesson published later" in page
    assert client.get(new.url).status_code == 200


def test_an_unpublished_lesson_is_gone_at_once(client, returning_learner, course, lessons):
    client.get(lessons[1].url)
    lessons[1].specific.unpublish()
    assert client.get(lessons[1].url).status_code == 404
    assert lessons[1].title not in client.get(course.url).content.decode()


def test_a_deleted_module_is_gone_from_the_catalogue_and_its_address_at_once(client, returning_learner, course):
    assert course.title in client.get("/modules/").content.decode()
    client.get(course.url)
    CoursePage.objects.get(pk=course.pk).delete()
    assert course.title not in client.get("/modules/").content.decode()
    assert client.get(course.url).status_code == 404


def test_a_moved_lesson_is_served_at_its_new_address(client, returning_learner, build_course, lessons):
    other = build_course(slug="other-module", title="Other module", lessons=[])
    old_url = lessons[1].url
    client.get(old_url)
    LessonPage.objects.get(pk=lessons[1].pk).move(other, pos="last-child")
    moved = LessonPage.objects.get(pk=lessons[1].pk)
    old = client.get(old_url)  # Wagtail's redirects app sends the old address on
    assert old.status_code == 404 or old["Location"] == moved.url
    assert client.get(moved.url).status_code in (200, 302)  # 302: the learner must start the other module first


def test_a_new_view_restriction_is_enforced_at_once(client, returning_learner, course, lessons):
    client.get(lessons[1].url)
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=PageViewRestriction.PASSWORD,
                                                     password="trainers-only")
    response = client.get(lessons[1].url)
    assert response.status_code == 200 and "password" in response.content.decode().lower()
    assert "lesson-content" not in response.content.decode()
    restriction.delete()
    assert "lesson-content" in client.get(lessons[1].url + "?continue=1").content.decode()
