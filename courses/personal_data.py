"""What the courses app holds about a learner, for their data download, and what it forgets when they leave."""
from django.db.models import Prefetch

from .models import Enrolment, LessonProgress, Reflection


def export(user) -> list[dict]:
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("course")
        .prefetch_related(
            # Lessons in the order the module teaches them (the page tree's path), on every database.
            Prefetch("lesson_progress", queryset=LessonProgress.objects.select_related("lesson").order_by("lesson__path")),
            "reflections__lesson",
            "evaluations",
        )
    )
    return [
        {
            "module": enrolment.course.title,
            "started_at": enrolment.started_at.isoformat(),
            "completed_at": enrolment.completed_at.isoformat() if enrolment.completed_at else None,
            "lessons": [
                {
                    "lesson": progress.lesson.title,
                    "status": progress.get_status_display(),
                    "score": progress.score,
                    "attempts": progress.attempts,
                    "time_spent_seconds": int(progress.time_spent.total_seconds()),
                }
                for progress in enrolment.lesson_progress.all()
            ],
            "reflections": [
                {"lesson": reflection.lesson.title, "text": reflection.text}
                for reflection in enrolment.reflections.all()
            ],
            "evaluations": [
                {"stage": evaluation.stage, "skipped": evaluation.skipped, "responses": evaluation.responses}
                for evaluation in enrolment.evaluations.all()
            ],
        }
        for enrolment in enrolments
    ]


def erase(user) -> None:
    # Reflections are the learner's own words; completions stay so partnership figures do not change.
    Reflection.objects.filter(enrolment__user=user).delete()
