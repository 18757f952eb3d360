"""Reads for the reports. Every figure is aggregated in the database: one query per table, whatever the data size.

Quarters become conditional aggregates (`Count(..., filter=Q(field in quarter))`) in the same query, so
a year of four quarters and a five-year range cost the same number of queries.
"""
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, F, FloatField, Max, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import MembershipStatus, Organisation, User
from certificates.models import Certificate, CertificateStatus
from courses.models import CoursePage, Enrolment, Evaluation, Level, LessonProgress, ProgressStatus

from . import summaries
from .filters import ReportFilter
from .periods import Period, Quarter, local_midnight
from .tables import ReportTable

EXPIRING_DAYS = 60
REACH_MONTHS = 12
DELIVERED = ("delivered", "closed")
WHOLE_PERIOD = "Whole period"


# --- building blocks ----------------------------------------------------------------------------

def _in(field: str, start, end) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def people_q(f: ReportFilter, prefix: str = "") -> Q:
    """People counted: organisation, sector and area filters. Organisation figures count approved members only."""
    q = Q()
    if f.organisation_id:
        q &= Q(**{f"{prefix}organisation_id": f.organisation_id, f"{prefix}membership_status": MembershipStatus.APPROVED})
    if f.sector:
        q &= Q(**{f"{prefix}organisation__sector": f.sector, f"{prefix}membership_status": MembershipStatus.APPROVED})
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


def _quarter_columns(quarters: list[Quarter]) -> list[str]:
    return [q.label for q in quarters]


def _per_quarter(quarters, field: str, aggregate, *, extra: Q = Q(), **kwargs) -> dict:
    """`aggregate` for each quarter and for the whole period, as named conditional aggregates."""
    named = {f"q{i}": aggregate(filter=_in(field, q.start_at, q.end_at) & extra, **kwargs)
             for i, q in enumerate(quarters)}
    named["all"] = aggregate(filter=_in(field, quarters[0].start_at, quarters[-1].end_at) & extra, **kwargs)
    return named


def _trend_row(label: str, values: dict, prefix: str, quarters) -> list:
    return [label, *[values[f"{prefix}q{i}"] or 0 for i in range(len(quarters))], values[f"{prefix}all"] or 0]


def _count(expression="pk", distinct=False):
    return lambda filter: Count(expression, filter=filter, distinct=distinct)


# --- learners ---------------------------------------------------------------------------------

def learner_uptake(f: ReportFilter, period: Period) -> ReportTable:
    """Learners registered, starting and completing modules, by quarter (two queries)."""
    quarters = period.quarters()
    registered = User.objects.filter(people_q(f), _in("date_joined", period.start_at, period.end_at)).aggregate(
        **_per_quarter(quarters, "date_joined", _count()))
    enrolments = Enrolment.objects.filter(people_q(f, "user__"), course_q(f)).filter(
        _in("started_at", period.start_at, period.end_at) | _in("completed_at", period.start_at, period.end_at)
        | _in("withdrawn_at", period.start_at, period.end_at))
    figures = enrolments.aggregate(
        **{f"started_{k}": v for k, v in _per_quarter(quarters, "started_at", _count("user", True)).items()},
        **{f"completions_{k}": v for k, v in _per_quarter(quarters, "completed_at", _count()).items()},
        **{f"completers_{k}": v for k, v in _per_quarter(quarters, "completed_at", _count("user", True)).items()},
        **{f"withdrew_{k}": v for k, v in _per_quarter(quarters, "withdrawn_at", _count("user", True)).items()},
    )
    return learners_table(quarters, registered, figures)


def learners_table(quarters, registered: dict, figures: dict) -> ReportTable:
    rows = [
        _trend_row("Learners registered", registered, "", quarters),
        _trend_row("Learners who started a module", figures, "started_", quarters),
        _trend_row("Learners who completed a module", figures, "completers_", quarters),
        _trend_row("Modules completed", figures, "completions_", quarters),
        _trend_row("Learners who withdrew from a module", figures, "withdrew_", quarters),
    ]
    return ReportTable(
        key="learners", title="Learners", columns=["Figure", *_quarter_columns(quarters), WHOLE_PERIOD], rows=rows,
        chart="line", not_charted=(WHOLE_PERIOD,),
        description="People counted once in each column: someone who started two modules in a quarter counts once. "
                    "Registrations are not filtered by module or level.",
    )


