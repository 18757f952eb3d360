"""Reads for the reports. Every figure is aggregated in the database: one query per table, whatever the data size.

One module per job; this package names what callers use (`from lms.reporting import selectors`):
* conditions: the filter set as query conditions and the per-quarter conditional aggregates;
* learner_figures, school_figures: the figures counted live from the records;
* summarised: the learner figures read from the summary tables instead;
* table_rows: how figures become the tables people read (shared by the live and the summarised counts);
* dashboard: the dashboard's tables, and the switch between live counts and the summaries;
* staff: an organisation's staff by name, and refreshers due.
The words the figures use (completed, member, active learner, delivered, reached) are defined in
lms/reporting/terms.py and schools/terms.py. Imports run one way: conditions, table_rows <- figures, summarised
<- dashboard.
"""
from ..terms import EXPIRING_DAYS
from .conditions import booking_q, course_q, people_q, report_period
from .dashboard import dashboard_tables, figures_as_of, summaries_apply
from .learner_figures import (
    assessment_results,
    certificate_status,
    learner_uptake,
    module_evaluation,
    organisation_coverage,
)
from .school_figures import pupils_reached, schools_reach, session_activity, session_evaluation
from .staff import organisation_members, refreshers_due, report_modules, staff_columns, staff_status_rows

__all__ = [
    "EXPIRING_DAYS", "assessment_results", "booking_q", "certificate_status", "course_q", "dashboard_tables",
    "figures_as_of", "learner_uptake", "module_evaluation", "organisation_coverage", "organisation_members",
    "people_q", "pupils_reached", "refreshers_due", "report_modules", "report_period", "schools_reach",
    "session_activity", "session_evaluation", "staff_columns", "staff_status_rows", "summaries_apply",
]
