"""A certificate means the learning happened: every way round the lessons is closed, each answered without a 500."""
import copy
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from certificates.models import Certificate
from courses import services
from courses.models import Enrolment, Evaluation, LessonProgress, ProgressStatus
from tests.courses.conftest import PLACEHOLDER_COURSE, open_lessons, start_module

pytestmark = pytest.mark.django_db


def right_answers(assessment) -> dict:
    return {f"q-{block.id}": str(min(block.block.correct_indexes(block.value))) for block in assessment.questions()}


def script_the_module(client, course, lessons):
    """What a script would POST to finish the module without reading it: every progress endpoint, no page."""
    client.post(f"/learning/modules/{course.pk}/start/")
    client.post(f"/learning/modules/{course.pk}/evaluation/before/", {"skip": "1"})
    responses = [client.post(f"/learning/lessons/{lesson.pk}/complete/") for lesson in lessons[:-1]]
    responses.append(client.post(lessons[-1].url, right_answers(lessons[-1])))
    return responses


def test_scripted_posts_without_opening_a_lesson_complete_nothing(client, learner, course, lessons):
    client.force_login(learner)
    responses = script_the_module(client, course, lessons)

    assert all(response.status_code == 302 for response in responses)
    assert not LessonProgress.objects.filter(status=ProgressStatus.COMPLETED).exists()
    assert Enrolment.objects.get(user=learner).completed_at is None
    assert not Certificate.objects.exists()
    page = client.get(lessons[0].url + "?continue=1").content.decode()
    assert "Open the lesson and work through it first." in page


def test_the_assessment_waits_for_every_lesson(client, learner, course, lessons):
    client.force_login(learner)
    start_module(learner, course)
    client.get(lessons[0].url)
    client.post(f"/learning/lessons/{lessons[0].pk}/complete/")
    page = client.get(lessons[-1].url).content.decode()
    assert "Finish the lesson “Second lesson” before you take the assessment." in page
    assert "Submit my answers" not in page
    client.post(lessons[-1].url, right_answers(lessons[-1]))
    assert not LessonProgress.objects.filter(lesson=lessons[-1], status=ProgressStatus.COMPLETED).exists()