def assessment_results(f: ReportFilter, period: Period) -> ReportTable:
    """Assessments finished in each quarter, how many passed and how many attempts passing took (one query)."""
    quarters = period.quarters()
    attempted = LessonProgress.objects.filter(
        people_q(f, "enrolment__user__"), course_q(f, "enrolment__course"),
        lesson__is_assessment=True, attempts__gt=0,
    )
    passed = Q(status=ProgressStatus.COMPLETED, completed_at__isnull=False)
    figures = {}
    bounds = [(f"q{i}", q.start_at, q.end_at) for i, q in enumerate(quarters)]
    bounds.append(("all", period.start_at, period.end_at))
    for name, start, end in bounds:
        passed_here = passed & _in("completed_at", start, end)
        # Finished in the quarter: passed in it, or not passed and last tried in it.
        finished_here = passed_here | (~passed & _in("updated_at", start, end))
        figures[f"taken_{name}"] = Count("pk", filter=finished_here)
        figures[f"passed_{name}"] = Count("pk", filter=passed_here)
        figures[f"attempts_{name}"] = Avg("attempts", filter=passed_here)
    figures = attempted.filter(
        _in("completed_at", period.start_at, period.end_at) | _in("updated_at", period.start_at, period.end_at)
    ).aggregate(**figures)
    return assessments_table(quarters, figures)


def assessments_table(quarters, figures: dict) -> ReportTable:
    names = [f"q{i}" for i in range(len(quarters))] + ["all"]

    def rate(name):
        taken = figures[f"taken_{name}"]
        return round(100 * figures[f"passed_{name}"] / taken, 1) if taken else None

    rows = [
        ["Took the assessment", *[figures[f"taken_{n}"] for n in names]],
        ["Passed", *[figures[f"passed_{n}"] for n in names]],
        ["Pass rate (%)", *[rate(n) for n in names]],
        ["Average attempts to pass", *[_round(figures[f"attempts_{n}"]) for n in names]],
    ]
    return ReportTable(
        key="assessments", title="Assessments", columns=["Figure", *_quarter_columns(quarters), WHOLE_PERIOD],
        rows=rows,
        description="A learner counts in the quarter they passed, or, if they have not passed, the quarter of their "
                    "last attempt.",
    )


def _round(value, places: int = 1):
    return None if value is None else round(float(value), places)


def _course_certificates(f: ReportFilter):
    course_type = ContentType.objects.get_for_model(CoursePage)
    certificates = Certificate.objects.current().filter(achievement_content_type=course_type)
    if f.course_id or f.level:
        courses = CoursePage.objects.all()
        if f.course_id:
            courses = courses.filter(pk=f.course_id)
        if f.level:
            courses = courses.filter(level=f.level)
        certificates = certificates.filter(achievement_object_id__in=courses.values("pk"))
    return certificates.filter(people_q(f, "recipient__"))


def certificate_status(f: ReportFilter, period: Period) -> ReportTable:
    """Module certificates at the end of each quarter (or today): valid, expiring soon, expired, revoked (one query)."""
    quarters = period.quarters()
    figures = {}
    for i, q in enumerate(quarters):
        day = q.last_day
        end_at = local_midnight(day + timedelta(days=1))
        issued = Q(issued_at__lt=end_at)
        revoked = Q(status=CertificateStatus.REVOKED, revoked_at__lt=end_at)
        unrevoked = issued & ~revoked
        valid = unrevoked & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        figures[f"valid_q{i}"] = Count("pk", filter=valid)
        figures[f"expiring_q{i}"] = Count("pk", filter=valid & Q(valid_until__lte=day + timedelta(days=EXPIRING_DAYS)))
        figures[f"expired_q{i}"] = Count("pk", filter=unrevoked & Q(valid_until__lt=day))
        figures[f"revoked_q{i}"] = Count("pk", filter=revoked)
    figures = _course_certificates(f).filter(issued_at__lt=period.end_at).aggregate(**figures)
    return certificates_table(quarters, figures)


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


