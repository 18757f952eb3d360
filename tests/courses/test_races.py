"""Simultaneous submissions on PostgreSQL: attempts are counted one at a time and evaluations are kept once.

These need real concurrent transactions, so they run only on PostgreSQL: tests/courses/test_on_postgresql.py
runs this file against a throwaway server (on SQLite they are skipped).
"""
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from courses import services
from courses.models import Evaluation, LessonProgress
from tests.courses.conftest import open_lessons, start_module

pytestmark = pytest.mark.django_db(transaction=True)

PARALLEL = 20


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Run on PostgreSQL by tests/courses/test_on_postgresql.py")


def in_parallel(action, count: int = PARALLEL) -> list:
    """Run `action(i)` in `count` threads released together; each result or exception, in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = action(index)
        except Exception as error:  # kept and asserted on by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_wrong_submissions_with_two_attempts_allowed_grade_exactly_two(learner, build_course):
    course = build_course(slug="two-attempts")
    course.assessment_attempts = 2
    course.save_revision().publish()
    *content, assessment = list(course.lessons())
    start_module(learner, course)
    open_lessons(learner, course, [*content, assessment])
    for lesson in content:
        services.lesson_complete(user=learner, lesson=lesson)
    wrong = {block.id: max(block.block.correct_indexes(block.value)) ^ 1 for block in assessment.questions()}

    results = in_parallel(lambda _: services.assessment_submit(user=learner, lesson=assessment, answers=wrong))

    graded = [result for result in results if isinstance(result, LessonProgress)]
    closed = [result for result in results if isinstance(result, services.AssessmentClosed)]
    assert (len(graded), len(closed)) == (2, PARALLEL - 2), results
    assert LessonProgress.objects.get(lesson=assessment, enrolment__user=learner).attempts == 2


def test_twenty_simultaneous_evaluations_keep_the_first_and_answer_every_request(learner, course):
    services.enrolment_start(user=learner, course=course)

    def submit(index):
        client = Client()
        client.force_login(learner)
        rating = str(index % 5 + 1)
        return client.post(f"/learning/modules/{course.pk}/evaluation/before/", {"s1": rating, "s2": rating})

    responses = in_parallel(submit)

    assert all(not isinstance(response, Exception) for response in responses), responses
    assert {response.status_code for response in responses} == {302}
    evaluation = Evaluation.objects.get(enrolment__user=learner, stage="before")
    assert evaluation.responses[0]["rating"] == evaluation.responses[1]["rating"]
    assert evaluation.average_rating == evaluation.responses[0]["rating"]


def test_twenty_simultaneous_starts_make_one_enrolment(learner, course):
    results = in_parallel(lambda _: services.enrolment_start(user=learner, course=course))
    assert all(not isinstance(result, Exception) for result in results), results
    assert len({result.pk for result in results}) == 1
