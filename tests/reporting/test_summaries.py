"""The summary tables the dashboard reads hold the same figures as counting the records, after every kind of change."""
from dataclasses import replace
from datetime import date

import pytest
from django.utils import timezone

from lms.reporting import selectors
from lms.reporting.filters import ReportFilter, default_filter
from lms.reporting.models import LearnerSummary, SummaryState
from lms.reporting.periods import Period
from lms.reporting.summaries import summaries_rebuild
from tests.reporting.conftest import refresh_summaries


def _filters(p) -> list[ReportFilter]:
    """Each kind of filter, on last year's figures (FY 2024-25) and this financial year's (up to today)."""
    out = []
    for base in (ReportFilter(period=Period.financial_year(2024)), default_filter()):
        out += [base, replace(base, organisation_id=p.police.pk), replace(base, sector="local_authority"),
                replace(base, area_id=p.north.pk), replace(base, course_id=p.module_a.pk),
                replace(base, level="skilled"), replace(base, course_id=p.module_b.pk, level="informed"),
                base.scoped_to(p.council.pk)]
    return out


def _figures(f, live):
    return [(t.key, t.columns, t.rows) for t in selectors.dashboard_tables(f, live=live)]


def assert_summaries_match(p):
    for f in _filters(p):
        assert selectors.summaries_apply(f)
        assert _figures(f, live=False) == _figures(f, live=True), f


@pytest.fixture
def built(partnership):
    summaries_rebuild()
    return partnership


def test_a_rebuild_gives_the_figures_counted_from_the_records(built):
    assert SummaryState.objects.get().certificates_on == timezone.localdate()
    assert LearnerSummary.objects.exists()
    assert_summaries_match(built)


def test_summaries_follow_a_completion_and_its_certificate(built, django_capture_on_commit_callbacks):
    from courses.models import Enrolment

    with django_capture_on_commit_callbacks(execute=True):
        enrolment = Enrolment.objects.create(user=built.c2, course=built.module_a)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment.completed_at = timezone.now()
        enrolment.save(update_fields=["completed_at"])
    with django_capture_on_commit_callbacks(execute=True):
        built.certify(enrolment, timezone.now(), date.today().replace(year=date.today().year + 1))
    assert refresh_summaries() == 1  # Council South's approved members: one group, recounted once
    this_year = default_filter()
    learners = {t.key: t for t in selectors.dashboard_tables(this_year)}["learners"]
    assert dict((r[0], r[-1]) for r in learners.rows)["Modules completed"] == 1
    assert_summaries_match(built)


def test_summaries_follow_a_certificate_revoked(built, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        built.k2.status = "revoked"
        built.k2.revoked_at = timezone.now()
        built.k2.save()
    refresh_summaries()
    certificates = {t.key: t for t in selectors.dashboard_tables(default_filter())}["certificates"]
    assert certificates.rows[3][-1] == 2  # k4 and now k2
    assert_summaries_match(built)


def test_summaries_follow_a_booking_cancelled(built, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        built.b4.status = "cancelled"
        built.b4.cancelled_at = timezone.now()
        built.b4.save()
    sessions = {t.key: t for t in selectors.dashboard_tables(default_filter())}["sessions"]
    assert dict((r[0], r[-1]) for r in sessions.rows)["Sessions cancelled"] == 1
    assert_summaries_match(built)


def test_summaries_follow_a_person_moving_organisation(built, django_capture_on_commit_callbacks):
    fy2024 = ReportFilter(period=Period.financial_year(2024))
    police_before = _figures(replace(fy2024, organisation_id=built.police.pk), live=False)
    with django_capture_on_commit_callbacks(execute=True):
        built.p1.organisation = built.council
        built.p1.area = built.south
        built.p1.save()
    assert refresh_summaries() == 2  # the group left and the group joined
    assert _figures(replace(fy2024, organisation_id=built.police.pk), live=False) != police_before
    assert_summaries_match(built)


def test_summaries_follow_a_person_leaving_and_an_enrolment_removed(built, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        built.e5.delete()
    with django_capture_on_commit_callbacks(execute=True):
        built.p2.delete()
    refresh_summaries()
    assert_summaries_match(built)


def test_a_lead_sees_only_their_organisation_from_the_summaries(built):
    own = selectors.dashboard_tables(ReportFilter(period=Period.financial_year(2024)).scoped_to(built.police.pk))
    coverage = {t.key: t for t in own}["coverage"]
    assert [r[0] for r in coverage.rows] == ["Police North"]
    learners = {t.key: t for t in own}["learners"]
    assert dict((r[0], r[-1]) for r in learners.rows)["Learners registered"] == 2  # p1, p2: not p3 (pending)
    assert {t.key for t in own}.isdisjoint({"sessions", "pupils", "schools_reached"})


def test_other_periods_are_counted_from_the_records(built):
    custom = ReportFilter(period=Period(start=date(2024, 5, 15), end=date(2024, 11, 1)))
    assert not selectors.summaries_apply(custom)
    assert not selectors.summaries_apply(ReportFilter(period=Period.financial_year(2024)), today=date(2024, 8, 1))
