"""What learners and visitors see on the catalogue, module, lesson, assessment, evaluation and My learning pages."""
import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import Enrolment, Evaluation, LessonProgress, Reflection
from tests.courses.conftest import PLACEHOLDER_COURSE, open_lessons, start_module


def evaluate_before(user, course):
    """The learner chose "Start this module" and answered the confidence statements."""
    services.enrolment_start(user=user, course=course)
    services.evaluation_submit(user=user, course=course, stage="before", ratings=[3, 3])


# --- visitors ------------------------------------------------------------------------------------

def test_visitors_can_read_the_catalogue_and_module_but_must_sign_in_to_start(client, course, lessons):
    assert course.title in client.get("/modules/").content.decode()
    page = client.get(course.url).content.decode()
    assert "Sign in to start" in page
    assert "Demo content: needs sign-off by a qualified trainer or clinician" in page
    response = client.get(lessons[0].url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    response = client.post(f"/learning/modules/{course.pk}/start/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert client.get("/my-learning/")["Location"].startswith("/account/login/")
    assert not Enrolment.objects.exists()


def test_catalogue_filters_by_level_and_audience(client, build_course):
    build_course()
    build_course(slug="skilled-one", title="Skilled module", level="skilled", audience="Youth workers")
    everything = client.get("/modules/").content.decode()
    assert "Placeholder module" in everything and "Skilled module" in everything
    skilled = client.get("/modules/", {"level": "skilled"}).content.decode()
    assert "Skilled module" in skilled and "Placeholder module" not in skilled
    youth = client.get("/modules/", {"audience": "Test audience"}).content.decode()
    assert "Placeholder module" in youth and "Skilled module" not in youth


# --- learners ------------------------------------------------------------------------------------

def test_start_asks_the_evaluation_first_then_opens_the_first_lesson(client, learner, course, lessons):
    client.force_login(learner)
    response = client.post(f"/learning/modules/{course.pk}/start/")
    assert response["Location"] == f"/learning/modules/{course.pk}/evaluation/before/"
    page = client.get(response["Location"]).content.decode()
    assert "I can recognise signs of trauma" in page
    response = client.post(response["Location"], {"s1": "2", "s2": "4"})
    assert response["Location"] == lessons[0].url
    assert Evaluation.objects.get().responses[1] == {"statement": "I know where to get support", "rating": 4}


def test_evaluation_tells_the_learner_what_is_missing(client, learner, course):
    client.force_login(learner)
    response = client.post(f"/learning/modules/{course.pk}/evaluation/before/", {"s1": "2"})
    assert response.status_code == 200
    assert "Choose a number from 1 to 5 for “I know where to get support”" in response.content.decode()


def test_opening_a_lesson_never_enrols_and_offers_to_start(client, learner, course, lessons):
    client.force_login(learner)
    page = client.get(lessons[1].url).content.decode()
    assert "Looking after yourself matters." in page and "Start this module" in page
    assert "Mark as complete" not in page
    assert not Enrolment.objects.exists()
    assert "You have no modules in progress" in client.get("/my-learning/").content.decode()


def test_an_enrolled_learner_opening_the_first_lesson_is_asked_the_evaluation(client, learner, course, lessons):
    client.force_login(learner)
    services.enrolment_start(user=learner, course=course)
    response = client.get(lessons[0].url)
    assert response["Location"] == f"/learning/modules/{course.pk}/evaluation/before/"


def test_content_warning_comes_first_with_a_way_out(client, learner, course, lessons):
    client.force_login(learner)
    evaluate_before(learner, course)
    page = client.get(lessons[0].url).content.decode()
    assert "Content warning: This lesson mentions violence." in page
    assert "Exit this page" in page and "Continue to the lesson" in page and "Leave this lesson" in page
    assert "Trauma is the lasting effect" not in page
    page = client.get(lessons[0].url + "?continue=1").content.decode()
    assert "Trauma is the lasting effect" in page and "Exit this page" in page


def test_questions_give_feedback_on_the_chosen_answer(client, learner, course, lessons):
    client.force_login(learner)
    evaluate_before(learner, course)
    block_id = lessons[0].questions()[0].id
    client.get(lessons[0].url)
    response = client.post(f"/learning/lessons/{lessons[0].pk}/questions/{block_id}/", {"answer": "1"})
    page = client.get(response["Location"]).content.decode()
    assert "Not quite: stress can take choice away." in page
    assert "Yes: behaviour often makes sense as survival." not in page


def test_reflections_are_private_to_the_learner(client, make_user, course, lessons):
    author, other = make_user(), make_user()
    block_id = next(block.id for block in lessons[0].body if block.block_type == "reflection")
    client.force_login(author)
    evaluate_before(author, course)
    client.get(lessons[0].url)
    client.post(f"/learning/lessons/{lessons[0].pk}/reflections/{block_id}/", {"text": "My private thought"})
    assert "My private thought" in client.get(lessons[0].url + "?continue=1").content.decode()
    client.force_login(other)
    evaluate_before(other, course)
    assert "My private thought" not in client.get(lessons[0].url + "?continue=1").content.decode()
    assert Reflection.objects.get().enrolment.user == author


def test_progress_is_the_learners_own(client, make_user, course, lessons):
    leader, other = make_user(), make_user()
    evaluate_before(leader, course)
    open_lessons(leader, course, lessons)
    for lesson in lessons[:-1]:
        services.lesson_complete(user=leader, lesson=lesson)
    client.force_login(other)
    page = client.get(course.url).content.decode()
    assert "Start this module" in page and "% complete" not in page
    client.force_login(leader)
    assert "67% complete" in client.get(course.url).content.decode()


def test_mark_as_complete_moves_on_and_resume_returns_to_the_right_lesson(client, learner, course, lessons):
    client.force_login(learner)
    evaluate_before(learner, course)
    client.get(lessons[0].url)
    response = client.post(f"/learning/lessons/{lessons[0].pk}/complete/", {"opened_at": "2026-01-01T10:00:00Z"})
    assert response["Location"] == lessons[1].url
    client.get(lessons[1].url)
    page = client.get(course.url).content.decode()
    assert "33% complete" in page and "Continue where you left off" in page
    assert f'href="{lessons[1].url}" role="button"' in page


def test_failing_then_passing_the_assessment_completes_the_module(client, learner, course, lessons):
    client.force_login(learner)
    evaluate_before(learner, course)
    for lesson in lessons[:-1]:
        client.get(lesson.url)
        client.post(f"/learning/lessons/{lesson.pk}/complete/")
    assessment = lessons[-1]
    client.get(assessment.url)
    first, second = (block.id for block in assessment.questions())
    response = client.post(assessment.url, {f"q-{first}": "1"})
    assert "Choose an answer to question 2." in response.content.decode()
    response = client.post(assessment.url, {f"q-{first}": "1", f"q-{second}": "0"})
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "You scored 0%" in page and "Try again" in page
    assert "Not quite: stress can take choice away." in page
    response = client.post(assessment.url, {f"q-{first}": "0", f"q-{second}": "1"})
    page = client.get(assessment.url).content.decode()
    assert "You passed" in page and "You scored 100%" in page and "Tell us how confident you feel now" in page
    assert Enrolment.objects.get(user=learner).completed_at is not None
    learning = client.get("/my-learning/").content.decode()
    assert "Completed" in learning and "100% complete" in learning
    response = client.post(f"/learning/modules/{course.pk}/evaluation/after/", {"s1": "5", "s2": "5"})
    assert response["Location"] == "/my-learning/"
    assert "Tell us how confident you feel now" not in client.get("/my-learning/").content.decode()


def test_my_learning_lists_modules_in_progress_with_their_progress(client, learner, course, lessons):
    client.force_login(learner)
    evaluate_before(learner, course)
    open_lessons(learner, course, lessons[:1])
    services.lesson_complete(user=learner, lesson=lessons[0])
    page = client.get("/my-learning/").content.decode()
    assert "In progress" in page and course.title in page and "33% complete" in page
    assert "You have not completed any modules yet." in page


def test_after_evaluation_is_only_offered_once_completed(client, learner, course):
    client.force_login(learner)
    response = client.post(f"/learning/modules/{course.pk}/evaluation/after/", {"s1": "5", "s2": "5"})
    assert response["Location"] == course.url
    assert not Evaluation.objects.exists()


# --- query counts --------------------------------------------------------------------------------

def course_with_lessons(build_course, slug: str, count: int):
    lessons = [dict(copy.deepcopy(PLACEHOLDER_COURSE["lessons"][0]), slug=f"lesson-{i}", title=f"Lesson {i}")
               for i in range(count)]
    return build_course(slug=slug, title=f"Module {slug}", lessons=lessons)


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["course", "lesson", "assessment", "my_learning", "catalogue"])
def test_query_counts_do_not_grow_with_lessons(client, learner, build_course, page, django_assert_max_num_queries):
    client.force_login(learner)
    counts = []
    for slug, size in (("small", 2), ("large", 8)):
        course = course_with_lessons(build_course, slug, size)
        lessons = list(course.lessons())
        evaluate_before(learner, course)
        open_lessons(learner, course, lessons)
        for lesson in lessons[:-1]:
            services.lesson_complete(user=learner, lesson=lesson)
        url = {
            "course": course.url,
            "lesson": lessons[1].url + "?continue=1",
            "assessment": lessons[-1].url,
            "my_learning": "/my-learning/",
            "catalogue": "/modules/",
        }[page]
        client.get(url)  # the first visit records where the learner is
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]
    # The session, the user, their permissions, the page tree version, then the learner's enrolment with their
    # progress in one query (and, on a lesson with a reflection prompt, their reflections); routing, view
    # restrictions and outlines come from the cache (courses.page_cache).
    # My learning also reads certificates (two) and the learner's own confidence averages.
    limits = {"course": 5, "lesson": 6, "assessment": 5, "my_learning": 8, "catalogue": 5}
    with django_assert_max_num_queries(limits[page]):
        client.get(url)


