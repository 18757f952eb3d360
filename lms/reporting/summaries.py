"""Summary tables the dashboard reads instead of scanning every learner's records.

`LearnerSummary` holds, for each financial quarter and year and each group of people (organisation,
approval, area), the learner figures; `CertificateSummary` the certificate position at the end of each
quarter and today. Both are written by bulk SQL (`summaries_rebuild`), for everybody or for a few
groups: any change to a person's learning, certificates or organisation marks that person's group out of
date (receivers.py, stale.py), and `summaries_refresh_marked`, run every minute by Celery beat, recounts
the marked groups together; so neither a learner's request nor the dashboard's cost grows with the number
of learners.

The same SQL runs on PostgreSQL and SQLite: periods are a short VALUES list with their UK (GMT/BST)
boundaries worked out here; PostgreSQL finds an event's period by date arithmetic, SQLite by range.
"""
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import MembershipStatus, User
from certificates.models import Certificate, CertificateStatus
from courses.models import CoursePage, Enrolment, Evaluation, LessonPage, LessonProgress

from . import stale
from .models import CertificateSummary, LearnerSummary, SummaryState
from .periods import Period, financial_year_of, local_midnight, quarter_of
from .terms import EXPIRING_DAYS

FIRST_YEAR = 2020

Group = tuple  # (organisation_id, approved, area_id)


# --- periods ------------------------------------------------------------------------------------

def _first_year() -> int:
    earliest = User.objects.order_by("date_joined").values_list("date_joined", flat=True).first()
    year = FIRST_YEAR if earliest is None else min(FIRST_YEAR, financial_year_of(timezone.localtime(earliest).date()))
    return year


def _periods(first_year: int, today: date) -> list[tuple]:
    """(first day, start instant, end instant, first day of its year) of every quarter from `first_year` to now."""
    rows = []
    for year in range(first_year, financial_year_of(today) + 1):
        whole = Period.financial_year(year)
        for quarter in whole.quarters():
            rows.append((quarter.start, quarter.start_at, quarter.end_at, whole.start))
    return rows


def certificate_days(today: date, first_year: int) -> list[date]:
    """The days certificates are counted at: the last day of every quarter before this one, and today."""
    days = []
    for year in range(first_year, financial_year_of(today) + 1):
        for quarter in Period.financial_year(year).quarters():
            if quarter.end <= quarter_of(today).start:
                days.append(quarter.last_day)
    return [*days, today]


# --- SQL ----------------------------------------------------------------------------------------

def _values(rows: list[tuple]) -> tuple[str, list]:
    ops = connection.ops
    params = []
    for row in rows:
        for value in row:
            if isinstance(value, date) and hasattr(value, "tzinfo") and hasattr(value, "hour"):
                params.append(ops.adapt_datetimefield_value(value))
            elif isinstance(value, date):
                params.append(ops.adapt_datefield_value(value))
            else:
                params.append(value)
    placeholders = ", ".join("(" + ", ".join(["%s"] * len(rows[0])) + ")" for _ in rows)
    return placeholders, params


def _group_where(groups: list[Group] | None, alias: str = "u") -> tuple[str, list]:
    if groups is None:
        return "", []
    clauses, params = [], []
    for organisation_id, approved, area_id in groups:
        organisation = f"{alias}.organisation_id IS NULL" if organisation_id is None else f"{alias}.organisation_id = %s"
        area = f"{alias}.area_id IS NULL" if area_id is None else f"{alias}.area_id = %s"
        approval = f"{alias}.membership_status {'=' if approved else '<>'} %s"
        clauses.append(f"({organisation} AND {area} AND {approval})")
        params += [p for p in (organisation_id, area_id) if p is not None] + [MembershipStatus.APPROVED]
    return " AND (" + " OR ".join(clauses) + ")", params


