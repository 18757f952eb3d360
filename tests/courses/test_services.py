"""Enrolment, progress, answers, assessments, completion and evaluation, as the services record them."""
from datetime import timedelta

import pytest
from django.utils import timezone

from certificates.signals import achievement_completed
from courses import services
from courses.models import Enrolment, Evaluation, LessonProgress, ProgressStatus, Reflection

from .conftest import open_lessons, start_module


@pytest.fixture
def completions():
    sent = []

    def receiver(sender, source, **kwargs):
        sent.append(source)

    achievement_completed.connect(receiver, dispatch_uid="test-completions")
    yield sent
    achievement_completed.disconnect(dispatch_uid="test-completions")


def question_ids(lesson):
    return [block.id for block in lesson.questions()]


def pass_assessment(learner, assessment):
    right = {block.id: min(block.block.correct_indexes(block.value)) for block in assessment.questions()}
    return services.assessment_submit(user=learner, lesson=assessment, answers=right)


def test_starting_twice_enrols_once(learner, course):
    first = services.enrolment_start(user=learner, course=course)
    assert services.enrolment_start(user=learner, course=course) == first
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_opening_a_lesson_never_enrols(learner, course, lessons):
    assert services.lesson_open(user=learner, lesson=lessons[1], course=course) is None
    assert not Enrolment.objects.exists()


def test_an_enrolled_learner_opening_a_lesson_is_asked_the_evaluation_first(learner, course, lessons):
    services.enrolment_start(user=learner, course=course)
    with pytest.raises(services.EvaluationDue):
        services.lesson_open(user=learner, lesson=lessons[1], course=course)
    assert Enrolment.objects.get(user=learner).last_lesson is None
    services.evaluation_submit(user=learner, course=course, stage="before", ratings=None)
    enrolment = services.lesson_open(user=learner, lesson=lessons[1], course=course)
    assert enrolment.last_lesson_id == lessons[1].pk
    progress = LessonProgress.objects.get(enrolment=enrolment, lesson=lessons[1])
    assert progress.status == ProgressStatus.IN_PROGRESS and progress.opened_at is not None


def test_marking_a_lesson_complete_records_time_spent_but_caps_a_long_absence(taking, learner, course, lessons):
    # The learner first opened the lesson three days ago, and came back to it seven minutes ago.
    LessonProgress.objects.filter(lesson=lessons[0]).update(opened_at=timezone.now() - timedelta(days=3))
    opened = timezone.now() - timedelta(minutes=7)
    progress = services.lesson_complete(user=learner, lesson=lessons[0], opened_at=opened)
    assert progress.status == ProgressStatus.COMPLETED and progress.completed_at is not None
    assert timedelta(minutes=7) <= progress.time_spent < timedelta(minutes=8)
    progress = services.lesson_complete(user=learner, lesson=lessons[0], opened_at=timezone.now() - timedelta(days=3))
    assert progress.time_spent < timedelta(hours=2, minutes=8)


def test_the_assessment_is_not_completed_by_the_button(taking, learner, course, lessons):
    with pytest.raises(services.LessonNotFinished):
        services.lesson_complete(user=learner, lesson=lessons[-1])


def test_questions_in_a_lesson_accept_any_answer_and_say_if_it_was_right(taking, learner, course, lessons):
    block_id = question_ids(lessons[0])[0]
    assert services.question_answer(user=learner, lesson=lessons[0], block_id=block_id, answer=1) is False
    assert services.question_answer(user=learner, lesson=lessons[0], block_id=block_id, answer=0) is True
    assert LessonProgress.objects.get(lesson=lessons[0]).answers == {block_id: 0}
    with pytest.raises(services.CourseError):
        services.question_answer(user=learner, lesson=lessons[0], block_id=block_id, answer=7)
    with pytest.raises(services.CourseError):
        services.question_answer(user=learner, lesson=lessons[0], block_id="not-a-question", answer=0)


def test_reflections_are_saved_updated_and_removed_when_emptied(taking, learner, course, lessons):
    block_id = next(block.id for block in lessons[0].body if block.block_type == "reflection")
    services.reflection_save(user=learner, lesson=lessons[0], block_id=block_id, text="First thoughts")
    services.reflection_save(user=learner, lesson=lessons[0], block_id=block_id, text="  Second thoughts ")
    assert Reflection.objects.get().text == "Second thoughts"
    services.reflection_save(user=learner, lesson=lessons[0], block_id=block_id, text="")
    assert not Reflection.objects.exists()


def test_assessment_is_scored_against_the_pass_mark_with_unlimited_attempts(taking, learner, course, lessons):
    assessment = lessons[-1]
    for lesson in lessons[:-1]:
        services.lesson_complete(user=learner, lesson=lesson)
    first, second = question_ids(assessment)
    # Question one: answer 0 is right; question two: answer 1 is right. Pass mark 50%.
    progress = services.assessment_submit(user=learner, lesson=assessment, answers={first: 1, second: 0})
    assert (progress.status, progress.score, progress.attempts) == (ProgressStatus.IN_PROGRESS, 0, 1)
    for _ in range(3):
        progress = services.assessment_submit(user=learner, lesson=assessment, answers={first: 1, second: 0})
    progress = services.assessment_submit(user=learner, lesson=assessment, answers={first: 0, second: 0})
    assert (progress.status, progress.score, progress.attempts) == (ProgressStatus.COMPLETED, 50, 5)


def test_assessment_needs_every_question_answered(taking, learner, course, lessons):
    first, _ = question_ids(lessons[-1])
    with pytest.raises(services.CourseError, match="Answer every question"):
        services.assessment_submit(user=learner, lesson=lessons[-1], answers={first: 0})


