"""Writes of the courses app: enrolling, progress through lessons, answers, assessments, evaluations, completion."""
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from certificates.signals import achievement_completed
from foundation.errors import ServiceError

from . import selectors
from .signals import refresher_started
from .models import (
    CoursePage,
    Enrolment,
    Evaluation,
    EvaluationStage,
    LessonPage,
    LessonProgress,
    ProgressStatus,
    Reflection,
)

# Time on a page beyond this is someone who walked away, not someone still reading.
LONGEST_SITTING = timedelta(hours=2)


class CourseError(ServiceError):
    """A learner asked for something the course rules do not allow; the message is shown to them."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class LessonNotFinished(CourseError):
    pass


class AssessmentClosed(CourseError):
    pass


class EvaluationNotDue(CourseError):
    pass


class EvaluationDue(CourseError):
    pass


class NotAvailable(CourseError):
    """The module or lesson is not published (or not open to this learner), so nothing about it can be recorded."""


class NotEnrolled(CourseError):
    pass


class LessonNotOpened(CourseError):
    pass


NOT_AVAILABLE = "This module is not available at the moment."


def _course_of(lesson: LessonPage) -> CoursePage:
    """The lesson's module, refused unless both are live: progress follows what learners can see."""
    course = CoursePage.objects.parent_of(lesson).get()
    if not (course.live and lesson.live):
        raise NotAvailable(NOT_AVAILABLE)
    return course


def _open_enrolment(*, user, course: CoursePage, lock: bool = True) -> Enrolment:
    """The learner's current enrolment, locked so their writes to it happen one at a time.

    Progress is never recorded without one: learners choose to start a module ("Start this module").
    """
    enrolments = Enrolment.objects.filter(user=user, course=course)
    enrolment = (enrolments.select_for_update() if lock else enrolments).first()
    if enrolment is None or enrolment.withdrawn_at is not None:
        raise NotEnrolled("Start this module to save your progress.")
    enrolment.course = course
    return enrolment


def _opened_progress(*, enrolment: Enrolment, lesson: LessonPage) -> LessonProgress:
    progress = LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).first()
    if progress is None or progress.opened_at is None:
        raise LessonNotOpened("Open the lesson and work through it first.")
    return progress


@transaction.atomic
def enrolment_start(*, user, course: CoursePage) -> Enrolment:
    """Enrol the learner on the module ("Start this module"). Starting again changes nothing; a learner who left
    the module comes back to where they were."""
    if not course.live:
        raise NotAvailable(NOT_AVAILABLE)
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is None:
        # The open-enrolment constraint turns a simultaneous second request into a read of the first's row.
        enrolment, _ = Enrolment.objects.get_or_create(user=user, course=course, completed_at=None)
    elif enrolment.withdrawn_at is not None:
        enrolment.withdrawn_at = None
        enrolment.save(update_fields=["withdrawn_at"])
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, user, course: CoursePage) -> Enrolment:
    """The learner leaves a module they have not completed. The record stays for reporting, marked withdrawn."""
    enrolment = Enrolment.objects.select_for_update().filter(user=user, course=course).first()
    if enrolment is None or enrolment.withdrawn_at is not None:
        raise NotEnrolled("You are not taking this module.")
    if enrolment.is_completed:
        raise CourseError("You have completed this module, so there is nothing to leave.")
    enrolment.withdrawn_at = timezone.now()
    enrolment.save(update_fields=["withdrawn_at"])
    return enrolment


@transaction.atomic
def enrolment_renew(*, user, course: CoursePage) -> Enrolment:
    """Start the refresher of a module whose certificate expires: a new enrolment, from the first lesson."""
    enrolment = enrolment_start(user=user, course=course)
    if not enrolment.is_completed:
        return enrolment
    if not course.validity_months:
        raise CourseError(
            "You have completed this module and its certificate does not expire, so there is no refresher."
        )
    enrolment, created = Enrolment.objects.get_or_create(user=user, course=course, completed_at=None)
    if created:
        # The refresher starts from the beginning: interactive activities too, not where they were left last time.
        lesson_ids = list(LessonPage.objects.child_of(course).values_list("pk", flat=True))
        refresher_started.send(sender=Enrolment, enrolment=enrolment, lesson_ids=lesson_ids)
    return enrolment


