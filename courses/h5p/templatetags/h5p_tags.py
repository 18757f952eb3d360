"""Template tags for embedding H5P activities."""
from django import template
from django.conf import settings

from courses.selectors import learner_may_record

register = template.Library()


@register.simple_tag
def h5p_origin() -> str:
    """The separate origin the player runs on; the host script accepts messages only from it."""
    return settings.H5P_ORIGIN


@register.simple_tag(takes_context=True)
def h5p_answers_kept(context, lesson) -> bool:
    """Whether this learner's answers in the lesson's activities are kept (they started the module and opened it).

    The page says "saved as you go" only then, and only once the activity shows it can save (see h5p-host.js).
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or lesson is None:
        return False
    cache = context.render_context.setdefault("h5p_answers_kept", {})
    if lesson.pk not in cache:
        cache[lesson.pk] = learner_may_record(user=user, lesson_id=lesson.pk)
    return cache[lesson.pk]