def test_learner_progress_is_recorded_per_lesson(learner, course, lessons):
    evaluate_before(learner, course)
    services.lesson_open(user=learner, lesson=lessons[0], course=course)
    assert LessonProgress.objects.filter(enrolment__user=learner).count() == 1


# --- refreshers and expiring certificates ------------------------------------------------------------

def complete(user, course):
    lessons = list(course.lessons())
    start_module(user, course)
    open_lessons(user, course, lessons)
    for lesson in lessons[:-1]:
        services.lesson_complete(user=user, lesson=lesson)
    right = {block.id: min(block.block.correct_indexes(block.value)) for block in lessons[-1].questions()}
    services.assessment_submit(user=user, lesson=lessons[-1], answers=right)
    return Enrolment.objects.filter(user=user, course=course).first()


def test_a_module_with_expiring_certificates_offers_a_refresher(client, learner, build_course):
    course = build_course(validity_months=12)
    first = complete(learner, course)
    client.force_login(learner)
    assert "Take the refresher" in client.get(course.url).content.decode()
    response = client.post(f"/learning/modules/{course.pk}/refresher/")
    assert response.status_code == 302
    current = Enrolment.objects.filter(user=learner, course=course).first()
    assert current != first and current.completed_at is None
    page = client.get("/my-learning/").content.decode()
    assert page.count(course.title) >= 2 and "0% complete" in page and "100% complete" in page
    # Starting the refresher twice still gives one open enrolment.
    client.post(f"/learning/modules/{course.pk}/refresher/")
    assert Enrolment.objects.filter(user=learner, course=course, completed_at=None).count() == 1