def lesson_open(*, user, lesson: LessonPage, course: CoursePage) -> Enrolment | None:
    """The lesson page is being served: record that the learner opened it, and remember where they are.

    Opening never enrols: someone who has not started the module (or left it) reads without a record,
    and None is returned. Before an enrolled learner enters their first lesson they are asked the
    module's confidence statements (EvaluationDue). Most page views are of the lesson the learner is
    already on, which was recorded as opened when they moved to it: those read one row and write nothing.
    """
    enrolment = selectors.current_enrolment(user=user, course=course)
    if enrolment is None or enrolment.withdrawn_at is not None:
        return None
    enrolment.course = course
    if enrolment.last_lesson_id == lesson.pk:
        return enrolment
    if selectors.needs_evaluation(enrolment=enrolment, stage=EvaluationStage.BEFORE):
        raise EvaluationDue("Before you start, tell us how confident you feel.")
    return _lesson_move(enrolment=enrolment, lesson=lesson)


@transaction.atomic
def _lesson_move(*, enrolment: Enrolment, lesson: LessonPage) -> Enrolment:
    now = timezone.now()
    progress, created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson, defaults={"status": ProgressStatus.IN_PROGRESS, "opened_at": now}
    )
    if not created and progress.opened_at is None:
        LessonProgress.objects.filter(pk=progress.pk, opened_at__isnull=True).update(opened_at=now)
    enrolment.last_lesson = lesson
    enrolment.save(update_fields=["last_lesson"])
    enrolment.__dict__.pop("_progress_by_lesson", None)  # read with the enrolment, before this lesson's was made
    return enrolment


def _add_time(progress: LessonProgress, opened_at: datetime | None) -> None:
    """Add the time since the page was served (a server-signed stamp), never more than the learner could have
    spent: one sitting is capped, and the total never passes the time since they first opened the lesson."""
    if opened_at is None or progress.opened_at is None:
        return
    now = timezone.now()
    sitting = now - max(opened_at, progress.opened_at)
    if timedelta(0) < sitting:
        progress.time_spent = min(progress.time_spent + min(sitting, LONGEST_SITTING), now - progress.opened_at)


@transaction.atomic
def lesson_complete(*, user, lesson: LessonPage, opened_at: datetime | None = None) -> LessonProgress:
    """ "Mark as complete and continue". Lessons with an H5P activity complete by scoring in it instead."""
    course = _course_of(lesson)
    enrolment = _open_enrolment(user=user, course=course)
    progress = _opened_progress(enrolment=enrolment, lesson=lesson)
    _add_time(progress, opened_at)
    if not progress.is_completed:
        if lesson.is_assessment and lesson.questions():
            raise LessonNotFinished("Submit your answers to the assessment to finish it.")
        if lesson.has_activity or lesson.is_assessment:
            raise LessonNotFinished(
                f"Finish the activity first: you need {course.pass_mark}% or more to go on. "
                "You can try it as many times as you like."
            )
        progress.status = ProgressStatus.COMPLETED
        progress.completed_at = timezone.now()
    progress.save()
    enrolment_check_completion(enrolment=enrolment)
    return progress


def _question_block(lesson: LessonPage, block_id: str):
    for block in lesson.questions():
        if block.id == block_id:
            return block
    raise CourseError("That question is no longer in this lesson. Reload the page to see the latest version.")


