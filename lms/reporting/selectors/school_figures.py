"""Schools' figures: sessions, pupils reached, schools reached and not, pupils' confidence (one query each).

"Delivered" and "reached" mean what schools/terms.py says, as on the staff pages and in the SVD return.
"""
from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from schools import terms as school_terms
from schools.models import ConfidenceCount, School, SessionAttendance, SessionBooking

from ..filters import ReportFilter
from ..periods import Period
from ..tables import ReportTable
from .conditions import booking_q, count_of, per_quarter, within
from .table_rows import WHOLE_PERIOD, quarter_columns, rounded, trend_row


def session_activity(f: ReportFilter, period: Period) -> ReportTable:
    """Bookings requested, confirmed, delivered and cancelled, and schools reached, by quarter (one query)."""
    quarters = period.quarters()
    delivered = school_terms.delivered()
    figures = SessionBooking.objects.filter(booking_q(f)).filter(
        within("created_at", period.start_at, period.end_at)
        | within("confirmed_at", period.start_at, period.end_at)
        | within("delivered_at", period.start_at, period.end_at)
        | within("cancelled_at", period.start_at, period.end_at)
    ).aggregate(
        **{f"requested_{k}": v for k, v in per_quarter(quarters, "created_at", count_of()).items()},
        **{f"confirmed_{k}": v for k, v in per_quarter(quarters, "confirmed_at", count_of()).items()},
        **{f"delivered_{k}": v for k, v in per_quarter(quarters, "delivered_at", count_of(), extra=delivered).items()},
        **{f"cancelled_{k}": v for k, v in per_quarter(quarters, "cancelled_at", count_of(),
                                                          extra=Q(status="cancelled")).items()},
        **{f"schools_{k}": v for k, v in per_quarter(quarters, "delivered_at", count_of("school", True),
                                                        extra=delivered).items()},
    )
    rows = [
        trend_row("Sessions requested", figures, "requested_", quarters),
        trend_row("Sessions confirmed", figures, "confirmed_", quarters),
        trend_row("Sessions delivered", figures, "delivered_", quarters),
        trend_row("Sessions cancelled", figures, "cancelled_", quarters),
        trend_row("Schools reached", figures, "schools_", quarters),
    ]
    return ReportTable(
        key="sessions", title="Bleeding-control sessions", chart="line", not_charted=(WHOLE_PERIOD,),
        columns=["Figure", *quarter_columns(quarters), WHOLE_PERIOD], rows=rows,
        description="Each booking for a class counts once, in the quarter it was requested, confirmed, delivered "
                    "or cancelled.",
    )


def pupils_reached(f: ReportFilter, period: Period) -> ReportTable:
    """Pupils who attended delivered sessions, by year group and quarter (one query)."""
    quarters = period.quarters()
    rows = list(
        SessionAttendance.objects.filter(
            booking_q(f, "booking__"),
            school_terms.delivered("booking__", start_at=period.start_at, end_at=period.end_at),
        )
        .values("year_group")
        .annotate(**per_quarter(quarters, "booking__delivered_at", lambda filter: Sum("pupils", filter=filter)))
        .order_by("year_group")
    )
    table_rows = [trend_row(f"Year {r['year_group']}", r, "", quarters) for r in rows]
    if table_rows:
        table_rows.append(["All year groups", *[sum(column) for column in list(zip(*table_rows))[1:]]])
    return ReportTable(
        key="pupils", title="Pupils reached by year group", chart="bar", not_charted=(WHOLE_PERIOD, "All year groups"),
        columns=["Year group", *quarter_columns(quarters), WHOLE_PERIOD], rows=table_rows,
        description="Pupils who attended sessions that were delivered, as counted by the instructor.",
    )


def schools_reach(f: ReportFilter, period: Period) -> tuple[ReportTable, ReportTable]:
    """Open schools reached, and not reached, in the 12 calendar months to the end of the period (schools.terms)."""
    schools = School.objects.all()
    if f.school_id:
        schools = schools.filter(pk=f.school_id)
    if f.area_id:
        schools = schools.filter(area_id=f.area_id)
    rows = (
        school_terms.schools_reach(schools, last_day=period.last_day, session_type_id=f.session_type_id)
        .values_list("name", "urn", "local_authority", "last_delivered", "reached")
        .order_by("name", "urn")
    )
    reached, not_reached = [], []
    for name, urn, authority, last, is_reached in rows:
        if is_reached:
            reached.append([name, urn, authority, timezone.localtime(last).date()])
        else:
            not_reached.append([name, urn, authority])
    first_day, last_day = school_terms.reach_window(period.last_day)
    since = f"{first_day:%-d %B %Y} to {last_day:%-d %B %Y}"
    return (
        ReportTable(key="schools_reached", title=f"Schools reached ({len(reached)})",
                    columns=["School", "URN", "Local authority", "Last session delivered"], rows=reached,
                    description=f"Open schools with at least one session delivered from {since}."),
        ReportTable(key="schools_not_reached", title=f"Schools not reached ({len(not_reached)})",
                    columns=["School", "URN", "Local authority"], rows=not_reached,
                    description=f"Open schools with no session delivered from {since}."),
    )


def session_evaluation(f: ReportFilter, period: Period) -> ReportTable:
    """Pupils' average confidence (show of hands, 1 to 5) before and after, per session type (one query)."""
    def average(stage):
        weighted = Sum(F("score") * F("pupils"), filter=Q(stage=stage))
        return Cast(weighted, FloatField()) / Cast(Sum("pupils", filter=Q(stage=stage)), FloatField())

    rows = (
        ConfidenceCount.objects.filter(
            booking_q(f, "feedback__booking__"), feedback__submitted_at__gte=period.start_at,
            feedback__submitted_at__lt=period.end_at,
        )
        .values("feedback__booking__session_type__title")
        .annotate(before=average("before"), after=average("after"), responses=Count("feedback", distinct=True))
        .order_by("feedback__booking__session_type__title")
    )
    return ReportTable(
        key="session_evaluation", title="Pupils' confidence before and after each session type", chart="bar",
        not_charted=("Sessions with hands counted",),
        columns=["Session type", "Average before (1 to 5)", "Average after (1 to 5)", "Sessions with hands counted"],
        rows=[[r["feedback__booking__session_type__title"], rounded(r["before"], 2), rounded(r["after"], 2),
               r["responses"]] for r in rows],
        description="Instructors count a show of hands for each statement before and after the session; the "
                    "average weights each score by the number of pupils.",
    )