def organisation_coverage(f: ReportFilter, period: Period) -> ReportTable:
    """For each organisation: its approved staff and how many completed a module at each level (two queries)."""
    staff = (
        User.objects.filter(people_q(f), membership_status=MembershipStatus.APPROVED, organisation__isnull=False)
        .values("organisation_id").annotate(staff=Count("pk"))
    )
    staff = {row["organisation_id"]: row["staff"] for row in staff}
    levels = Level.choices
    completed = (
        Enrolment.objects.filter(
            people_q(f, "user__"), course_q(f), user__membership_status=MembershipStatus.APPROVED,
            user__organisation__isnull=False, completed_at__lt=period.end_at,
        )
        .values("user__organisation_id")
        .annotate(**{level: Count("user", distinct=True, filter=Q(course__level=level)) for level, _ in levels})
    )
    completed = {row["user__organisation_id"]: row for row in completed}
    return coverage_table(staff, completed)


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


def module_evaluation(f: ReportFilter, period: Period) -> ReportTable:
    """Average confidence (1 to 5) before and after each module, with the number of responses (one query)."""
    before, after = Q(stage="before"), Q(stage="after")
    rows = (
        Evaluation.objects.filter(
            people_q(f, "enrolment__user__"), course_q(f, "enrolment__course"), skipped=False,
            average_rating__isnull=False, submitted_at__gte=period.start_at, submitted_at__lt=period.end_at,
        )
        .values("enrolment__course__title")
        .annotate(
            before_avg=Avg("average_rating", filter=before), before_n=Count("pk", filter=before),
            after_avg=Avg("average_rating", filter=after), after_n=Count("pk", filter=after),
        )
        .order_by("enrolment__course__title")
    )
    return module_evaluation_table(rows)


def module_evaluation_table(rows) -> ReportTable:
    return ReportTable(
        key="module_evaluation", title="Confidence before and after each module", chart="bar",
        not_charted=("Responses before", "Responses after"),
        columns=["Module", "Average before (1 to 5)", "Responses before", "Average after (1 to 5)", "Responses after"],
        rows=[[r["enrolment__course__title"], _round(r["before_avg"], 2), r["before_n"], _round(r["after_avg"], 2),
               r["after_n"]] for r in rows],
        description="Learners rate how confident they feel about each statement of the module from 1 (not at all) "
                    "to 5 (very). Evaluations given in the period.",
    )


# --- schools ----------------------------------------------------------------------------------

def session_activity(f: ReportFilter, period: Period) -> ReportTable:
    """Bookings requested, confirmed, delivered and cancelled, and schools reached, by quarter (one query)."""
    from schools.models import SessionBooking

    quarters = period.quarters()
    delivered = Q(status__in=DELIVERED)
    figures = SessionBooking.objects.filter(booking_q(f)).filter(
        _in("created_at", period.start_at, period.end_at) | _in("confirmed_at", period.start_at, period.end_at)
        | _in("delivered_at", period.start_at, period.end_at) | _in("cancelled_at", period.start_at, period.end_at)
    ).aggregate(
        **{f"requested_{k}": v for k, v in _per_quarter(quarters, "created_at", _count()).items()},
        **{f"confirmed_{k}": v for k, v in _per_quarter(quarters, "confirmed_at", _count()).items()},
        **{f"delivered_{k}": v for k, v in _per_quarter(quarters, "delivered_at", _count(), extra=delivered).items()},
        **{f"cancelled_{k}": v for k, v in _per_quarter(quarters, "cancelled_at", _count(),
                                                          extra=Q(status="cancelled")).items()},
        **{f"schools_{k}": v for k, v in _per_quarter(quarters, "delivered_at", _count("school", True),
                                                        extra=delivered).items()},
    )
    rows = [
        _trend_row("Sessions requested", figures, "requested_", quarters),
        _trend_row("Sessions confirmed", figures, "confirmed_", quarters),
        _trend_row("Sessions delivered", figures, "delivered_", quarters),
        _trend_row("Sessions cancelled", figures, "cancelled_", quarters),
        _trend_row("Schools reached", figures, "schools_", quarters),
    ]
    return ReportTable(
        key="sessions", title="Bleeding-control sessions", chart="line", not_charted=(WHOLE_PERIOD,),
        columns=["Figure", *_quarter_columns(quarters), WHOLE_PERIOD], rows=rows,
        description="Each booking for a class counts once, in the quarter it was requested, confirmed, delivered "
                    "or cancelled.",
    )


