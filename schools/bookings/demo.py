"""Demo bookings: slots over the coming six weeks, the demo instructor's sessions, and a booking in each state.

Safe to run again: slots are matched by type and time, and the demo teacher's bookings are made once.
Written directly (not through the services) so loading the demo sends no email; the history of each
booking is recorded as the services would record it.
"""
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from certificates.signals import achievement_completed

from ..models import (
    BookingEvent,
    BookingStatus,
    ConfidenceCount,
    School,
    Session,
    SessionAttendance,
    SessionBooking,
    SessionFeedback,
    SessionTypePage,
)
from .services import CONFIDENCE_STATEMENTS, closure_on

DEMO_TEACHER = "teacher@demo.test"
DEMO_INSTRUCTOR = "instructor@demo.test"
DEMO_STAFF = "staff@demo.test"
DEMO_SCHOOL_URN = 990002  # a secondary school (schools.demo links the demo teacher to it)
WEEKS = 6
SLOT_DAYS = (1, 3)  # Tuesdays and Thursdays
SLOT_TIMES = (time(9, 30), time(13, 30))


def _at(day, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))


def seed() -> None:
    kinds = list(SessionTypePage.objects.live().order_by("path"))
    if not kinds:
        return
    people = {email: User.objects.filter(email=email).first() for email in (DEMO_TEACHER, DEMO_INSTRUCTOR, DEMO_STAFF)}
    seed_slots(kinds, instructor=people[DEMO_INSTRUCTOR], staff=people[DEMO_STAFF])
    if getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False) and all(people.values()):
        seed_bookings(kinds, **{"teacher": people[DEMO_TEACHER], "instructor": people[DEMO_INSTRUCTOR],
                                "staff": people[DEMO_STAFF]})


@transaction.atomic
def seed_slots(kinds, *, instructor, staff) -> int:
    """Two slots on Tuesdays and Thursdays for six weeks from tomorrow, skipping closure dates."""
    today = timezone.localdate()
    created = 0
    for offset in range(1, WEEKS * 7 + 1):
        day = today + timedelta(days=offset)
        if day.weekday() not in SLOT_DAYS or closure_on(day, None) is not None:
            continue
        for index, moment in enumerate(SLOT_TIMES):
            kind = kinds[index % len(kinds)]
            starts = _at(day, moment)
            _, made = Session.objects.get_or_create(
                session_type=kind, starts_at=starts,
                defaults={"ends_at": starts + timedelta(minutes=kind.duration_minutes), "capacity": 60,
                          "instructor": instructor if index == 0 else None, "created_by": staff},
            )
            created += made
    return created


def _past_session(kind, days_ago: int, instructor, staff) -> Session:
    starts = _at(timezone.localdate() - timedelta(days=days_ago), time(10, 0))
    session, _ = Session.objects.get_or_create(
        session_type=kind, starts_at=starts,
        defaults={"ends_at": starts + timedelta(minutes=kind.duration_minutes), "capacity": 60,
                  "instructor": instructor, "created_by": staff},
    )
    return session


def _event(booking, action, *, by, from_status="", reason="", sequence=None, cancels=False):
    BookingEvent.objects.create(booking=booking, action=action, from_status=from_status, to_status=booking.status,
                                actor=by, reason=reason, sequence=sequence, cancels_calendar_entry=cancels,
                                emailed_at=timezone.now())


