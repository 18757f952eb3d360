"""The filter set as query conditions, and the per-quarter conditional aggregates every live table is counted with.

Quarters become conditional aggregates (`Count(..., filter=Q(field in quarter))`) in the same query, so a year of
four quarters and a five-year range cost the same number of queries.
"""
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone

from ..filters import ReportFilter
from ..periods import Period
from ..terms import member


def within(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def people_q(f: ReportFilter, prefix: str = "") -> Q:
    """People counted: organisation, sector and area filters. Organisation figures count members only (terms.member)."""
    q = Q()
    if f.organisation_id:
        q &= member(prefix) & Q(**{f"{prefix}organisation_id": f.organisation_id})
    if f.sector:
        q &= member(prefix) & Q(**{f"{prefix}organisation__sector": f.sector})
    if f.area_id:
        q &= Q(**{f"{prefix}area_id": f.area_id})
    return q


def course_q(f: ReportFilter, prefix: str = "course") -> Q:
    q = Q()
    if f.course_id:
        q &= Q(**{f"{prefix}_id": f.course_id})
    if f.level:
        q &= Q(**{f"{prefix}__level": f.level})
    return q


def booking_q(f: ReportFilter, prefix: str = "") -> Q:
    q = Q()
    if f.school_id:
        q &= Q(**{f"{prefix}school_id": f.school_id})
    if f.session_type_id:
        q &= Q(**{f"{prefix}session_type_id": f.session_type_id})
    if f.area_id:
        q &= Q(**{f"{prefix}school__area_id": f.area_id})
    return q


def report_period(f: ReportFilter, today: date | None = None) -> Period:
    """The period asked for, up to today: quarters that have not started yet have nothing to show."""
    return f.period.up_to(today or timezone.localdate())


def per_quarter(quarters, field: str, aggregate, *, extra: Q = Q(), **kwargs) -> dict:
    """`aggregate` for each quarter and for the whole period, as named conditional aggregates."""
    named = {f"q{i}": aggregate(filter=within(field, q.start_at, q.end_at) & extra, **kwargs)
             for i, q in enumerate(quarters)}
    named["all"] = aggregate(filter=within(field, quarters[0].start_at, quarters[-1].end_at) & extra, **kwargs)
    return named


def count_of(expression="pk", distinct=False):
    return lambda filter: Count(expression, filter=filter, distinct=distinct)