def pupils_reached(f: ReportFilter, period: Period) -> ReportTable:
    """Pupils who attended delivered sessions, by year group and quarter (one query)."""
    from schools.models import SessionAttendance

    quarters = period.quarters()
    rows = list(
        SessionAttendance.objects.filter(
            booking_q(f, "booking__"), booking__status__in=DELIVERED,
            booking__delivered_at__gte=period.start_at, booking__delivered_at__lt=period.end_at,
        )
        .values("year_group")
        .annotate(**_per_quarter(quarters, "booking__delivered_at", lambda filter: Sum("pupils", filter=filter)))
        .order_by("year_group")
    )
    table_rows = [_trend_row(f"Year {r['year_group']}", r, "", quarters) for r in rows]
    if table_rows:
        table_rows.append(["All year groups", *[sum(column) for column in list(zip(*table_rows))[1:]]])
    return ReportTable(
        key="pupils", title="Pupils reached by year group", chart="bar", not_charted=(WHOLE_PERIOD, "All year groups"),
        columns=["Year group", *_quarter_columns(quarters), WHOLE_PERIOD], rows=table_rows,
        description="Pupils who attended sessions that were delivered, as counted by the instructor.",
    )


def schools_reach(f: ReportFilter, period: Period) -> tuple[ReportTable, ReportTable]:
    """Open schools reached, and not reached, by a delivered session in the 12 months to the end of the period."""
    from schools.models import School

    window_end = period.end_at
    window_start = local_midnight(_months_before(period.end, REACH_MONTHS))
    schools = School.objects.filter(status="open")
    if f.school_id:
        schools = schools.filter(pk=f.school_id)
    if f.area_id:
        schools = schools.filter(area_id=f.area_id)
    delivered = Q(bookings__status__in=DELIVERED, bookings__delivered_at__gte=window_start,
                  bookings__delivered_at__lt=window_end)
    if f.session_type_id:
        delivered &= Q(bookings__session_type_id=f.session_type_id)
    rows = (
        schools.annotate(last_delivered=Max("bookings__delivered_at", filter=delivered))
        .values_list("name", "urn", "local_authority", "last_delivered")
        .order_by("name", "urn")
    )
    reached, not_reached = [], []
    for name, urn, authority, last in rows:
        if last is None:
            not_reached.append([name, urn, authority])
        else:
            reached.append([name, urn, authority, timezone.localtime(last).date()])
    since = f"{_months_before(period.end, REACH_MONTHS):%-d %B %Y} to {period.last_day:%-d %B %Y}"
    return (
        ReportTable(key="schools_reached", title=f"Schools reached ({len(reached)})",
                    columns=["School", "URN", "Local authority", "Last session delivered"], rows=reached,
                    description=f"Open schools with at least one session delivered from {since}."),
        ReportTable(key="schools_not_reached", title=f"Schools not reached ({len(not_reached)})",
                    columns=["School", "URN", "Local authority"], rows=not_reached,
                    description=f"Open schools with no session delivered from {since}."),
    )


def _months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, 28))


def session_evaluation(f: ReportFilter, period: Period) -> ReportTable:
    """Pupils' average confidence (show of hands, 1 to 5) before and after, per session type (one query)."""
    from schools.models import ConfidenceCount

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
        not_charted=("Sessions with feedback",),
        columns=["Session type", "Average before (1 to 5)", "Average after (1 to 5)", "Sessions with feedback"],
        rows=[[r["feedback__booking__session_type__title"], _round(r["before"], 2), _round(r["after"], 2),
               r["responses"]] for r in rows],
        description="Instructors count a show of hands for each statement before and after the session; the "
                    "average weights each score by the number of pupils.",
    )


# --- the dashboard ----------------------------------------------------------------------------

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
        from . import summary_selectors

        summaries.summaries_ready()
        tables = summary_selectors.learner_tables(f, period)
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


# --- an organisation's staff ----------------------------------------------------------------------

def organisation_members(organisation_id: int | None):
    """Approved, active members of one organisation (or of every organisation), by name."""
    members = User.objects.filter(membership_status=MembershipStatus.APPROVED, is_active=True,
                                  organisation__isnull=False)
    if organisation_id is not None:
        members = members.filter(organisation_id=organisation_id)
    return members.order_by("full_name", "email", "pk")


