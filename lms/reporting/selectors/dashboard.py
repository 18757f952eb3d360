"""The dashboard's tables for a filter set, and the switch between counting live and reading the summaries."""
from datetime import date

from django.utils import timezone

from .. import summaries
from ..filters import ReportFilter
from ..periods import Period
from ..tables import ReportTable
from . import summarised
from .conditions import report_period
from .learner_figures import (
    assessment_results,
    certificate_status,
    learner_uptake,
    module_evaluation,
    organisation_coverage,
)
from .school_figures import pupils_reached, schools_reach, session_activity, session_evaluation


def summaries_apply(f: ReportFilter, today: date | None = None) -> bool:
    """Whether the summaries hold this filter set's learner figures: a whole financial year, as of today.

    Other periods (any date range) are counted from the records themselves.
    """
    real_today = timezone.localdate()
    today = today or real_today
    whole_year = f.period == Period.financial_year(f.period.start.year) and f.period.start.month == 4
    return whole_year and f.period.start <= today and (today >= f.period.last_day or today == real_today)


def figures_as_of(f: ReportFilter) -> str:
    """How fresh the dashboard's figures are, in UK time: "14:32", or "14:32 on 3 December 2026" if not today.

    Whole-year learner figures come from the summaries (refreshed every minute); the rest are counted now.
    """
    now = timezone.now()
    moment = timezone.localtime(summaries.summaries_as_of(now) if summaries_apply(f) else now)
    label = f"{moment:%H:%M}"
    return label if moment.date() == timezone.localdate() else f"{label} on {moment:%-d %B %Y}"


def dashboard_tables(f: ReportFilter, today: date | None = None, *, live: bool = False) -> list[ReportTable]:
    """Every table of the dashboard for this filter set, in page order. `live` ignores the summaries."""
    period = report_period(f, today)
    if not live and summaries_apply(f, today):
        summaries.summaries_ready()
        tables = summarised.learner_tables(f, period)
    else:
        tables = [
            learner_uptake(f, period),
            assessment_results(f, period),
            certificate_status(f, period),
            organisation_coverage(f, period),
            module_evaluation(f, period),
        ]
    if not f.own_organisation:
        # School figures belong to no organisation, so a lead's dashboard leaves them out.
        reached, not_reached = schools_reach(f, period)
        tables += [session_activity(f, period), pupils_reached(f, period), reached, not_reached,
                   session_evaluation(f, period)]
    return tables
