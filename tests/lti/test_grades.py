"""Grades to the real test platform (its token endpoint checks our signed assertion against our JWKS on the live
server): sent once when the module completes, never twice, and retried while the platform is down."""
import subprocess
import sys

import pytest
from celery.exceptions import Retry

from courses import services as course_services
from courses.models import Enrolment
from partners.lti import grades
from partners.lti.models import GradeTarget
from partners.lti.tasks import post_grade
from tests.courses.conftest import PLACEHOLDER_COURSE, build_course, site, start_module  # noqa: F401 - fixtures

from throwaway.servers import wait_for_port

from .conftest import CLIENT_ID, DEPLOYMENT_ID, SERVER, RunningPlatform

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def platform(live_server, db):
    from accounts.models import Organisation
    from partners.lti import services

    running = RunningPlatform(live_server.url)
    organisation = Organisation.objects.create(name="Swindon Council", sector="local_authority")
    services.platform_save(organisation=organisation, name="Council Totara", **running.details())
    yield running
    running.stop()


@pytest.fixture
def target(platform, learner, build_course):  # noqa: F811
    from lti_tool.models import LtiRegistration

    course = build_course()
    return GradeTarget.objects.create(registration=LtiRegistration.objects.get(client_id=CLIENT_ID), user=learner,
                                      course=course, sub="totara-9", lineitem_url=platform.base + "/lineitems/l9")


def complete(user, course) -> Enrolment:
    """Every lesson done and the assessment passed, through the courses app's own services."""
    start_module(user, course)
    enrolment = Enrolment.objects.get(user=user, course=course)
    for lesson in course.lessons():
        course_services.lesson_open(user=user, lesson=lesson, course=course)
        if lesson.is_assessment:
            right = {block.id: min(block.block.correct_indexes(block.value)) for block in lesson.questions()}
            course_services.assessment_submit(user=user, lesson=lesson, answers=right)
        else:
            course_services.lesson_complete(user=user, lesson=lesson)
    enrolment.refresh_from_db()
    return enrolment


def test_completing_the_module_posts_the_grade_once(platform, target, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = complete(target.user, target.course)
    assert enrolment.completed_at is not None
    scores = platform.received()["scores"]
    assert len(scores) == 1
    assert scores[0]["userId"] == "totara-9" and scores[0]["lineitem"] == "/lineitems/l9"
    assert scores[0]["activityProgress"] == "Completed" and scores[0]["gradingProgress"] == "FullyGraded"
    assert 0 <= scores[0]["scoreGiven"] <= 100
    # Running the task again (a retry, a duplicate message) sends nothing more.
    assert post_grade.apply(args=[target.pk, enrolment.pk]).get() is False
    assert len(platform.received()["scores"]) == 1
    target.refresh_from_db()
    assert target.posted_enrolment_id == enrolment.pk


def test_an_unfinished_module_sends_nothing(platform, target):
    enrolment = course_services.enrolment_start(user=target.user, course=target.course)
    assert grades.grade_post(target_id=target.pk, enrolment_id=enrolment.pk) is False
    assert platform.received()["scores"] == []


def test_a_platform_that_is_down_gets_the_grade_when_it_is_back(platform, target):
    port = platform.port
    platform.stop()
    # The learner finishes while the platform is down: they see their result as usual.
    enrolment = complete(target.user, target.course)
    assert enrolment.completed_at is not None
    target.refresh_from_db()
    assert target.posted_at is None and "127.0.0.1" in target.last_error
    # The task asks Celery to run it again later (with backoff), rather than failing.
    with pytest.raises(Retry):
        post_grade.apply(args=[target.pk, enrolment.pk])

    # Back on the same address (a restart: a new key of its own, which the tool reads from its JWKS again).
    back = RunningPlatform.__new__(RunningPlatform)
    back.port, back.base = port, platform.base
    back.process = subprocess.Popen([sys.executable, str(SERVER), str(port), platform.tool_base, CLIENT_ID,
                                     DEPLOYMENT_ID])
    wait_for_port(port)
    try:
        assert post_grade.apply(args=[target.pk, enrolment.pk]).get() is True
        assert post_grade.apply(args=[target.pk, enrolment.pk]).get() is False
        assert len(back.received()["scores"]) == 1
        target.refresh_from_db()
        assert target.posted_at is not None and target.last_error == ""
    finally:
        back.stop()