def _tables() -> dict:
    return {
        "user": User._meta.db_table, "enrolment": Enrolment._meta.db_table,
        "progress": LessonProgress._meta.db_table, "lesson": LessonPage._meta.db_table,
        "coursepage": CoursePage._meta.db_table, "evaluation": Evaluation._meta.db_table,
        "certificate": Certificate._meta.db_table, "learner": LearnerSummary._meta.db_table,
        "certsum": CertificateSummary._meta.db_table,
    }


# Every learner event with its person, module, level and time. `num` carries a rating, `attempts` the
# attempts an assessment took. Registration has no module and counts only in the every-module rows.
EVENTS = """
    SELECT e.user_id AS user_id, e.course_id AS course_id, c.level AS level, 'start' AS kind, e.started_at AS at,
           0.0 AS num, 0 AS attempts
      FROM {enrolment} e {members_e} JOIN {coursepage} c ON c.page_ptr_id = e.course_id
    UNION ALL
    SELECT e.user_id, e.course_id, c.level, 'complete', e.completed_at, 0.0, 0
      FROM {enrolment} e {members_e} JOIN {coursepage} c ON c.page_ptr_id = e.course_id WHERE e.completed_at IS NOT NULL
    UNION ALL
    SELECT e.user_id, e.course_id, c.level, 'withdraw', e.withdrawn_at, 0.0, 0
      FROM {enrolment} e {members_e} JOIN {coursepage} c ON c.page_ptr_id = e.course_id WHERE e.withdrawn_at IS NOT NULL
    UNION ALL
    SELECT e.user_id, e.course_id, c.level,
           CASE WHEN p.status = 'completed' AND p.completed_at IS NOT NULL THEN 'passed' ELSE 'failed' END,
           CASE WHEN p.status = 'completed' AND p.completed_at IS NOT NULL THEN p.completed_at ELSE p.updated_at END,
           0.0, p.attempts
      FROM {progress} p JOIN {lesson} l ON l.page_ptr_id = p.lesson_id
      JOIN {enrolment} e ON e.id = p.enrolment_id {members_e} JOIN {coursepage} c ON c.page_ptr_id = e.course_id
     WHERE l.is_assessment AND p.attempts > 0
    UNION ALL
    SELECT e.user_id, e.course_id, c.level, v.stage, v.submitted_at, v.average_rating, 0
      FROM {evaluation} v JOIN {enrolment} e ON e.id = v.enrolment_id {members_e} JOIN {coursepage} c ON c.page_ptr_id = e.course_id
     WHERE v.skipped = %s AND v.average_rating IS NOT NULL
    UNION ALL
    SELECT e.user_id, {first_course}, {first_level}, 'first', MIN(e.completed_at), 0.0, 0
      FROM {enrolment} e {members_e} JOIN {coursepage} c ON c.page_ptr_id = e.course_id WHERE e.completed_at IS NOT NULL
     GROUP BY e.user_id, {first_group}
"""
JOINED = """
    UNION ALL
    SELECT u.id, NULL, '', 'joined', u.date_joined, 0.0, 0 FROM {user} u {members_u}
"""
KEYS = {
    # name: (course column, level column, first completion per, its course, its level)
    "course": ("ev.course_id", "ev.level", "e.course_id, c.level", "e.course_id", "c.level"),
    "level": ("CAST(NULL AS INTEGER)", "ev.level", "c.level", "NULL", "c.level"),
    "all": ("CAST(NULL AS INTEGER)", "''", "e.user_id", "NULL", "''"),
}
# First each person's figures in each period (which makes "people counted once" a plain sum, with no
# COUNT(DISTINCT) and its sorting), then the sums for their group.
# First each person's figures in each quarter, then in each year from their quarters (a person counted once
# in a year is the MAX of their quarters' flags: no COUNT(DISTINCT) and its sorting), then the sums for
# their group. Each event's UK time is worked out once, for its quarter.
INSERT_LEARNERS = """
    WITH periods(period_start, start_at, end_at, year_start) AS (VALUES {periods}),
    {members}
    ev AS ({events}),
    quarterly AS (
        SELECT p.period_start AS period_start, p.year_start AS year_start, ev.user_id AS user_id,
            {course} AS course_id, {level} AS level,
            SUM(CASE WHEN ev.kind = 'joined' THEN 1 ELSE 0 END) AS registered,
            MAX(CASE WHEN ev.kind = 'start' THEN 1 ELSE 0 END) AS started,
            MAX(CASE WHEN ev.kind = 'complete' THEN 1 ELSE 0 END) AS completer,
            SUM(CASE WHEN ev.kind = 'complete' THEN 1 ELSE 0 END) AS completions,
            MAX(CASE WHEN ev.kind = 'withdraw' THEN 1 ELSE 0 END) AS withdrew,
            SUM(CASE WHEN ev.kind IN ('passed', 'failed') THEN 1 ELSE 0 END) AS taken,
            SUM(CASE WHEN ev.kind = 'passed' THEN 1 ELSE 0 END) AS passed,
            SUM(CASE WHEN ev.kind = 'passed' THEN ev.attempts ELSE 0 END) AS attempts,
            SUM(CASE WHEN ev.kind = 'before' THEN ev.num ELSE 0 END) AS before_sum,
            SUM(CASE WHEN ev.kind = 'before' THEN 1 ELSE 0 END) AS before_n,
            SUM(CASE WHEN ev.kind = 'after' THEN ev.num ELSE 0 END) AS after_sum,
            SUM(CASE WHEN ev.kind = 'after' THEN 1 ELSE 0 END) AS after_n,
            SUM(CASE WHEN ev.kind = 'first' THEN 1 ELSE 0 END) AS firsts
        FROM ev {period_join}
        GROUP BY p.period_start, p.year_start, ev.user_id{group_keys}
    ),
    person AS (
        SELECT 'q' AS kind, period_start, user_id, course_id, level, registered, started, completer,
            completions, withdrew, taken, passed, attempts, before_sum, before_n, after_sum, after_n, firsts
            FROM quarterly
        UNION ALL
        SELECT 'y', year_start, user_id, course_id, level, SUM(registered), MAX(started), MAX(completer),
            SUM(completions), MAX(withdrew), SUM(taken), SUM(passed), SUM(attempts), SUM(before_sum),
            SUM(before_n), SUM(after_sum), SUM(after_n), SUM(firsts)
          FROM quarterly GROUP BY year_start, user_id, course_id, level
    )
    INSERT INTO {learner} (kind, period_start, organisation_id, approved, area_id, course_id, level, registered,
        started, completers, completions, withdrew, assessments_taken, assessments_passed, attempts_to_pass,
        before_sum, before_n, after_sum, after_n, first_completers)
    SELECT x.kind, x.period_start, u.organisation_id, u.membership_status = %s, u.area_id, x.course_id, x.level,
        SUM(x.registered), SUM(x.started), SUM(x.completer), SUM(x.completions), SUM(x.withdrew),
            SUM(x.taken), SUM(x.passed), SUM(x.attempts), SUM(x.before_sum), SUM(x.before_n),
            SUM(x.after_sum), SUM(x.after_n), SUM(x.firsts)
    FROM person x JOIN {user} u ON u.id = x.user_id
    GROUP BY x.kind, x.period_start, u.organisation_id, u.membership_status = %s, u.area_id, x.course_id, x.level
"""
INSERT_CERTIFICATES = """
    WITH days(as_at, soon, next_at) AS (VALUES {days})
    INSERT INTO {certsum} (as_at, organisation_id, approved, area_id, course_id, valid, expiring, expired, revoked)
    SELECT as_at, organisation_id, approved, area_id, course_id,
        SUM(CASE WHEN NOT is_revoked AND (valid_until IS NULL OR valid_until >= as_at) THEN 1 ELSE 0 END),
        SUM(CASE WHEN NOT is_revoked AND valid_until >= as_at AND valid_until <= soon THEN 1 ELSE 0 END),
        SUM(CASE WHEN NOT is_revoked AND valid_until < as_at THEN 1 ELSE 0 END),
        SUM(CASE WHEN is_revoked THEN 1 ELSE 0 END)
    FROM (
        SELECT d.as_at AS as_at, d.soon AS soon, u.organisation_id AS organisation_id,
               u.membership_status = %s AS approved, u.area_id AS area_id,
               CAST(k.achievement_object_id AS INTEGER) AS course_id, k.valid_until AS valid_until,
               (k.status = %s AND k.revoked_at IS NOT NULL AND k.revoked_at < d.next_at) AS is_revoked
          FROM {certificate} k JOIN {user} u ON u.id = k.recipient_id JOIN days d ON k.issued_at < d.next_at
         WHERE k.status <> %s AND k.achievement_content_type_id = %s
           AND k.achievement_object_id IN (SELECT page_ptr_id FROM {coursepage}) {where}
    ) position
    GROUP BY as_at, organisation_id, approved, area_id, course_id
"""