@transaction.atomic
def question_answer(*, user, lesson: LessonPage, block_id: str, answer: int) -> bool:
    """Record the learner's answer to a question in a lesson; returns whether it was right. Any answer is allowed."""
    block = _question_block(lesson, block_id)
    if not 0 <= answer < len(block.value["answers"]):
        raise CourseError("Choose one of the answers.")
    enrolment = _open_enrolment(user=user, course=_course_of(lesson))
    progress = _opened_progress(enrolment=enrolment, lesson=lesson)
    progress.answers = {**progress.answers, block_id: answer}
    progress.save(update_fields=["answers", "updated_at"])
    return bool(block.value["answers"][answer]["correct"])


@transaction.atomic
def reflection_save(*, user, lesson: LessonPage, block_id: str, text: str) -> Reflection:
    """Keep the learner's private reflection; an empty answer removes it."""
    if not any(block.id == block_id and block.block_type == "reflection" for block in lesson.body):
        raise CourseError(
            "That reflection prompt is no longer in this lesson. Reload the page to see the latest version."
        )
    enrolment = _open_enrolment(user=user, course=_course_of(lesson))
    _opened_progress(enrolment=enrolment, lesson=lesson)
    text = text.strip()
    if not text:
        Reflection.objects.filter(enrolment=enrolment, lesson=lesson, block_id=block_id).delete()
        return Reflection(enrolment=enrolment, lesson=lesson, block_id=block_id, text="")
    reflection, _ = Reflection.objects.update_or_create(
        enrolment=enrolment, lesson=lesson, block_id=block_id, defaults={"text": text}
    )
    return reflection


def assessment_score(*, lesson: LessonPage, answers: dict[str, int]) -> float:
    """Percentage of the assessment's questions answered correctly."""
    questions = lesson.questions()
    if not questions:
        return 0.0
    right = sum(1 for block in questions if answers.get(block.id) in block.block.correct_indexes(block.value))
    return right * 100 / len(questions)


@transaction.atomic
def assessment_submit(
    *, user, lesson: LessonPage, answers: dict[str, int], opened_at: datetime | None = None
) -> LessonProgress:
    """Mark an assessment against the module's pass mark. No time limit; no limit on attempts unless the module
    sets one."""
    if not lesson.is_assessment:
        raise CourseError("This lesson is not an assessment.")
    questions = lesson.questions()
    unanswered = [block for block in questions if block.id not in answers]
    if unanswered:
        raise CourseError("Answer every question before you submit. You can change your answers as often as you like.")
    course = _course_of(lesson)
    # The enrolment row is locked first, so simultaneous submissions are counted one after another.
    enrolment = _open_enrolment(user=user, course=course)
    progress = _opened_progress(enrolment=enrolment, lesson=lesson)
    to_finish = selectors.lessons_to_finish(enrolment=enrolment, course=course, before=lesson)
    if to_finish and not progress.is_completed:
        raise LessonNotFinished(_finish_first(to_finish))
    if course.assessment_attempts and progress.attempts >= course.assessment_attempts and not progress.is_completed:
        raise AssessmentClosed(
            "You have used all your attempts at this assessment. Contact the partnership team to talk about next steps."
        )
    score = assessment_score(lesson=lesson, answers=answers)
    progress.answers = {block.id: answers[block.id] for block in questions}
    _record_score(progress, score, course)
    _add_time(progress, opened_at)
    progress.save()
    enrolment_check_completion(enrolment=enrolment)
    return progress


def _finish_first(lessons: list[LessonPage]) -> str:
    if len(lessons) == 1:
        return f"Finish the lesson “{lessons[0].title}” before you take the assessment."
    return f"Finish the {len(lessons)} lessons you have not completed before you take the assessment."


def _record_score(progress: LessonProgress, percent: float, course: CoursePage) -> None:
    progress.attempts += 1
    progress.score = percent if progress.score is None else max(progress.score, percent)
    if percent >= course.pass_mark and not progress.is_completed:
        progress.status = ProgressStatus.COMPLETED
        progress.completed_at = timezone.now()
    elif not progress.is_completed:
        progress.status = ProgressStatus.IN_PROGRESS


