"""A small hand-built partnership for FY 2024-25 (1 April 2024 to 31 March 2025), every figure worked out by hand.

People (organisation, area, joined in UTC; the UK quarter in brackets):
  p1 Police North, North, 2024-03-31 23:30 (BST: 1 April 00:30, Q1)    p2 Police North, North, 2024-06-30 23:30 (Q2)
  p3 Police North but PENDING, North, 2024-05-01 (Q1)                   c1 Council South, South, 2024-12-31 23:30 (GMT, Q3)
  c2 Council South, South, 2025-01-01 00:00 (Q4)                        x0 2024-03-31 22:59 (FY 2023-24), x1 Council South
  2025-03-31 23:30 (BST: 1 April 2025, FY 2025-26)
Modules: A (informed), B (skilled). Enrolments:
  e1 p1 A started 10 Apr, completed 20 May 2024 (assessment: 2 attempts, passed)
  e2 p1 B started 5 Jul, completed 1 Oct 2024 (1 attempt)     e3 p2 A started 10 Jul 2024 (3 attempts, not passed, last 1 Aug)
  e4 c1 A started 5 Jan, completed 1 Feb 2025 (2 attempts)    e5 c2 B started 10 Jan, withdrew 15 Feb 2025
  e6 p3 A started 20 Apr, completed 30 Apr 2024 (1 attempt)
Certificates: k1 p1 A issued 20 May 2024 valid to 19 May 2025; k2 p1 B issued 1 Oct 2024, no expiry;
  k3 c1 A issued 1 Feb 2025 valid to 28 Feb 2025; k4 p3 A issued 30 Apr 2024, revoked 15 Aug 2024.
Schools: S1 North (Northshire), S2 South (Southshire), S3 North (Northshire), S4 closed. Session types T1, T2.
  b1 S1 T1 requested 2 Apr, confirmed 5 Apr, delivered 1 May 2024: Year 7 20 pupils, Year 8 5
  b2 S2 T1 requested 2024-06-30 23:30 UTC (Q2), confirmed 2 Jul, delivered (closed) 10 Oct 2024: Year 9 25
  b3 S1 T2 requested 1 Aug, cancelled 5 Aug 2024      b4 S3 T2 requested 15 Jan 2025
  b5 S2 T2 delivered 1 Feb 2024 (before the period and the 12 months before its end)
"""
from datetime import date, datetime, timezone as dt_timezone
from types import SimpleNamespace

import pytest

UTC = dt_timezone.utc


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def noon(y, m, d) -> datetime:
    return utc(y, m, d, 12)


