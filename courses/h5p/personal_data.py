"""What the H5P app holds about a learner (the xAPI statements their activities sent), for export and erasure."""
from .models import XAPIStatement


def export(user) -> list[dict]:
    statements = XAPIStatement.objects.filter(user=user).select_related("lesson").order_by("received_at")
    return [
        {
            "lesson": statement.lesson.title,
            "verb": statement.verb.rsplit("/", 1)[-1],
            "score": statement.score_raw,
            "max_score": statement.score_max,
            "received_at": statement.received_at.isoformat(),
        }
        for statement in statements
    ]


def erase(user) -> None:
    # The lesson's progress keeps the outcome; the step-by-step record of what they did goes.
    XAPIStatement.objects.filter(user=user).delete()