def test_reading_then_posting_completes_the_module_and_issues_a_certificate(
    client, learner, course, lessons, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    start_module(learner, course)
    for lesson in lessons[:-1]:
        client.get(lesson.url)
        client.post(f"/learning/lessons/{lesson.pk}/complete/")
    client.get(lessons[-1].url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(lessons[-1].url, right_answers(lessons[-1]))
    assert Enrolment.objects.get(user=learner).completed_at is not None
    assert Certificate.objects.filter(recipient=learner).count() == 1


def restrict_to_another_group(page):
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Another team"))


def test_a_module_restricted_to_another_group_records_nothing(client, learner, course, lessons):
    start_module(learner, course)  # started before the editor restricted the module
    open_lessons(learner, course, lessons)
    restrict_to_another_group(course)
    client.force_login(learner)
    block_id = lessons[0].questions()[0].id
    urls = [
        f"/learning/modules/{course.pk}/start/",
        f"/learning/modules/{course.pk}/evaluation/after/",
        f"/learning/modules/{course.pk}/refresher/",
        f"/learning/modules/{course.pk}/leave/",
        f"/learning/lessons/{lessons[0].pk}/complete/",
        f"/learning/lessons/{lessons[1].pk}/complete/",
        f"/learning/lessons/{lessons[0].pk}/questions/{block_id}/",
        f"/learning/lessons/{lessons[0].pk}/reflections/{block_id}/",
    ]
    for url in urls:
        assert client.post(url, {"answer": "0", "text": "x", "s1": "1", "s2": "1"}).status_code == 404, url
    assert client.get(lessons[-1].url).status_code in (302, 403)  # Wagtail's own privacy check on the page
    assert client.post(lessons[-1].url, right_answers(lessons[-1])).status_code in (302, 403)
    assert not LessonProgress.objects.filter(status=ProgressStatus.COMPLETED).exists()
    assert Enrolment.objects.get(user=learner).withdrawn_at is None
    assert not Certificate.objects.exists()


def test_an_unpublished_module_with_live_lessons_records_nothing(client, learner, course, lessons):
    start_module(learner, course)
    open_lessons(learner, course, lessons)
    course.unpublish()
    client.force_login(learner)
    assert all(lesson.live for lesson in type(lessons[0]).objects.filter(pk__in=[l.pk for l in lessons]))
    assert client.get(lessons[0].url).status_code == 404
    assert client.post(f"/learning/lessons/{lessons[1].pk}/complete/").status_code == 404
    assert client.post(lessons[-1].url, right_answers(lessons[-1])).status_code == 404
    with pytest.raises(services.NotAvailable):
        services.lesson_complete(user=learner, lesson=lessons[1])
    assert not LessonProgress.objects.filter(status=ProgressStatus.COMPLETED).exists()
    assert not Certificate.objects.exists()


def test_time_spent_is_measured_by_the_server(client, learner, course, lessons):
    client.force_login(learner)
    start_module(learner, course)
    client.get(lessons[1].url)
    # A browser claiming it opened the page a day ago adds nothing; nor does another lesson's stamp.
    client.post(f"/learning/lessons/{lessons[1].pk}/complete/", {"opened_at": "2026-01-01T10:00:00Z"})
    assert LessonProgress.objects.get(lesson=lessons[1]).time_spent == timedelta(0)


def test_a_signed_stamp_counts_once_however_often_it_is_replayed(learner, course, lessons):
    from courses import timing

    start_module(learner, course)
    open_lessons(learner, course, lessons[1:2])
    LessonProgress.objects.filter(lesson=lessons[1]).update(opened_at=timezone.now() - timedelta(minutes=10))
    with time_travel(minutes=-10):
        stamp = timing.opened_stamp(lesson_id=lessons[1].pk, user_id=learner.pk)
    opened = timing.opened_at_from(stamp, lesson_id=lessons[1].pk, user_id=learner.pk)
    assert timing.opened_at_from(stamp, lesson_id=lessons[0].pk, user_id=learner.pk) is None
    for _ in range(5):
        services.lesson_complete(user=learner, lesson=lessons[1], opened_at=opened)
    spent = LessonProgress.objects.get(lesson=lessons[1]).time_spent
    assert timedelta(minutes=9) < spent <= timedelta(minutes=10, seconds=5)


def time_travel(minutes: int):
    import time_machine

    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=True)


def two_activity_course(build_course):
    lesson = {
        "title": "Two activities",
        "slug": "two-activities",
        "content_warning": None,
        "blocks": [
            ("h5p", {"title": "First activity", "instructions": "Try it."}),
            ("h5p", {"title": "Second activity", "instructions": "Try it."}),
        ],
    }
    return build_course(slug="two-activities-module", lessons=[lesson], evaluation_questions=[])


def test_a_lesson_with_two_activities_completes_only_when_both_pass(learner, build_course):
    course = two_activity_course(build_course)
    lesson = course.lessons().first().specific
    first, second = [block.id for block in lesson.body if block.block_type == "h5p"]
    start_module(learner, course, evaluate=False)
    open_lessons(learner, course, [lesson])

    progress = services.lesson_activity_scored(user=learner, lesson=lesson, activity_id=first, score=1, max_score=1)
    assert progress.status == ProgressStatus.IN_PROGRESS
    progress = services.lesson_activity_scored(user=learner, lesson=lesson, activity_id=first, score=1, max_score=1)
    assert progress.status == ProgressStatus.IN_PROGRESS  # the same activity twice is still one activity
    progress = services.lesson_activity_scored(user=learner, lesson=lesson, activity_id=second, score=1, max_score=5)
    assert progress.status == ProgressStatus.IN_PROGRESS and progress.score == 20
    progress = services.lesson_activity_scored(user=learner, lesson=lesson, activity_id=second, score=5, max_score=5)
    assert progress.status == ProgressStatus.COMPLETED and progress.activity_scores == {first: 100, second: 100}


def test_a_score_before_the_lesson_was_opened_does_not_count(learner, build_course):
    course = two_activity_course(build_course)
    lesson = course.lessons().first().specific
    start_module(learner, course, evaluate=False)
    with pytest.raises(services.LessonNotOpened):
        services.lesson_activity_scored(
            user=learner, lesson=lesson, activity_id=next(iter(lesson.activity_ids())), score=1, max_score=1
        )


def test_the_evaluation_skip_is_recorded(client, learner, course):
    client.force_login(learner)
    client.post(f"/learning/modules/{course.pk}/start/")
    client.post(f"/learning/modules/{course.pk}/evaluation/before/", {"skip": "1"})
    evaluation = Evaluation.objects.get(enrolment__user=learner)
    assert evaluation.skipped and evaluation.average_rating is None


# --- enrolment is a choice ---------------------------------------------------------------------------

def test_start_enrols_leave_withdraws_and_starting_again_resumes(client, learner, course, lessons):
    client.force_login(learner)
    start_module(learner, course)
    client.get(lessons[0].url)
    client.post(f"/learning/lessons/{lessons[0].pk}/complete/")
    assert course.title in client.get("/my-learning/").content.decode()

    response = client.post(f"/learning/modules/{course.pk}/leave/")
    assert response["Location"] == "/my-learning/"
    page = client.get("/my-learning/").content.decode()
    assert f"You have left “{course.title}”" in page and "You have no modules in progress" in page
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.withdrawn_at is not None  # kept for reporting
    module_page = client.get(course.url).content.decode()
    assert "You left this module" in module_page and "Start this module" in module_page
    # Opening a lesson after leaving records nothing.
    client.get(lessons[1].url)
    assert not LessonProgress.objects.filter(lesson=lessons[1]).exists()

    client.post(f"/learning/modules/{course.pk}/start/")
    enrolment.refresh_from_db()
    assert enrolment.withdrawn_at is None
    assert "50% complete" in client.get(course.url).content.decode() or "33% complete" in client.get(
        course.url
    ).content.decode()


def test_a_completed_module_cannot_be_left(client, learner, course, lessons):
    from tests.courses.test_pages import complete

    complete(learner, course)
    client.force_login(learner)
    client.post(f"/learning/modules/{course.pk}/leave/")
    assert Enrolment.objects.get(user=learner).withdrawn_at is None


def test_anonymous_visitors_see_no_progress_tags(client, course, lessons):
    page = client.get(course.url).content.decode()
    assert "Not started" not in page and "In progress" not in page
    assert lessons[0].title in page


def test_staff_browsing_lessons_have_nothing_in_my_learning(client, make_user, course, lessons):
    staff = make_user(role="Partnership staff")
    client.force_login(staff)
    for lesson in lessons:
        client.get(lesson.url)
    assert not Enrolment.objects.exists()


# --- exit this page ---------------------------------------------------------------------------------

def test_a_sensitive_module_shows_exit_this_page_on_all_its_pages(client, learner, build_course):
    quiet = copy.deepcopy(PLACEHOLDER_COURSE["lessons"][1])  # a lesson with no content warning of its own
    course = build_course(lessons=[quiet])
    course.sensitive = True
    course.save_revision().publish()
    lessons = list(course.lessons())
    client.force_login(learner)
    assert "Exit this page" in client.get(course.url).content.decode()
    client.post(f"/learning/modules/{course.pk}/start/")
    assert "Exit this page" in client.get(f"/learning/modules/{course.pk}/evaluation/before/").content.decode()
    client.post(f"/learning/modules/{course.pk}/evaluation/before/", {"skip": "1"})
    for lesson in lessons:
        assert "Exit this page" in client.get(lesson.url).content.decode(), lesson.title


def test_an_ordinary_module_has_no_exit_button_where_nothing_is_sensitive(client, learner, build_course):
    course = build_course(lessons=[copy.deepcopy(PLACEHOLDER_COURSE["lessons"][1])])
    client.force_login(learner)
    assert "Exit this page" not in client.get(course.url).content.decode()
