"""What the programme's words about schools mean, defined once for every screen and export: delivered, reached.

* A booking is **delivered** once its instructor has recorded attendance (status delivered), and stays delivered
  when staff close it (closed). It counts on the day that was recorded (`delivered_at`): the day the SVD return,
  the dashboard's "Sessions delivered" and "Pupils reached", and the staff pages all count it in.
* A school is **reached** when it is open and had a booking delivered in the 12 calendar months ending on the
  day asked about (today on the staff page; the last day of the period on the dashboard). 12 calendar months
  ending on 31 March 2025 run from 1 April 2024.

Before this module the staff reach page counted 365 days by the session's start and the dashboard 12 calendar
months by the day of delivery, so the two could disagree about the same school. The dashboard's definition won:
its words ("at least one session delivered from ... to ...") and the SVD return both count by the day of delivery.
"""
import calendar
from datetime import date, datetime, time, timedelta

from django.db.models import BooleanField, Case, Max, Q, QuerySet, Value, When
from django.utils import timezone

from .models import BookingStatus, School

DELIVERED = (BookingStatus.DELIVERED, BookingStatus.CLOSED)
REACH_MONTHS = 12


def day_start(day: date) -> datetime:
    """The first instant of `day` in the UK (GMT or BST as it was that day)."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def delivered(prefix: str = "", *, start_at: datetime | None = None, end_at: datetime | None = None) -> Q:
    """Bookings delivered, recorded from `start_at` up to but not including `end_at` (either may be left open).

    `prefix` reaches the booking from another model, e.g. "booking__" from an attendance row.
    """
    q = Q(**{f"{prefix}status__in": DELIVERED})
    if start_at is not None:
        q &= Q(**{f"{prefix}delivered_at__gte": start_at})
    if end_at is not None:
        q &= Q(**{f"{prefix}delivered_at__lt": end_at})
    return q


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def reach_window(last_day: date) -> tuple[date, date]:
    """The first and last day of the 12 calendar months a school is reached in, ending with `last_day`."""
    return months_before(last_day + timedelta(days=1), REACH_MONTHS), last_day


def schools_reach(schools: QuerySet[School], *, last_day: date, session_type_id: int | None = None) -> QuerySet:
    """`schools` (open ones: the caller narrows them further), each with `reached` and `last_delivered`.

    `last_delivered` is the moment its latest delivery was recorded up to the end of `last_day` (ever, so a school
    not reached still shows when it last was); `reached` is whether that falls in `reach_window(last_day)`. With
    `session_type_id`, only deliveries of that session type count.
    """
    first_day, _ = reach_window(last_day)
    counted = delivered("bookings__", end_at=day_start(last_day + timedelta(days=1)))
    if session_type_id:
        counted &= Q(bookings__session_type_id=session_type_id)
    return (
        schools.filter(status="open")
        .annotate(last_delivered=Max("bookings__delivered_at", filter=counted))
        .annotate(reached=Case(When(last_delivered__gte=day_start(first_day), then=Value(True)), default=Value(False),
                               output_field=BooleanField()))
    )