def test_no_refresher_for_a_module_that_never_expires(client, learner, course):
    complete(learner, course)
    client.force_login(learner)
    assert "Take the refresher" not in client.get(course.url).content.decode()
    client.post(f"/learning/modules/{course.pk}/refresher/")
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_my_learning_warns_of_certificates_expiring_within_60_days(client, make_user, build_course):
    from datetime import timedelta

    from django.utils import timezone

    from certificates.services import certificate_issue

    learner, other = make_user(), make_user()
    soon, later = build_course(slug="soon", title="Expires soon", validity_months=12), build_course(
        slug="later", title="Expires later", validity_months=12
    )
    for course, days in ((soon, 30), (later, 90)):
        certificate = certificate_issue(source=complete(learner, course))
        certificate.valid_until = timezone.localdate() + timedelta(days=days)
        certificate.save()
    client.force_login(learner)
    page = client.get("/my-learning/").content.decode()
    banner = page.split('id="expiring-title"')[1].split("</section>")[0].split("</div>\n      </div>")[0]
    assert "Expiring soon" in page and "Expires soon" in banner and "Expires later" not in banner
    assert f'href="{soon.url}">Take the refresher' in banner
    client.force_login(other)
    assert "Expiring soon" not in client.get("/my-learning/").content.decode()