@pytest.fixture
def partnership(db):
    from django.contrib.contenttypes.models import ContentType

    from accounts.models import Area, MembershipStatus, Organisation, Sector, User
    from certificates.models import Certificate
    from courses.demo import seed as seed_courses
    from courses.models import CoursePage, Enrolment, Evaluation, LessonPage, LessonProgress
    from lms.demo import seed as seed_site
    from schools.models import (
        ConfidenceCount, School, SessionAttendance, SessionBooking, SessionFeedback, SessionTypeIndexPage,
        SessionTypePage,
    )
    from tests.courses.conftest import PLACEHOLDER_COURSE
    from tests.factories import UserFactory

    home = seed_site()
    courses = []
    for title, slug, level in (("Module A", "module-a", "informed"), ("Module B", "module-b", "skilled")):
        data = {**PLACEHOLDER_COURSE, "title": title, "slug": slug, "level": level}
        seed_courses([data])
        courses.append(CoursePage.objects.get(slug=slug))
    module_a, module_b = courses
    north = Area.objects.create(name="North", slug="north")
    south = Area.objects.create(name="South", slug="south")
    police = Organisation.objects.create(name="Police North", sector=Sector.POLICE, area=north,
                                         email_domains="police-north.example")
    council = Organisation.objects.create(name="Council South", sector=Sector.LOCAL_AUTHORITY, area=south,
                                          email_domains="council-south.example")

    def person(name, organisation, area, joined, status=MembershipStatus.APPROVED):
        user = UserFactory(full_name=name, email=f"{name.lower().replace(' ', '.')}@example.org",
                           organisation=organisation, area=area, membership_status=status)
        User.objects.filter(pk=user.pk).update(date_joined=joined)
        return user

    p1 = person("Pat One", police, north, utc(2024, 3, 31, 23, 30))
    p2 = person("Pip Two", police, north, utc(2024, 6, 30, 23, 30))
    p3 = person("Pam Three", police, north, noon(2024, 5, 1), status=MembershipStatus.PENDING)
    c1 = person("Cal One", council, south, utc(2024, 12, 31, 23, 30))
    c2 = person("Cat Two", council, south, utc(2025, 1, 1, 0, 0))
    x0 = person("Xan Zero", None, None, utc(2024, 3, 31, 22, 59))
    x1 = person("Xia One", council, south, utc(2025, 3, 31, 23, 30))

    def enrol(user, course, started, completed=None, withdrawn=None, attempts=0):
        enrolment = Enrolment.objects.create(user=user, course=course)
        Enrolment.objects.filter(pk=enrolment.pk).update(started_at=started, completed_at=completed,
                                                          withdrawn_at=withdrawn)
        enrolment.refresh_from_db()
        if attempts:
            assessment = LessonPage.objects.child_of(course).get(is_assessment=True)
            progress = LessonProgress.objects.create(enrolment=enrolment, lesson=assessment, attempts=attempts,
                                                     status="completed" if completed else "in_progress")
            LessonProgress.objects.filter(pk=progress.pk).update(
                completed_at=completed, updated_at=completed or noon(2024, 8, 1))
        return enrolment

    e1 = enrol(p1, module_a, noon(2024, 4, 10), noon(2024, 5, 20), attempts=2)
    e2 = enrol(p1, module_b, noon(2024, 7, 5), noon(2024, 10, 1), attempts=1)
    e3 = enrol(p2, module_a, noon(2024, 7, 10), attempts=3)
    e4 = enrol(c1, module_a, noon(2025, 1, 5), noon(2025, 2, 1), attempts=2)
    e5 = enrol(c2, module_b, noon(2025, 1, 10), withdrawn=noon(2025, 2, 15))
    e6 = enrol(p3, module_a, noon(2024, 4, 20), noon(2024, 4, 30), attempts=1)

    def evaluate(enrolment, stage, rating, when):
        evaluation = Evaluation.objects.create(enrolment=enrolment, stage=stage, average_rating=rating,
                                               responses=[{"statement": "s", "rating": rating}])
        Evaluation.objects.filter(pk=evaluation.pk).update(submitted_at=when)

    evaluate(e1, "before", 2.0, noon(2024, 4, 10))
    evaluate(e1, "after", 4.0, noon(2024, 5, 20))
    evaluate(e6, "before", 3.0, noon(2024, 4, 20))
    evaluate(e6, "after", 3.0, noon(2024, 4, 30))
    evaluate(e4, "before", 1.0, noon(2025, 1, 5))
    evaluate(e4, "after", 5.0, noon(2025, 2, 1))
    evaluate(e3, "before", 2.0, noon(2024, 7, 10))
    evaluate(e2, "before", 3.0, noon(2024, 7, 5))
    evaluate(e2, "after", 4.0, noon(2024, 10, 1))

    enrolment_type = ContentType.objects.get_for_model(Enrolment)

    def certify(enrolment, issued, valid_until=None, status="valid", revoked_at=None):
        return Certificate.objects.create(
            recipient=enrolment.user, recipient_name=enrolment.user.full_name, achievement=enrolment.course,
            achievement_title=enrolment.course.title, source_content_type=enrolment_type,
            source_object_id=enrolment.pk, issued_at=issued, valid_until=valid_until, status=status,
            revoked_at=revoked_at,
        )

    k1 = certify(e1, noon(2024, 5, 20), date(2025, 5, 19))
    k2 = certify(e2, noon(2024, 10, 1))
    k3 = certify(e4, noon(2025, 2, 1), date(2025, 2, 28))
    k4 = certify(e6, noon(2024, 4, 30), date(2024, 12, 31), status="revoked", revoked_at=noon(2024, 8, 15))

    # A new site has its sessions index from the first migration (lms 0004); a flushed database has none.
    index = SessionTypeIndexPage.objects.first() or home.add_child(
        instance=SessionTypeIndexPage(title="Sessions", slug="sessions"))
    t1 = index.add_child(instance=SessionTypePage(title="Bleed kit basics", slug="bleed-kit", description="d"))
    t2 = index.add_child(instance=SessionTypePage(title="Call 999", slug="call-999", description="d"))
    s1 = School.objects.create(urn=100001, name="Northfield Academy", local_authority="Northshire", area=north)
    s2 = School.objects.create(urn=100002, name="Southgate School", local_authority="Southshire", area=south)
    s3 = School.objects.create(urn=100003, name="Hillside High", local_authority="Northshire", area=north)
    s4 = School.objects.create(urn=100004, name="Old Closed School", local_authority="Northshire", area=north,
                               status="closed")
    teacher = UserFactory(full_name="Tess Teacher", organisation=None, area=None)

    def book(school, session_type, created, status="requested", confirmed=None, delivered=None, cancelled=None,
             attendance=()):
        booking = SessionBooking.objects.create(school=school, session_type=session_type, teacher=teacher,
                                                year_group=attendance[0][0] if attendance else 9, pupils=25,
                                                status=status, confirmed_at=confirmed, delivered_at=delivered,
                                                cancelled_at=cancelled)
        SessionBooking.objects.filter(pk=booking.pk).update(created_at=created)
        for year_group, pupils in attendance:
            SessionAttendance.objects.create(booking=booking, year_group=year_group, pupils=pupils)
        return booking

    b1 = book(s1, t1, noon(2024, 4, 2), "delivered", noon(2024, 4, 5), noon(2024, 5, 1), attendance=[(7, 20), (8, 5)])
    b2 = book(s2, t1, utc(2024, 6, 30, 23, 30), "closed", noon(2024, 7, 2), noon(2024, 10, 10),
              attendance=[(9, 25)])
    b3 = book(s1, t2, noon(2024, 8, 1), "cancelled", cancelled=noon(2024, 8, 5))
    b4 = book(s3, t2, noon(2025, 1, 15))
    b5 = book(s2, t2, noon(2023, 12, 1), "delivered", noon(2023, 12, 5), noon(2024, 2, 1), attendance=[(10, 30)])

    def feedback(booking, when, counts):
        item = SessionFeedback.objects.create(booking=booking, rating=5)
        SessionFeedback.objects.filter(pk=item.pk).update(submitted_at=when)
        for stage, score, pupils in counts:
            ConfidenceCount.objects.create(feedback=item, statement="I can apply pressure", stage=stage,
                                           score=score, pupils=pupils)

    feedback(b1, noon(2024, 5, 2), [("before", 2, 10), ("before", 3, 15), ("after", 4, 20), ("after", 5, 5)])
    feedback(b2, noon(2024, 10, 11), [("before", 1, 25), ("after", 4, 25)])
    return SimpleNamespace(**locals())


@pytest.fixture(autouse=True)
def _fresh_mark_memory():
    """Each test's database starts empty: forget the groups this thread marked in an earlier test."""
    from lms.reporting import stale

    stale.forget_local_marks()
    yield
    stale.forget_local_marks()


def refresh_summaries() -> int:
    """What Celery beat does a minute later: the refresh task, once the marks' window has passed."""
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from lms.reporting.tasks import refresh_marked_summaries

    with time_machine.travel(timezone.now() + timedelta(minutes=1), tick=False):
        return refresh_marked_summaries()
