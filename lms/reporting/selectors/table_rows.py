"""How figures become the tables people read: headings, row labels and the note under each.

The learner tables are built here from figures counted live (learner_figures.py) or read from the summaries
(summarised.py), so the two ways of counting always print the same table.
"""
from accounts.models import Organisation
from courses.models import Level

from ..periods import Quarter
from ..tables import ReportTable
from ..terms import EXPIRING_DAYS

WHOLE_PERIOD = "Whole period"


def quarter_columns(quarters: list[Quarter]) -> list[str]:
    return [q.label for q in quarters]


def trend_row(label: str, values: dict, prefix: str, quarters) -> list:
    return [label, *[values[f"{prefix}q{i}"] or 0 for i in range(len(quarters))], values[f"{prefix}all"] or 0]


def rounded(value, places: int = 1):
    return None if value is None else round(float(value), places)


def learners_table(quarters, registered: dict, figures: dict) -> ReportTable:
    rows = [
        trend_row("Learners registered", registered, "", quarters),
        trend_row("Learners who started a module", figures, "started_", quarters),
        trend_row("Learners who completed a module", figures, "completers_", quarters),
        trend_row("Modules completed", figures, "completions_", quarters),
        trend_row("Learners who withdrew from a module", figures, "withdrew_", quarters),
    ]
    return ReportTable(
        key="learners", title="Learners", columns=["Figure", *quarter_columns(quarters), WHOLE_PERIOD], rows=rows,
        chart="line", not_charted=(WHOLE_PERIOD,),
        description="People counted once in each column: someone who started two modules in a quarter counts once. "
                    "Registrations are not filtered by module or level.",
    )


def assessments_table(quarters, figures: dict) -> ReportTable:
    names = [f"q{i}" for i in range(len(quarters))] + ["all"]

    def rate(name):
        taken = figures[f"taken_{name}"]
        return round(100 * figures[f"passed_{name}"] / taken, 1) if taken else None

    rows = [
        ["Took the assessment", *[figures[f"taken_{n}"] for n in names]],
        ["Passed", *[figures[f"passed_{n}"] for n in names]],
        ["Pass rate (%)", *[rate(n) for n in names]],
        ["Average attempts to pass", *[rounded(figures[f"attempts_{n}"]) for n in names]],
    ]
    return ReportTable(
        key="assessments", title="Assessments", columns=["Figure", *quarter_columns(quarters), WHOLE_PERIOD],
        rows=rows,
        description="A learner counts in the quarter they passed, or, if they have not passed, the quarter of their "
                    "last attempt.",
    )


def certificates_table(quarters, figures: dict) -> ReportTable:
    labels = [("valid", "Valid"), ("expiring", f"Valid but expiring within {EXPIRING_DAYS} days"),
              ("expired", "Expired"), ("revoked", "Revoked")]
    rows = [[label, *[figures[f"{name}_q{i}"] for i in range(len(quarters))]] for name, label in labels]
    return ReportTable(
        key="certificates", title="Module certificates", chart="line",
        columns=["Certificate status", *[f"End of {q.label}" for q in quarters]], rows=rows,
        description="The position on the last day of each quarter, or today for the current quarter. A certificate "
                    "replaced by a reissue counts once.",
    )


def coverage_table(staff: dict, completed: dict) -> ReportTable:
    """`staff`: {organisation id: approved staff}; `completed`: {organisation id: {level: people}}."""
    levels = Level.choices
    organisations = Organisation.objects.filter(pk__in=staff.keys()).order_by("name").values_list("pk", "name")
    rows = [
        [name, staff[pk], *[completed.get(pk, {}).get(level, 0) for level, _ in levels]]
        for pk, name in organisations
    ]
    return ReportTable(
        key="coverage", title="Trauma-informed coverage by organisation", chart="bar", not_charted=("Approved staff",),
        columns=["Organisation", "Approved staff", *[label for _, label in levels]], rows=rows,
        description="Staff who had completed at least one module at each level by the end of the period. "
                    "Someone with modules at two levels counts at both.",
    )


def module_evaluation_table(rows) -> ReportTable:
    return ReportTable(
        key="module_evaluation", title="Confidence before and after each module", chart="bar",
        not_charted=("Responses before", "Responses after"),
        columns=["Module", "Average before (1 to 5)", "Responses before", "Average after (1 to 5)", "Responses after"],
        rows=[[r["enrolment__course__title"], rounded(r["before_avg"], 2), r["before_n"], rounded(r["after_avg"], 2),
               r["after_n"]] for r in rows],
        description="Learners rate how confident they feel about each statement of the module from 1 (not at all) "
                    "to 5 (very). Evaluations given in the period.",
    )
