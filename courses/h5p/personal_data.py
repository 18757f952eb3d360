"""What the H5P app holds about a learner (xAPI statements and saved answers), for export and erasure."""
from .models import H5PState, XAPIStatement


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


def export_states(user) -> list[dict]:
    """The answers saved part-way through activities, as the content type saved them."""
    states = H5PState.objects.filter(user=user).select_related("lesson").order_by("updated_at")
    return [
        {
            "lesson": state.lesson.title,
            "saved_answers": state.state,
            "saved_at": state.updated_at.isoformat(),
        }
        for state in states
    ]


def erase(user) -> None:
    # The lesson's progress keeps the outcome; the step-by-step record of what they did goes, and so do
    # the answers saved part-way through.
    XAPIStatement.objects.filter(user=user).delete()
    H5PState.objects.filter(user=user).delete()
