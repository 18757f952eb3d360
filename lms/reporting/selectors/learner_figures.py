"""Learner, assessment, certificate, coverage and evaluation figures counted live from the records (one query each)."""
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, Q

from accounts.models import User
from certificates.models import Certificate, CertificateStatus
from courses.models import CoursePage, Enrolment, Evaluation, Level, LessonProgress, ProgressStatus

from ..filters import ReportFilter
from ..periods import Period, local_midnight
from ..tables import ReportTable
from ..terms import COMPLETED_AT, EXPIRING_DAYS, completed, member
from .conditions import count_of, course_q, people_q, per_quarter, within
from .table_rows import assessments_table, certificates_table, coverage_table, learners_table, module_evaluation_table


def learner_uptake(f: ReportFilter, period: Period) -> ReportTable:
    """Learners registered, starting and completing modules, by quarter (two queries)."""
    quarters = period.quarters()
    registered = User.objects.filter(people_q(f), within("date_joined", period.start_at, period.end_at)).aggregate(
        **per_quarter(quarters, "date_joined", count_of()))
    enrolments = Enrolment.objects.filter(people_q(f, "user__"), course_q(f)).filter(
        within("started_at", period.start_at, period.end_at) | within(COMPLETED_AT, period.start_at, period.end_at)
        | within("withdrawn_at", period.start_at, period.end_at))
    figures = enrolments.aggregate(
        **{f"started_{k}": v for k, v in per_quarter(quarters, "started_at", count_of("user", True)).items()},
        **{f"completions_{k}": v for k, v in per_quarter(quarters, COMPLETED_AT, count_of()).items()},
        **{f"completers_{k}": v for k, v in per_quarter(quarters, COMPLETED_AT, count_of("user", True)).items()},
        **{f"withdrew_{k}": v for k, v in per_quarter(quarters, "withdrawn_at", count_of("user", True)).items()},
    )
    return learners_table(quarters, registered, figures)


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
        passed_here = passed & within("completed_at", start, end)
        # Finished in the quarter: passed in it, or not passed and last tried in it.
        finished_here = passed_here | (~passed & within("updated_at", start, end))
        figures[f"taken_{name}"] = Count("pk", filter=finished_here)
        figures[f"passed_{name}"] = Count("pk", filter=passed_here)
        figures[f"attempts_{name}"] = Avg("attempts", filter=passed_here)
    figures = attempted.filter(
        within("completed_at", period.start_at, period.end_at) | within("updated_at", period.start_at, period.end_at)
    ).aggregate(**figures)
    return assessments_table(quarters, figures)


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


def organisation_coverage(f: ReportFilter, period: Period) -> ReportTable:
    """For each organisation: its approved staff and how many completed a module at each level (two queries)."""
    staff = (
        User.objects.filter(people_q(f), member())
        .values("organisation_id").annotate(staff=Count("pk"))
    )
    staff = {row["organisation_id"]: row["staff"] for row in staff}
    levels = Level.choices
    by_level = (
        Enrolment.objects.filter(
            people_q(f, "user__"), course_q(f), member("user__"), completed(end_at=period.end_at),
        )
        .values("user__organisation_id")
        .annotate(**{level: Count("user", distinct=True, filter=Q(course__level=level)) for level, _ in levels})
    )
    by_level = {row["user__organisation_id"]: row for row in by_level}
    return coverage_table(staff, by_level)


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