def report_modules() -> list[CoursePage]:
    return list(CoursePage.objects.live().order_by("path").only("pk", "title", "validity_months"))


def staff_columns(*, modules: list[CoursePage], with_organisation: bool = False, with_dates: bool = False) -> list[str]:
    """The headings of `staff_status_rows` with the same options, so the page and the files always agree."""
    columns = ["Name", "Email", *(["Organisation"] if with_organisation else [])]
    for course in modules:
        columns.append(course.title)
        if with_dates:
            columns += [f"{course.title}: completed on", f"{course.title}: certificate expires on"]
    return columns


def staff_status_rows(*, members: list[User], modules: list[CoursePage], today: date,
                      with_organisation: bool = False, with_dates: bool = False) -> list[list]:
    """For each person, their status in each module (two queries for any number of people).

    `with_dates` adds, after each module's status, the day they completed it and the day their certificate for it
    expires (dates, so a spreadsheet can sort and filter them; empty when there is none).
    """
    ids = [m.pk for m in members]
    course_ids = [c.pk for c in modules]
    latest: dict = {}
    enrolments = (Enrolment.objects.filter(user_id__in=ids, course_id__in=course_ids)
                  .order_by("started_at", "pk").values_list("user_id", "course_id", "completed_at", "withdrawn_at"))
    for user_id, course_id, completed_at, withdrawn_at in enrolments:
        latest[(user_id, course_id)] = (completed_at, withdrawn_at)  # the newest wins
    course_type = ContentType.objects.get_for_model(CoursePage)
    certificates = {
        (recipient, int(course)): (status, valid_until)
        for recipient, course, status, valid_until in Certificate.objects.current()
        .filter(recipient_id__in=ids, achievement_content_type=course_type, achievement_object_id__in=course_ids)
        .values_list("recipient_id", "achievement_object_id", "status", "valid_until")
    }
    rows = []
    for member in members:
        row = [member.full_name or member.email, member.email]
        if with_organisation:
            row.append(member.organisation.name if member.organisation_id else "")
        for course in modules:
            enrolment, certificate = latest.get((member.pk, course.pk)), certificates.get((member.pk, course.pk))
            row.append(_member_status(enrolment, certificate, today))
            if with_dates:
                completed_at = enrolment[0] if enrolment is not None else None
                row.append(timezone.localtime(completed_at).date() if completed_at is not None else None)
                row.append(certificate[1] if certificate is not None and certificate[0] != CertificateStatus.REVOKED
                           else None)
        rows.append(row)
    return rows


def _member_status(enrolment, certificate, today: date) -> str:
    if certificate is not None:
        status, valid_until = certificate
        if status == CertificateStatus.REVOKED:
            return "Certificate revoked"
        if valid_until is not None and valid_until < today:
            return f"Certificate lapsed on {valid_until:%-d %b %Y}"
        if valid_until is not None:
            return f"Certificate valid until {valid_until:%-d %b %Y}"
    if enrolment is None:
        return "Not started"
    completed_at, withdrawn_at = enrolment
    if completed_at is not None:
        return f"Completed on {timezone.localtime(completed_at):%-d %b %Y}"
    if withdrawn_at is not None:
        return "Withdrew"
    return "In progress"


def refreshers_due(*, organisation_id: int | None, today: date, within_days: int = EXPIRING_DAYS) -> ReportTable:
    """Staff whose module certificate runs out within the next 60 days, soonest first (one query)."""
    course_type = ContentType.objects.get_for_model(CoursePage)
    certificates = Certificate.objects.current().filter(
        achievement_content_type=course_type, status=CertificateStatus.VALID,
        valid_until__gte=today, valid_until__lte=today + timedelta(days=within_days),
        recipient__membership_status=MembershipStatus.APPROVED, recipient__is_active=True,
    )
    if organisation_id is not None:
        certificates = certificates.filter(recipient__organisation_id=organisation_id)
    rows = certificates.order_by("valid_until", "recipient__full_name").values_list(
        "recipient__full_name", "recipient__email", "achievement_title", "valid_until")
    return ReportTable(
        key="refreshers", title=f"Refresher needed in the next {within_days} days",
        columns=["Name", "Email", "Module", "Certificate valid until"], rows=[list(r) for r in rows],
        empty=f"Nobody's certificate runs out in the next {within_days} days.",
    )
