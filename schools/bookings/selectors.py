"""Reads for bookings: what a teacher, an instructor and partnership staff each see."""
from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import (
    BookingStatus,
    ClosureDate,
    MembershipStatus,
    School,
    SchoolMembership,
    Session,
    SessionBooking,
    SessionStatus,
)
from .. import terms

# Bookings that hold places in their session. A waiting-list booking holds them only while offered.
HOLDING = (BookingStatus.REQUESTED, BookingStatus.CONFIRMED, BookingStatus.DELIVERED, BookingStatus.CLOSED)


def is_approved_member(user, school) -> bool:
    if not user.is_authenticated:
        return False
    return SchoolMembership.objects.filter(user=user, school=school, status=MembershipStatus.APPROVED).exists()


def schools_for_teacher(user) -> QuerySet[School]:
    """The schools this person may book for: those their link to is approved."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.APPROVED
    ).select_related("area").order_by("name")


def holding(now: datetime) -> Q:
    """The bookings that hold places at `now`: the one count the capacity rule and every page of places use."""
    return Q(status__in=HOLDING) | Q(status=BookingStatus.WAITLISTED, offer_expires_at__gt=now)


def _with_places(queryset: QuerySet[Session], now: datetime) -> QuerySet[Session]:
    held = (
        SessionBooking.objects.filter(session=OuterRef("pk"))
        .filter(holding(now))
        .values("session").annotate(total=Sum("pupils")).values("total")
    )
    return queryset.annotate(places_held=Coalesce(Subquery(held, output_field=IntegerField()), Value(0)))


def sessions_available(*, date_from: date | None = None, date_to: date | None = None, area=None,
                       session_type=None) -> QuerySet[Session]:
    """Open future slots for teachers, each with `places_held`; full ones stay listed, for the waiting list."""
    now = timezone.now()
    queryset = Session.objects.filter(status=SessionStatus.OPEN, starts_at__gt=now)
    if date_from:
        queryset = queryset.filter(starts_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(starts_at__date__lte=date_to)
    if area is not None:
        queryset = queryset.filter(Q(area=area) | Q(area__isnull=True))
    if session_type is not None:
        queryset = queryset.filter(session_type=session_type)
    return _with_places(queryset, now).select_related("session_type", "area").order_by("starts_at", "pk")


def sessions_to_move_to(booking: SessionBooking, *, limit: int = 100) -> list[Session]:
    """Where a teacher may move a booking: open future slots of its kind with room for its pupils, not on a closure
    date and not overlapping another booking of its school. The move service checks it all again under the locks.
    """
    area = booking.school.area
    sessions = [
        session for session in sessions_available(session_type=booking.session_type_id, area=area)
        .exclude(pk=booking.session_id)[:limit]
        if session.capacity - session.places_held >= booking.pupils
    ]
    if not sessions:
        return []
    # Closure dates are few: read those still to come once, and apply the booking rule's area (the school's, or
    # else the session's) to each session here.
    closures = list(ClosureDate.objects.filter(end_date__gte=timezone.localdate()))
    busy = list(
        SessionBooking.objects.filter(school=booking.school, status__in=(BookingStatus.REQUESTED,
                                                                          BookingStatus.CONFIRMED),
                                      session__isnull=False)
        .exclude(pk=booking.pk).values_list("session__starts_at", "session__ends_at")
    )

    def free(session: Session) -> bool:
        day = timezone.localtime(session.starts_at).date()
        area_id = area.pk if area is not None else session.area_id
        if any(c.start_date <= day <= c.end_date and c.area_id in (None, area_id) for c in closures):
            return False
        return not any(starts < session.ends_at and ends > session.starts_at for starts, ends in busy)

    for session in sessions:
        session.places_left = session.capacity - session.places_held
    return [session for session in sessions if free(session)]


def session_with_places(pk: int) -> Session | None:
    return _with_places(Session.objects.filter(pk=pk), timezone.now()).select_related(
        "session_type", "area", "instructor"
    ).first()


def bookings_for_teacher(user) -> QuerySet[SessionBooking]:
    """Every booking of the schools this person is an approved member of, soonest first."""
    return (
        SessionBooking.objects.filter(school__in=schools_for_teacher(user).values("pk"))
        .select_related("session", "session_type", "school", "teacher")
        .order_by(Coalesce("session__starts_at", "created_at").desc(), "-pk")
    )


def clashing_bookings(*, schools, session: Session) -> dict[int, SessionBooking]:
    """Each school's requested or confirmed booking at a time that overlaps `session`, by school id.

    The same overlap the booking service refuses (services.checks._check_overlap): the page uses it so it never offers
    a booking, or a waiting-list place, that the school would be refused anyway.
    """
    clashes = (
        SessionBooking.objects.filter(
            school__in=schools, status__in=(BookingStatus.REQUESTED, BookingStatus.CONFIRMED),
            session__starts_at__lt=session.ends_at, session__ends_at__gt=session.starts_at,
        )
        .select_related("session", "session_type")
        .order_by("session__starts_at")
    )
    found: dict[int, SessionBooking] = {}
    for booking in clashes:
        found.setdefault(booking.school_id, booking)
    return found


def booking_for_teacher(user, pk: int) -> SessionBooking | None:
    return bookings_for_teacher(user).select_related("session__instructor", "feedback").filter(pk=pk).first()


def sessions_for_instructor(user) -> tuple[list[Session], list[Session]]:
    """The instructor's sessions, upcoming (soonest first) and past (latest first), with the schools booked."""
    bookings = SessionBooking.objects.filter(status__in=(*HOLDING,)).select_related("school", "teacher").order_by(
        "school__name"
    )
    sessions = list(
        Session.objects.filter(instructor=user).select_related("session_type", "area")
        .prefetch_related(Prefetch("bookings", queryset=bookings, to_attr="held_bookings"))
        .order_by("starts_at")
    )
    now = timezone.now()
    for session in sessions:
        session.started = session.starts_at <= now
    upcoming = [s for s in sessions if s.ends_at >= now and s.status == SessionStatus.OPEN]
    past = [s for s in reversed(sessions) if s.ends_at < now]
    return upcoming, past