# Which quarter and year an event falls in. PostgreSQL works it out (UK time, years from April) and joins
# on equality; elsewhere the event's time is compared with each period's bounds.
PERIOD_JOIN = "JOIN periods p ON ev.at >= p.start_at AND ev.at < p.end_at"
PERIOD_JOIN_POSTGRESQL = """
    JOIN periods p ON p.period_start = CAST(
        date_trunc('quarter', (ev.at AT TIME ZONE 'Europe/London') - INTERVAL '3 months') + INTERVAL '3 months' AS date)
"""


def _insert_learners(groups: list[Group] | None, today: date) -> None:
    names = _tables()
    periods, period_params = _values(_periods(_first_year(), today))
    where, where_params = _group_where(groups)
    if groups is None:  # everybody: no need to pick people out
        members = {"members": "", "members_e": "", "members_u": ""}
    else:
        members = {"members": f"members AS (SELECT u.id AS id FROM {names['user']} u WHERE 1 = 1 {where}),",
                   "members_e": "JOIN members m ON m.id = e.user_id", "members_u": "JOIN members m ON m.id = u.id"}
    period_join = PERIOD_JOIN_POSTGRESQL if connection.vendor == "postgresql" else PERIOD_JOIN
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            cursor.execute("SET LOCAL work_mem = '128MB'")  # the per-person step aggregates in memory
        for key, (course, level, first_group, first_course, first_level) in KEYS.items():
            events = EVENTS.format(**names, **members, first_group=first_group, first_course=first_course,
                                   first_level=first_level)
            if key == "all":
                events += JOINED.format(**names, **members)
            # PostgreSQL refuses constants in GROUP BY: only the key columns that vary are grouped.
            group_keys = "".join(f", {c}" for c in (course, level) if c.startswith("ev."))
            sql = INSERT_LEARNERS.format(**names, **members, periods=periods, events=events, course=course,
                                         level=level, group_keys=group_keys, period_join=period_join)
            cursor.execute(sql, [*period_params, *(where_params if groups is not None else []), False,
                                 MembershipStatus.APPROVED, MembershipStatus.APPROVED])


