"""Template helpers for reports: how a figure reads, and a learner's own confidence in My learning."""
from django import template
from django.db.models import Avg, Q
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

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


@register.simple_tag
def report_select(field):
    """A GOV.UK select for a filter, built in Python: the school list has hundreds of options."""
    selected = "" if field.value() is None else str(field.value())
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-hint")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
    # Escaped and joined directly: format_html per option was a tenth of the dashboard's fixed cost.
    options = mark_safe("".join(
        f'<option value="{escape(value)}"{" selected" if str(value) == selected else ""}>{escape(label)}</option>'
        for value, label in field.field.choices
    ))
    errors = format_html_join("", '<p id="{}-error" class="govuk-error-message"><span class="govuk-visually-hidden">'
                                  'Error:</span> {}</p>', ((field.id_for_label, e) for e in field.errors))
    hint = format_html('<div id="{}-hint" class="govuk-hint">{}</div>', field.id_for_label, field.help_text) \
        if field.help_text else ""
    return format_html(
        '<div class="govuk-form-group{}"><label class="govuk-label govuk-label--s" for="{}">{}</label>{}{}'
        '<select class="govuk-select{}" id="{}" name="{}"{}>{}</select></div>',
        " govuk-form-group--error" if field.errors else "", field.id_for_label, field.label, hint, errors,
        " govuk-select--error" if field.errors else "", field.id_for_label, field.html_name,
        format_html(' aria-describedby="{}"', " ".join(described)) if described else "", options,
    )


@register.simple_tag
def report_rows(table):
    """The body rows of a report table, built in Python (a school list can have hundreds of rows)."""
    skipped = set(table.not_charted)

    def cells(row):
        first, *rest = row
        return format_html(
            '<th scope="row" class="govuk-table__header">{}</th>{}', display(first),
            format_html_join("", '<td class="govuk-table__cell{}">{}</td>',
                             ((" govuk-table__cell--numeric" if is_number(v) else "", display(v)) for v in rest)))

    return format_html_join(
        "", '<tr class="govuk-table__row"{}>{}</tr>',
        ((mark_safe(" data-chart-skip") if row[0] in skipped else "", cells(row)) for row in table.rows))
