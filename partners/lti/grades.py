"""Sending a learner's result for a module back to the partner's platform (LTI Assignment and Grade Services).

Our certificates stay ours: the platform receives the score and that the module is complete, nothing else.
"""
from django.db import transaction
from django.utils import timezone
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.grade import Grade
from pylti1p3.service_connector import ServiceConnector

from courses.models import Enrolment

from .launch import AGS_SCORE_SCOPE
from .models import GradeTarget
from .services import tool_key_ensure


def enrolment_score_percent(enrolment: Enrolment) -> float:
    """The module's result as a percentage: the mean of its scored lessons (assessment, activities), else 100."""
    scores = [score for score in enrolment.lesson_progress.values_list("score", flat=True) if score is not None]
    return round(sum(scores) / len(scores), 1) if scores else 100.0


def targets_for_enrolment(enrolment: Enrolment) -> list[int]:
    return list(GradeTarget.objects.filter(user_id=enrolment.user_id, course_id=enrolment.course_id)
                .values_list("pk", flat=True))


def grade_post(*, target_id: int, enrolment_id: int) -> bool:
    """Post the completed enrolment's score to the target's line item; False when there is nothing new to send.

    Safe to run twice: the enrolment sent last is recorded, and a second run sends nothing. A platform that
    does not answer raises (the task retries); the record is written only once the platform has accepted it.
    """
    target = GradeTarget.objects.select_related("registration").filter(pk=target_id).first()
    enrolment = Enrolment.objects.filter(pk=enrolment_id, completed_at__isnull=False).first()
    if target is None or enrolment is None or target.posted_enrolment_id == enrolment.pk:
        return False
    if (enrolment.user_id, enrolment.course_id) != (target.user_id, target.course_id):
        return False
    tool_key_ensure()
    registration = target.registration.to_registration()
    service = AssignmentsGradesService(ServiceConnector(registration),
                                       {"scope": [AGS_SCORE_SCOPE], "lineitem": target.lineitem_url})
    grade = (Grade().set_score_given(enrolment_score_percent(enrolment)).set_score_maximum(100)
             .set_activity_progress("Completed").set_grading_progress("FullyGraded")
             .set_timestamp(enrolment.completed_at.isoformat()).set_user_id(target.sub))
    service.put_grade(grade)
    with transaction.atomic():
        GradeTarget.objects.filter(pk=target.pk).update(posted_enrolment_id=enrolment.pk, posted_at=timezone.now(),
                                                        last_error="")
    return True