def test_a_module_can_limit_attempts(learner, build_course):
    course = build_course(slug="limited")
    course.assessment_attempts = 1
    course.save()
    *content, assessment = list(course.lessons())
    start_module(learner, course)
    open_lessons(learner, course, [*content, assessment])
    for lesson in content:
        services.lesson_complete(user=learner, lesson=lesson)
    first, second = question_ids(assessment)
    services.assessment_submit(user=learner, lesson=assessment, answers={first: 1, second: 0})
    with pytest.raises(services.AssessmentClosed):
        services.assessment_submit(user=learner, lesson=assessment, answers={first: 0, second: 1})


def test_h5p_scores_complete_a_lesson_at_the_pass_mark(taking, learner, course, lessons):
    progress = services.lesson_activity_scored(user=learner, lesson=lessons[1], activity_id="b1", score=1, max_score=4)
    assert (progress.status, progress.score, progress.attempts) == (ProgressStatus.IN_PROGRESS, 25, 1)
    progress = services.lesson_activity_scored(user=learner, lesson=lessons[1], activity_id="b1", score=2, max_score=4)
    assert (progress.status, progress.score, progress.attempts) == (ProgressStatus.COMPLETED, 50, 2)
    # A later lower score never undoes a pass.
    progress = services.lesson_activity_scored(user=learner, lesson=lessons[1], activity_id="b1", score=0, max_score=4)
    assert (progress.status, progress.score) == (ProgressStatus.COMPLETED, 50)


def test_completion_needs_every_lesson_and_the_assessment_and_is_announced_once(
    taking, learner, course, lessons, completions
):
    *content, assessment = lessons
    services.lesson_complete(user=learner, lesson=content[0])
    with pytest.raises(services.LessonNotFinished, match="Finish the lesson “Second lesson”"):
        pass_assessment(learner, assessment)
    services.lesson_complete(user=learner, lesson=content[1])
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is None and completions == []
    pass_assessment(learner, assessment)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert completions == [enrolment]
    details = enrolment.certificate_details()
    assert (details.achievement, details.recipient, details.cpd_hours, details.validity_months) == (
        course, learner, 1.5, None
    )
    services.lesson_complete(user=learner, lesson=content[1])
    pass_assessment(learner, assessment)
    assert len(completions) == 1


def test_evaluation_before_and_after(learner, course, lessons):
    services.enrolment_start(user=learner, course=course)
    evaluation = services.evaluation_submit(user=learner, course=course, stage="before", ratings=[2, 3])
    assert evaluation.responses == [
        {"statement": "I can recognise signs of trauma", "rating": 2},
        {"statement": "I know where to get support", "rating": 3},
    ]
    # Answering again keeps the first answers.
    assert services.evaluation_submit(user=learner, course=course, stage="before", ratings=[5, 5]) == evaluation
    assert evaluation.average_rating == 2.5
    with pytest.raises(services.EvaluationNotDue):
        services.evaluation_submit(user=learner, course=course, stage="after", ratings=[4, 4])
    open_lessons(learner, course, lessons)
    for lesson in lessons[:-1]:
        services.lesson_complete(user=learner, lesson=lesson)
    pass_assessment(learner, lessons[-1])
    with pytest.raises(services.CourseError):
        services.evaluation_submit(user=learner, course=course, stage="after", ratings=[4, 9])
    services.evaluation_submit(user=learner, course=course, stage="after", ratings=[4, 5])
    assert Evaluation.objects.filter(enrolment__user=learner).count() == 2


def test_evaluation_can_be_skipped_and_the_skip_is_recorded(learner, course):
    services.enrolment_start(user=learner, course=course)
    evaluation = services.evaluation_submit(user=learner, course=course, stage="before", ratings=None)
    assert Evaluation.objects.get(pk=evaluation.pk).skipped and evaluation.responses == []
    assert evaluation.average_rating is None


def test_a_lesson_with_an_h5p_activity_is_completed_by_scoring_not_by_the_button(learner, build_course):
    from tests.courses.conftest import PLACEHOLDER_COURSE

    activity = {"title": "Sort the responses", "instructions": "Choose the best answer."}
    lessons = [dict(PLACEHOLDER_COURSE["lessons"][1], blocks=[("h5p", activity)])]
    course = build_course(slug="with-activity", lessons=lessons)
    lesson = course.lessons().first().specific
    assert lesson.has_activity
    start_module(learner, course)
    open_lessons(learner, course, [lesson])
    with pytest.raises(services.LessonNotFinished, match="you need 50% or more"):
        services.lesson_complete(user=learner, lesson=lesson)
    activity_id = next(iter(lesson.activity_ids()))
    services.lesson_activity_scored(user=learner, lesson=lesson, activity_id=activity_id, score=3, max_score=5)
    assert services.lesson_complete(user=learner, lesson=lesson).status == ProgressStatus.COMPLETED


def test_personal_data_export_and_erasure(taking, learner, course, lessons):
    from accounts import personal_data

    block_id = next(block.id for block in lessons[0].body if block.block_type == "reflection")
    services.reflection_save(user=learner, lesson=lessons[0], block_id=block_id, text="Private words")
    services.lesson_complete(user=learner, lesson=lessons[0])
    exported = personal_data.exporters()["modules"](learner)
    assert exported[0]["module"] == course.title
    assert exported[0]["reflections"] == [{"lesson": lessons[0].title, "text": "Private words"}]
    assert exported[0]["lessons"][0]["status"] == "Completed"
    for eraser in personal_data.erasers():
        eraser(learner)
    assert not Reflection.objects.exists()
    assert LessonProgress.objects.filter(enrolment__user=learner, status=ProgressStatus.COMPLETED).exists()