def _insert_certificates(groups: list[Group] | None, days: list[date]) -> None:
    names = _tables()
    rows = [(day, day + timedelta(days=EXPIRING_DAYS), local_midnight(day + timedelta(days=1))) for day in days]
    values, params = _values(rows)
    where, where_params = _group_where(groups)
    course_type = ContentType.objects.get_for_model(CoursePage)
    with connection.cursor() as cursor:
        cursor.execute(INSERT_CERTIFICATES.format(**names, days=values, where=where),
                       [*params, MembershipStatus.APPROVED, CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED,
                        course_type.pk, *where_params])


def _group_filter(groups: list[Group]):
    from django.db.models import Q

    q = Q(pk__in=[])
    for organisation_id, approved, area_id in groups:
        q |= Q(organisation_id=organisation_id, approved=approved, area_id=area_id)
    return q


# --- services -------------------------------------------------------------------------------------

def summaries_rebuild(*, groups: list[Group] | None = None, today: date | None = None) -> None:
    """Recompute the summaries of these groups of people (None: everybody) from the records, in bulk SQL."""
    today = today or timezone.localdate()
    began = timezone.now()
    with transaction.atomic():
        # The state row serialises refreshes; summaries never built are built whole.
        state = SummaryState.objects.select_for_update().first()
        if state is None:
            groups = None
        first_year = _first_year()
        if groups is None:
            LearnerSummary.objects.all().delete()
            CertificateSummary.objects.all().delete()
            _insert_learners(None, today)
            _insert_certificates(None, certificate_days(today, first_year))
            SummaryState.objects.all().delete()
            SummaryState.objects.create(certificates_on=today, figures_as_of=began)
            return
        groups = sorted(set(groups), key=repr)
        if not groups:
            return
        LearnerSummary.objects.filter(_group_filter(groups)).delete()
        CertificateSummary.objects.filter(_group_filter(groups)).delete()
        _insert_learners(groups, today)
        _insert_certificates(groups, certificate_days(state.certificates_on, first_year))


