"""The dashboard's learner and certificate tables read from the summary tables (see summaries.py).

Same tables, same figures as the live counts in learner_figures.py, in five small queries whatever the
number of learners: one for learners and assessments, one for certificates, one for coverage (and one
for the organisations' names), one for evaluations.
"""
from django.db.models import Q, Sum

from accounts.models import Organisation
from courses.models import Level

from ..filters import ReportFilter
from ..models import CertificateSummary, LearnerSummary
from ..periods import Period
from ..tables import ReportTable
from .table_rows import assessments_table, certificates_table, coverage_table, learners_table, module_evaluation_table

QUARTER, YEAR = LearnerSummary.Kind.QUARTER, LearnerSummary.Kind.YEAR
EVERY_MODULE = Q(course__isnull=True, level="")


def _people(f: ReportFilter) -> Q:
    """As conditions.people_q: organisation and sector figures count members only (terms.member)."""
    q = Q()
    if f.organisation_id:
        q &= Q(organisation_id=f.organisation_id, approved=True)
    if f.sector:
        q &= Q(organisation_id__in=Organisation.objects.filter(sector=f.sector).values("pk"), approved=True)
    if f.area_id:
        q &= Q(area_id=f.area_id)
    return q


def _modules(f: ReportFilter) -> Q:
    """The rows for the module and level asked for: one module's, one level's or every module's."""
    if f.course_id:
        q = Q(course_id=f.course_id)
        return q & Q(course__level=f.level) if f.level else q
    if f.level:
        return Q(course__isnull=True, level=f.level)
    return EVERY_MODULE


def learner_tables(f: ReportFilter, period: Period) -> list[ReportTable]:
    quarters = period.quarters()
    names = {q.start: f"q{i}" for i, q in enumerate(quarters)}
    people, modules = _people(f), _modules(f)
    in_period = Q(kind=QUARTER, period_start__in=list(names)) | Q(kind=YEAR, period_start=period.start)
    measures = ("registered", "started", "completers", "completions", "withdrew", "assessments_taken",
                "assessments_passed", "attempts_to_pass")
    rows = (
        LearnerSummary.objects.filter(people, in_period).filter(modules | EVERY_MODULE)
        .values("kind", "period_start")
        .annotate(**{m: Sum(m, filter=EVERY_MODULE if m == "registered" else modules) for m in measures})
    )
    by_name = {("all" if r["kind"] == YEAR else names[r["period_start"]]): r for r in rows}
    registered, figures = {}, {}
    for name in [*names.values(), "all"]:
        row = by_name.get(name, {})
        value = lambda m: row.get(m) or 0  # noqa: E731
        registered[name] = value("registered")
        for measure in ("started", "completers", "completions", "withdrew"):
            figures[f"{measure}_{name}"] = value(measure)
        figures[f"taken_{name}"] = value("assessments_taken")
        figures[f"passed_{name}"] = value("assessments_passed")
        passed = value("assessments_passed")
        figures[f"attempts_{name}"] = value("attempts_to_pass") / passed if passed else None
    return [
        learners_table(quarters, registered, figures),
        assessments_table(quarters, figures),
        _certificates(f, quarters),
        _coverage(f, period),
        _evaluation(f, period),
    ]


def _certificates(f: ReportFilter, quarters) -> ReportTable:
    days = {q.last_day: i for i, q in enumerate(quarters)}
    modules = Q()
    if f.course_id:
        modules &= Q(course_id=f.course_id)
    if f.level:
        modules &= Q(course__level=f.level)
    rows = (CertificateSummary.objects.filter(_people(f), modules, as_at__in=list(days)).values("as_at")
            .annotate(valid=Sum("valid"), expiring=Sum("expiring"), expired=Sum("expired"), revoked=Sum("revoked")))
    figures = {f"{name}_q{i}": 0 for i in days.values() for name in ("valid", "expiring", "expired", "revoked")}
    for row in rows:
        for name in ("valid", "expiring", "expired", "revoked"):
            figures[f"{name}_q{days[row['as_at']]}"] = row[name] or 0
    return certificates_table(quarters, figures)


def _coverage(f: ReportFilter, period: Period) -> ReportTable:
    """Approved staff (everyone registered, ever) and people with a first completion at each level by the end."""
    levels = [level for level, _ in Level.choices]
    if f.course_id:
        module_rows = Q(course_id=f.course_id) & (Q(course__level=f.level) if f.level else Q())
    else:
        module_rows = Q(course__isnull=True) & (Q(level=f.level) if f.level else ~Q(level=""))
    done = Q(period_start__lt=period.end) & module_rows
    rows = (
        LearnerSummary.objects.filter(_people(f), kind=QUARTER, approved=True, organisation_id__isnull=False)
        .filter(EVERY_MODULE | done)
        .values("organisation_id")
        .annotate(staff=Sum("registered", filter=EVERY_MODULE),
                  **{level: Sum("first_completers", filter=done & Q(level=level)) for level in levels})
    )
    staff, completed = {}, {}
    for row in rows:
        if row["staff"]:
            staff[row["organisation_id"]] = row["staff"]
            completed[row["organisation_id"]] = {level: row[level] or 0 for level in levels}
    return coverage_table(staff, completed)


def _evaluation(f: ReportFilter, period: Period) -> ReportTable:
    modules = Q(course__isnull=False)
    if f.course_id:
        modules &= Q(course_id=f.course_id)
    if f.level:
        modules &= Q(course__level=f.level)
    rows = (
        LearnerSummary.objects.filter(_people(f), modules, kind=YEAR, period_start=period.start)
        .values("course__title")
        .annotate(before_sum=Sum("before_sum"), before_n=Sum("before_n"), after_sum=Sum("after_sum"),
                  after_n=Sum("after_n"))
        .order_by("course__title")
    )
    table_rows = [
        {"enrolment__course__title": r["course__title"], "before_n": r["before_n"], "after_n": r["after_n"],
         "before_avg": r["before_sum"] / r["before_n"] if r["before_n"] else None,
         "after_avg": r["after_sum"] / r["after_n"] if r["after_n"] else None}
        for r in rows if r["before_n"] or r["after_n"]
    ]
    return module_evaluation_table(table_rows)