@transaction.atomic
def lesson_activity_scored(
    *, user, lesson: LessonPage, activity_id: str, score: float, max_score: float
) -> LessonProgress:
    """An H5P activity in the lesson reported a score (called by the xAPI intake for root statements).

    Each activity keeps its best score; the lesson completes once every one of its activities has reached
    the module's pass mark. Scores count only for an enrolled learner who opened the lesson.
    """
    course = _course_of(lesson)
    enrolment = _open_enrolment(user=user, course=course)
    progress = _opened_progress(enrolment=enrolment, lesson=lesson)
    percent = max(0.0, min(100.0, score * 100 / max_score)) if max_score > 0 else 0.0
    was_completed = progress.is_completed
    best = {**progress.activity_scores}
    best[activity_id] = max(best.get(activity_id, 0.0), percent)
    progress.activity_scores = best
    required = lesson.activity_ids() | {activity_id}
    # The lesson stands at its weakest activity: an activity not yet tried counts as 0.
    lesson_percent = min(best.get(required_id, 0.0) for required_id in required)
    progress.attempts += 1
    progress.score = lesson_percent if progress.score is None else max(progress.score, lesson_percent)
    if not was_completed:
        if lesson_percent >= course.pass_mark:
            progress.status = ProgressStatus.COMPLETED
            progress.completed_at = timezone.now()
        else:
            progress.status = ProgressStatus.IN_PROGRESS
    progress.save()
    # Only a lesson that has just been completed can complete the module; most statements are retries.
    if progress.is_completed and not was_completed:
        enrolment_check_completion(enrolment=enrolment)
    return progress


@transaction.atomic
def enrolment_check_completion(*, enrolment: Enrolment) -> bool:
    """Complete the enrolment once every live lesson, the assessment included, is completed.

    Completion is recorded once, with its time, and announced to the certificates app. The
    enrolment passed in is updated too, so callers see the completion.
    """
    locked = Enrolment.objects.select_for_update().select_related("course", "user").get(pk=enrolment.pk)
    if locked.completed_at is None:
        lesson_ids = set(locked.course.lessons().values_list("pk", flat=True))
        done = set(
            locked.lesson_progress.filter(status=ProgressStatus.COMPLETED, lesson_id__in=lesson_ids).values_list(
                "lesson_id", flat=True
            )
        )
        if not lesson_ids or done != lesson_ids:
            return False
        locked.completed_at = timezone.now()
        locked.save(update_fields=["completed_at"])
        achievement_completed.send(sender=Enrolment, source=locked)
    enrolment.completed_at = locked.completed_at
    return True


@transaction.atomic
def evaluation_submit(*, user, course: CoursePage, stage: str, ratings: list[int] | None) -> Evaluation:
    """Store how confident the learner feels about each statement (1 to 5), or that they chose to skip.

    Each stage is answered once per enrolment; answering again, even at the same moment, keeps the first
    answers: the enrolment row is locked, so a second submission waits and then finds the first.
    """
    if stage not in EvaluationStage.values:
        raise CourseError("There is no such evaluation.")
    if not course.live:
        raise NotAvailable(NOT_AVAILABLE)
    enrolment = _open_enrolment(user=user, course=course)
    if stage == EvaluationStage.AFTER and enrolment.completed_at is None:
        raise EvaluationNotDue("You can tell us how confident you feel once you have completed the module.")
    existing = Evaluation.objects.filter(enrolment=enrolment, stage=stage).first()
    if existing is not None:
        return existing
    if ratings is None:
        return Evaluation.objects.create(enrolment=enrolment, stage=stage, skipped=True)
    statements = course.statements
    if len(ratings) != len(statements) or any(
        isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5 for rating in ratings
    ):
        raise CourseError("Choose a number from 1 to 5 for each statement.")
    responses = [{"statement": text, "rating": rating} for text, rating in zip(statements, ratings)]
    average = sum(ratings) / len(ratings) if ratings else None
    return Evaluation.objects.create(enrolment=enrolment, stage=stage, responses=responses, average_rating=average)