def summaries_refresh_marked(*, now=None) -> int:
    """Recount, together, the groups marked out of date before the last complete marking window (stale.py).

    Returns how many groups were recounted; records the time the figures are good to. Summaries never
    built are built whole. Safe to run twice or at once: the state row is locked first.
    """
    now = now or timezone.now()
    if not stale.stale_groups_due(now=now.timestamp()) and SummaryState.objects.exists():
        # Nothing to recount (the usual case): no lock taken, only the freshness moves on.
        good_to = stale.window_start(stale.cutoff_of(now.timestamp()))
        SummaryState.objects.filter(Q(figures_as_of__isnull=True) | Q(figures_as_of__lt=good_to)).update(
            figures_as_of=good_to)
        return 0
    with transaction.atomic():
        state = SummaryState.objects.select_for_update().first()
        groups, good_to = stale.stale_groups_take(now=now.timestamp())
        if state is None:
            summaries_rebuild()
            return len(groups)
        if groups:
            summaries_rebuild(groups=groups)
        if state.figures_as_of is None or state.figures_as_of < good_to:
            state.figures_as_of = good_to
            state.save(update_fields=["figures_as_of"])
    return len(groups)


def summaries_as_of(now=None):
    """The time before which every change is in the summaries: now when no group waits for a refresh."""
    now = now or timezone.now()
    if not stale.stale_groups_pending():
        return now
    as_of = SummaryState.objects.values_list("figures_as_of", flat=True).first()
    return now if as_of is None else min(as_of, now)


def summaries_ready(today: date | None = None) -> None:
    """Build the summaries if they never were, and take today's certificate position if not yet taken."""
    today = today or timezone.localdate()
    state = SummaryState.objects.first()
    if state is None:
        summaries_rebuild(today=today)
        return
    if state.certificates_on >= today:
        return
    with transaction.atomic():
        state = SummaryState.objects.select_for_update().first()
        if state.certificates_on >= today:
            return
        # Days after the last quarter end we kept are retaken: the last quarter end (if it passed since) and today.
        kept = [d for d in certificate_days(today, _first_year()) if d < quarter_of(state.certificates_on).start]
        CertificateSummary.objects.exclude(as_at__in=kept).delete()
        _insert_certificates(None, [d for d in certificate_days(today, _first_year()) if d not in kept])
        state.certificates_on = today
        state.save(update_fields=["certificates_on"])


def group_of(user) -> Group:
    return (user.organisation_id, user.membership_status == MembershipStatus.APPROVED, user.area_id)
