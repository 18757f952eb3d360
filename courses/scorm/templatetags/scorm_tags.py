"""Template tags for SCORM blocks in lessons."""
from django import template

from courses.scorm import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def scorm_block_state(context, package, lesson, block_id) -> dict:
    """Each item's status and launch state for the signed-in learner (statuses are empty for anyone else)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"version": package.version, "items": [], "signed_in": False}
    state = selectors.block_state(user=user, lesson_id=lesson.pk, block_id=block_id, package=package)
    state["signed_in"] = True
    return state
