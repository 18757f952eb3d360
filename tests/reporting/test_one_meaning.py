"""Two screens showing the same figure agree: "schools reached" on the staff bookings page and on the dashboard.

Both read schools.terms: open schools with a booking delivered (attendance recorded) in the 12 calendar months
ending today. The data straddles the two boundaries where the old definitions (365 days by the session's start on
the staff page, 12 months by the day of delivery on the dashboard) disagreed.
"""
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from schools import terms
from schools.models import BookingStatus, Session, SessionBooking
from tests.reporting.helpers import page_tables
from tests.schools.bookings import world

def uk(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def _delivered(kind, school, teacher, *, starts_at, delivered_at, status=BookingStatus.DELIVERED):
    session = Session.objects.create(session_type=kind, starts_at=starts_at, ends_at=starts_at + timedelta(hours=1),
                                     capacity=60)
    return SessionBooking.objects.create(
        session=session, session_type=kind, school=school, teacher=teacher, year_group=9, pupils=20, status=status,
        delivered_at=delivered_at,
    )


@pytest.fixture
def straddling(site_pages, make_user, time_machine):
    time_machine.move_to(uk(2026, 6, 15, 12, 0), tick=False)
    kind = world.session_type()
    teacher = make_user(roles.TEACHER)
    ashdown, beechwood, cedar, dale = (world.school(name) for name in (
        "Ashdown School", "Beechwood Academy", "Cedar Primary", "Dale Community School"))
    # Session 13 months ago, attendance recorded 360 days ago: reached (the old staff page said not).
    _delivered(kind, ashdown, teacher, starts_at=uk(2025, 5, 20, 10), delivered_at=uk(2025, 6, 20, 9))
    # Session and attendance on this day a year ago: just outside the 12 months from 16 June 2025 (the old staff
    # page, counting 365 days from its start, said reached).
    _delivered(kind, beechwood, teacher, starts_at=uk(2025, 6, 15, 10), delivered_at=uk(2025, 6, 15, 16),
               status=BookingStatus.CLOSED)
    # Delivered and closed this year: reached everywhere.
    _delivered(kind, cedar, teacher, starts_at=uk(2026, 1, 10, 10), delivered_at=uk(2026, 1, 10, 15),
               status=BookingStatus.CLOSED)
    # Dale's only booking was cancelled: not reached.
    _delivered(kind, dale, teacher, starts_at=uk(2026, 2, 1, 10), delivered_at=None, status=BookingStatus.CANCELLED)
    return {"reached": ["Ashdown School", "Cedar Primary"],
            "not_reached": ["Beechwood Academy", "Dale Community School"]}


def test_the_window_is_the_12_calendar_months_ending_on_the_day():
    assert terms.reach_window(date(2026, 6, 15)) == (
        date(2025, 6, 16), date(2026, 6, 15))
    # A month shorter than the day: its last day, not a fixed 28th.
    assert terms.months_before(date(2025, 3, 31), 1) == date(2025, 2, 28)


def test_staff_bookings_page_and_dashboard_agree_on_schools_reached(client, make_user, straddling):
    client.force_login(make_user(roles.PARTNERSHIP_STAFF))

    reach_page = client.get(reverse("schools:manage_reach"))
    assert reach_page.status_code == 200
    staff_reached = sorted(school.name for school in reach_page.context["reached"])
    staff_not_reached = sorted(school.name for school in reach_page.context["not_reached"])

    dashboard = client.get(reverse("reporting:dashboard"))  # this financial year, up to today
    assert dashboard.status_code == 200
    tables = page_tables(dashboard.content.decode())
    dashboard_reached = sorted(row[0] for row in tables["schools_reached"][1:])
    dashboard_not_reached = sorted(row[0] for row in tables["schools_not_reached"][1:])

    assert staff_reached == dashboard_reached == straddling["reached"]
    assert staff_not_reached == dashboard_not_reached == straddling["not_reached"]
    page = reach_page.content.decode()
    assert "2 open schools reached, 2 not reached." in page
    assert "Open schools with at least one session delivered from 16 June 2025 to 15 June 2026." in \
        dashboard.content.decode()