def feed_sessions(user) -> QuerySet[Session]:
    """The instructor's feed: their sessions from 90 days ago on, cancelled ones too (so calendars remove them)."""
    since = timezone.now() - timedelta(days=90)
    bookings = SessionBooking.objects.filter(status__in=HOLDING).select_related("school")
    return (
        Session.objects.filter(instructor=user, starts_at__gte=since).select_related("session_type")
        .prefetch_related(Prefetch("bookings", queryset=bookings, to_attr="held_bookings"))
        .order_by("starts_at")
    )


# --- partnership staff ------------------------------------------------------------------------------

def pipeline(*, status: str = "", search: str = "", session_type=None, area=None, date_from: date | None = None,
             date_to: date | None = None) -> QuerySet[SessionBooking]:
    queryset = SessionBooking.objects.select_related("session", "session__instructor", "session_type", "school",
                                                     "teacher")
    if status:
        queryset = queryset.filter(status=status)
    if search:
        term = search.strip()
        queryset = queryset.filter(Q(school__name__icontains=term) | Q(school__town__icontains=term)
                                   | Q(school__postcode__icontains=term) | Q(teacher__full_name__icontains=term))
    if session_type is not None:
        queryset = queryset.filter(session_type=session_type)
    if area is not None:
        queryset = queryset.filter(school__area=area)
    if date_from:
        queryset = queryset.filter(session__starts_at__date__gte=date_from)
    if date_to:
        queryset = queryset.filter(session__starts_at__date__lte=date_to)
    # What needs staff's action first (requests to confirm, then waiting lists), each soonest first.
    needs_action = Case(When(status=BookingStatus.REQUESTED, then=Value(0)),
                        When(status=BookingStatus.WAITLISTED, then=Value(1)),
                        When(status=BookingStatus.CONFIRMED, then=Value(2)), default=Value(3),
                        output_field=IntegerField())
    return queryset.order_by(needs_action, Coalesce("session__starts_at", "created_at"), "pk")


def counts_by_status() -> list[dict]:
    counts = dict(SessionBooking.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [{"value": value, "label": label, "count": counts.get(value, 0)} for value, label in BookingStatus.choices]


def sessions_calendar(*, date_from: date, date_to: date) -> QuerySet[Session]:
    bookings = SessionBooking.objects.filter(status__in=(*HOLDING, BookingStatus.WAITLISTED)).select_related("school")
    return (
        _with_places(Session.objects.filter(starts_at__date__gte=date_from, starts_at__date__lte=date_to),
                     timezone.now())
        .select_related("session_type", "area", "instructor")
        .prefetch_related(Prefetch("bookings", queryset=bookings, to_attr="listed_bookings"))
        .order_by("starts_at", "pk")
    )


def instructor_workload(*, since: date, until: date) -> list:
    """Per instructor: sessions in the period, of which delivered, and pupils who attended."""
    from accounts.models import User

    in_period = Q(sessions_delivered__starts_at__date__gte=since, sessions_delivered__starts_at__date__lte=until,
                  sessions_delivered__status=SessionStatus.OPEN)
    return list(
        User.objects.filter(groups__permissions__codename="deliver_sessions").distinct()
        .annotate(
            sessions=Count("sessions_delivered", filter=in_period, distinct=True),
            upcoming=Count("sessions_delivered", filter=in_period & Q(sessions_delivered__starts_at__gt=timezone.now()),
                           distinct=True),
            delivered=Count("sessions_delivered__bookings", filter=in_period & Q(
                sessions_delivered__bookings__status__in=terms.DELIVERED), distinct=True),
        )
        .order_by("full_name")
    )


def pupils_by_instructor(*, since: date, until: date) -> dict[int, int]:
    from ..models import SessionAttendance

    rows = (
        SessionAttendance.objects.filter(
            booking__session__starts_at__date__gte=since, booking__session__starts_at__date__lte=until,
            booking__status__in=terms.DELIVERED,
        )
        .values_list("booking__session__instructor").annotate(total=Sum("pupils"))
    )
    return dict(rows)


def schools_reach(*, today: date | None = None) -> QuerySet[School]:
    """Open schools, each with `reached` and its last delivery (`last_delivered`), as terms.schools_reach counts them
    on the dashboard: a delivered booking in the 12 calendar months to today."""
    return terms.schools_reach(School.objects.select_related("area").order_by("name"),
                               last_day=today or timezone.localdate())
