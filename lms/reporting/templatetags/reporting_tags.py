"""Template helpers for reports: how a figure reads, and a learner's own confidence in My learning."""
from django import template
from django.db.models import Avg, Q

from lms.reporting.tables import display

register = template.Library()


@register.filter
def report_value(value) -> str:
    return display(value)


@register.filter
def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@register.inclusion_tag("reporting/includes/my_confidence.html", takes_context=True)
def my_confidence(context):
    """The signed-in learner's average confidence before and after each module they completed (one query)."""
    from courses.models import Evaluation

    user = context["request"].user
    rows = []
    if user.is_authenticated:
        rows = list(
            Evaluation.objects.filter(enrolment__user=user, enrolment__completed_at__isnull=False, skipped=False,
                                      average_rating__isnull=False)
            .values("enrolment__course__title", "enrolment__course_id")
            .annotate(before=Avg("average_rating", filter=Q(stage="before")),
                      after=Avg("average_rating", filter=Q(stage="after")))
            .order_by("enrolment__course__title")
        )
    return {"rows": [r for r in rows if r["after"] is not None]}