def test_previewing_a_lesson_in_the_editor_enrols_nobody(lessons):
    response = lessons[0].make_preview_request()
    assert response.status_code == 200
    assert "Trauma is the lasting effect" in response.content.decode() or "Content warning" in response.content.decode()
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize("action", ["complete", "question", "reflection", "evaluation", "refresher"])
def test_visitors_are_sent_to_sign_in_for_every_learner_action(client, course, lessons, action):
    block_id = lessons[0].questions()[0].id
    url = {
        "complete": f"/learning/lessons/{lessons[0].pk}/complete/",
        "question": f"/learning/lessons/{lessons[0].pk}/questions/{block_id}/",
        "reflection": f"/learning/lessons/{lessons[0].pk}/reflections/{block_id}/",
        "evaluation": f"/learning/modules/{course.pk}/evaluation/before/",
        "refresher": f"/learning/modules/{course.pk}/refresher/",
    }[action]
    response = client.post(url, {"answer": "0", "text": "x", "s1": "1", "s2": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(
    "role", ["Learner", "Teacher", "Instructor", "Organisation lead", "Partnership staff", "Editor"]
)
def test_anyone_signed_in_can_take_a_module_and_sees_only_their_own_record(client, make_user, course, lessons, role):
    someone, other = make_user(role=role), make_user()
    complete(other, course)
    client.force_login(someone)
    assert "Start this module" in client.get(course.url).content.decode()
    assert "You have no modules in progress" in client.get("/my-learning/").content.decode()
    client.post(f"/learning/modules/{course.pk}/start/")
    assert Enrolment.objects.filter(user=someone, course=course).exists()


def test_mark_as_complete_goes_to_the_next_lesson_even_after_skipping_ahead(client, learner, build_course):
    lessons = [dict(copy.deepcopy(PLACEHOLDER_COURSE["lessons"][1]), slug=f"lesson-{i}", title=f"Lesson {i}")
               for i in range(3)]
    course = build_course(lessons=lessons)
    lessons = list(course.lessons())
    client.force_login(learner)
    evaluate_before(learner, course)
    for lesson in lessons:
        client.get(lesson.url)
    response = client.post(f"/learning/lessons/{lessons[1].pk}/complete/")
    assert response["Location"] == lessons[2].url
    response = client.post(f"/learning/lessons/{lessons[2].pk}/complete/")
    assert response["Location"] == lessons[3].url  # the assessment


def test_unknown_or_unpublished_lessons_are_not_found(client, learner, course, lessons):
    client.force_login(learner)
    assert client.get(course.url + "no-such-lesson/").status_code == 404
    url = lessons[0].url
    lessons[0].unpublish()
    assert client.get(url).status_code == 404


def test_my_learning_continues_at_the_last_lesson_until_it_is_unpublished(client, learner, course, lessons):
    client.force_login(learner)
    evaluate_before(learner, course)
    services.lesson_open(user=learner, lesson=lessons[0], course=course)
    services.lesson_complete(user=learner, lesson=lessons[0])
    services.lesson_open(user=learner, lesson=lessons[1], course=course)
    page = client.get("/my-learning/").content.decode()
    assert f'href="{lessons[1].url}">Continue' in page and "33% complete" in page
    lessons[1].unpublish()
    page = client.get("/my-learning/").content.decode()
    assert f'href="{course.url}">Continue' in page and "50% complete" in page