@transaction.atomic
def seed_bookings(kinds, *, teacher, instructor, staff) -> None:
    school = School.objects.filter(urn=DEMO_SCHOOL_URN).first()
    if school is None or SessionBooking.objects.filter(teacher=teacher).exists():
        return
    kind = kinds[0]
    future = list(Session.objects.filter(session_type=kind, starts_at__gt=timezone.now(), instructor=instructor)
                  .order_by("starts_at")[:5])
    if len(future) < 5:
        return
    contact = {"room": "School hall", "access_needs": "One pupil uses a wheelchair; step-free access by the side gate.",
               "contact_name": teacher.get_full_name(), "contact_phone": "01632 960 123"}
    Action = BookingEvent.Action

    # The demo keeps the site's own rules: only the session type's year groups, classes no bigger than it takes.
    years = sorted(kind.year_groups or [9])

    def year(index: int) -> int:
        return years[min(index, len(years) - 1)]

    def booking(session, status, year_group=None, pupils=None, **extra):
        year_group = year(1) if year_group is None else year_group
        pupils = min(28, kind.max_class_size) if pupils is None else pupils
        return SessionBooking.objects.create(session=session, session_type=kind, school=school, teacher=teacher,
                                             year_group=year_group, pupils=pupils, status=status, **contact, **extra)

    requested = booking(future[0], BookingStatus.REQUESTED, ics_sequence=1)
    _event(requested, Action.REQUESTED, by=teacher, sequence=0)

    confirmed = booking(future[1], BookingStatus.CONFIRMED, year_group=year(2), confirmed_at=timezone.now(),
                        ics_sequence=2)
    _event(confirmed, Action.REQUESTED, by=teacher, sequence=0)
    confirmed.status = BookingStatus.REQUESTED
    _event(confirmed, Action.CONFIRMED, by=staff, from_status=BookingStatus.REQUESTED,
           reason=f"Instructor: {instructor.get_full_name()}", sequence=1)
    SessionBooking.objects.filter(pk=confirmed.pk).update(status=BookingStatus.CONFIRMED)

    # A slot another school filled, with the demo school on its waiting list.
    full = future[2]
    neighbour = School.objects.exclude(pk=school.pk).filter(phase="Secondary").order_by("urn").first()
    if neighbour is not None:
        # Filled by the neighbour's classes, each within the session type's class size.
        left, index = full.capacity, 0
        while left > 0:
            pupils = min(left, kind.max_class_size)
            SessionBooking.objects.create(session=full, session_type=kind, school=neighbour, teacher=staff,
                                          year_group=year(index), pupils=pupils, status=BookingStatus.CONFIRMED,
                                          **contact)
            left, index = left - pupils, index + 1
    waiting = booking(full, BookingStatus.WAITLISTED, year_group=year(0), pupils=min(25, kind.max_class_size))
    _event(waiting, Action.WAITLISTED, by=teacher)

    declined = booking(future[3], BookingStatus.DECLINED, year_group=year(3), ics_sequence=2)
    _event(declined, Action.REQUESTED, by=teacher, sequence=0)
    _event(declined, Action.DECLINED, by=staff, from_status=BookingStatus.REQUESTED,
           reason="No instructor is free that morning; please choose another date.", sequence=1, cancels=True)

    cancelled = booking(future[4], BookingStatus.CANCELLED, cancelled_at=timezone.now(),
                        ics_sequence=2)
    _event(cancelled, Action.REQUESTED, by=teacher, sequence=0)
    _event(cancelled, Action.CANCELLED, by=teacher, from_status=BookingStatus.REQUESTED,
           reason="The class is on a trip that day.", sequence=1, cancels=True)

    asked = SessionBooking.objects.create(
        session=None, session_type=kinds[-1], school=school, teacher=teacher,
        year_group=sorted(kinds[-1].year_groups or [9])[0], pupils=min(30, kinds[-1].max_class_size),
        status=BookingStatus.REQUESTED, preferred_dates=", ".join(
            (timezone.localdate() + timedelta(days=d)).isoformat() for d in (50, 57)), **contact,
    )
    _event(asked, Action.DATES_REQUESTED, by=teacher)

    for days_ago, status in ((21, BookingStatus.CLOSED), (7, BookingStatus.DELIVERED)):
        session = _past_session(kind, days_ago, instructor, staff)
        done = booking(session, status, confirmed_at=session.starts_at - timedelta(days=10),
                       delivered_at=session.ends_at, ics_sequence=2,
                       delivery_notes="Engaged class; practised wound packing in pairs.")
        SessionAttendance.objects.create(booking=done, year_group=done.year_group, pupils=min(26, done.pupils))
        _event(done, Action.DELIVERED, by=instructor, from_status=BookingStatus.CONFIRMED,
               reason=f"{min(26, done.pupils)} pupils attended")
        if status == BookingStatus.CLOSED:
            feedback = SessionFeedback.objects.create(booking=done, rating=5, submitted_by=teacher,
                                                      comments="Pupils were gripped; please come back next year.")
            ConfidenceCount.objects.bulk_create(
                ConfidenceCount(feedback=feedback, statement=statement, stage=stage, score=score, pupils=pupils)
                for statement in CONFIDENCE_STATEMENTS
                for stage, spread in (("before", {1: 8, 2: 10, 3: 6, 4: 2}), ("after", {3: 4, 4: 12, 5: 10}))
                for score, pupils in spread.items()
            )
            _event(done, Action.CLOSED, by=staff, from_status=BookingStatus.DELIVERED)
        achievement_completed.send(sender=SessionBooking, source=done)
