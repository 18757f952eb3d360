"""What the SCORM app holds about a learner (their attempts at SCOs), for their data download and erasure."""
from .models import ScormAttempt


def export(user) -> list[dict]:
    attempts = ScormAttempt.objects.filter(user=user).select_related("lesson", "sco__package").order_by("created_at")
    return [
        {
            "lesson": attempt.lesson.title,
            "package": attempt.sco.package.title,
            "part": attempt.sco.title,
            "attempt": attempt.number,
            "completion_status": attempt.completion_status,
            "success_status": attempt.success_status,
            "score": attempt.percent,
            "location": attempt.location,
            "suspend_data": attempt.suspend_data,
            "total_time_seconds": round(attempt.total_seconds),
            "started_at": attempt.created_at.isoformat(),
            "updated_at": attempt.updated_at.isoformat(),
        }
        for attempt in attempts
    ]


def erase(user) -> None:
    # The lesson's progress keeps the outcome; what the package stored about the learner goes.
    ScormAttempt.objects.filter(user=user).delete()
