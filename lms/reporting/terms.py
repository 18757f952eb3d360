"""What the reports' words about learners mean, defined once for every table, list and export: completion, member.

* A module is **completed** when its enrolment has a completion time (`Enrolment.completed_at`, which courses
  sets when the learner passes or finishes every lesson: `Enrolment.is_completed` on the learner's own pages). It
  counts in the period that time falls in; a later withdrawal or refresher does not undo it. The summary tables
  count the same with `completed_at IS NOT NULL` in SQL (summaries.py), held equal by tests/reporting/test_summaries.py.
* A **member** of an organisation is someone whose link to it is approved: the figures of an organisation or a
  sector (coverage, the SVD return's sectors) count members only. Someone waiting for approval counts as "not in a
  partner organisation".
* An **active learner** of an organisation is a member whose account is open (`is_active`): the staff lists,
  their exports, the refresher list and the leads' reminders name only these. Counts keep closed accounts, since
  their learning happened.
* A certificate is **expiring** when it is valid and runs out within EXPIRING_DAYS.

These live with reporting because courses/ and accounts/ are being reshaped; they belong on the lowest floor that
owns the data (courses for completion, accounts for members) and can move there unchanged.
"""
from datetime import datetime

from django.db.models import Q

from accounts.models import MembershipStatus

EXPIRING_DAYS = 60
COMPLETED_AT = "completed_at"  # on Enrolment


def completed(prefix: str = "", *, start_at: datetime | None = None, end_at: datetime | None = None) -> Q:
    """Enrolments completed from `start_at` up to but not including `end_at` (either may be left open).

    `prefix` reaches the enrolment from another model, e.g. "enrolment__" from an evaluation.
    """
    q = Q(**{f"{prefix}{COMPLETED_AT}__isnull": False})
    if start_at is not None:
        q &= Q(**{f"{prefix}{COMPLETED_AT}__gte": start_at})
    if end_at is not None:
        q &= Q(**{f"{prefix}{COMPLETED_AT}__lt": end_at})
    return q


def member(prefix: str = "") -> Q:
    """People whose link to an organisation is approved (`prefix` reaches the person, e.g. "user__")."""
    return Q(**{f"{prefix}membership_status": MembershipStatus.APPROVED, f"{prefix}organisation__isnull": False})


def active_learner(prefix: str = "") -> Q:
    """Members whose account is open: the people staff lists and reminders name."""
    return member(prefix) & Q(**{f"{prefix}is_active": True})
