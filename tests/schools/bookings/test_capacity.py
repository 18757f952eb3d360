"""Booked places never exceed a session's capacity, whatever teachers and staff do in whatever order.

The capacity rule is one function (schools.bookings.services.capacity._check_room) under the session's row lock;
these tests drive every way in (book, change, accept an offer, staff confirm or move, a capacity change,
offers running out) and count the places held afterwards. Run on PostgreSQL with
`.ci/with-postgres .venv/bin/python -m pytest tests/schools/bookings/test_capacity.py`.
"""
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import roles
from schools.bookings import services
from schools.models import BookingStatus, Session, SessionBooking
from tests.schools.bookings import world

YEAR = 9


@pytest.fixture
def big_classes(site_pages, make_user):
    """Three schools with a teacher each, two slots (32 and 20 places) of a type taking classes of up to 40."""
    area = world.area()
    kind = world.session_type("Bleeding control, big classes", max_class_size=40)
    teachers, schools = [], []
    for number, name in enumerate(("Ashdown School", "Beechwood Academy", "Cedar Primary")):
        school = world.school(name, area_obj=area)
        teacher = make_user(roles.TEACHER, full_name=f"Teacher {number}")
        world.link(teacher, school)
        teachers.append(teacher)
        schools.append(school)
    staff = make_user(roles.PARTNERSHIP_STAFF, full_name="Morgan Staff")
    instructor = make_user(roles.INSTRUCTOR, full_name="Jordan Instructor")
    sessions = [world.slot(kind, days=14, capacity=32, area_obj=area), world.slot(kind, days=21, capacity=20,
                                                                                      area_obj=area)]
    return {"schools": schools, "teachers": teachers, "staff": staff, "instructor": instructor, "sessions": sessions}


def held(session: Session, *, now=None) -> int:
    return services.places_held(session, now=now or timezone.now())


def test_the_reviewers_scenario_a_waiting_school_cannot_grow_its_offer_past_the_capacity(big_classes):
    """32 places: school A waits with 5 and is offered a freed place, B books the other 27, A changes to 32 and
    accepts: before the fix, 59 pupils were booked in 32 places."""
    (a, b, c), (ta, tb, tc) = big_classes["schools"], big_classes["teachers"]
    session = big_classes["sessions"][0]
    first = services.booking_create(session=session, school=c, teacher=tc, year_group=YEAR, pupils=30)
    waiting = services.waitlist_join(session=session, school=a, teacher=ta, year_group=YEAR, pupils=5)
    services.booking_cancel(booking=first, by=tc)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at is not None  # offered the freed place
    services.booking_create(session=session, school=b, teacher=tb, year_group=YEAR, pupils=27)
    assert held(session) == 32

    with pytest.raises(services.BookingFull) as refusal:
        services.booking_change(booking=waiting, by=ta, year_group=YEAR, pupils=32)
    assert "offered to you is for 5 pupils" in refusal.value.message
    assert "and no more places are free in this session, so it cannot take 32" in refusal.value.message
    waiting.refresh_from_db()
    assert waiting.pupils == 5 and held(session) == 32  # nothing changed

    services.offer_accept(booking=waiting, by=ta)
    waiting.refresh_from_db()
    assert waiting.status == BookingStatus.REQUESTED and held(session) == 32


def test_the_teacher_is_told_why_on_the_change_page_and_nothing_changes(big_classes, client):
    (a, b, _), (ta, tb, _) = big_classes["schools"], big_classes["teachers"]
    session = big_classes["sessions"][1]  # 20 places
    services.booking_create(session=session, school=b, teacher=tb, year_group=YEAR, pupils=15)
    waiting = services.waitlist_join(session=session, school=a, teacher=ta, year_group=YEAR, pupils=5)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at is not None  # the last 5 places, offered at once
    client.force_login(ta)
    response = client.post(f"/schools/bookings/{waiting.pk}/change/", {
        "year_group": YEAR, "pupils": 12, **world.contact()})
    assert response.status_code == 200
    assert ("The place offered to you is for 5 pupils, and no more places are free in this session, so it cannot "
            "take 12.") in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.pupils == 5 and held(session) == 20


def test_an_offer_accepted_after_the_session_shrank_is_refused(big_classes):
    (a, b, _), (ta, tb, _) = big_classes["schools"], big_classes["teachers"]
    session = big_classes["sessions"][1]  # 20 places
    first = services.booking_create(session=session, school=b, teacher=tb, year_group=YEAR, pupils=20)
    waiting = services.waitlist_join(session=session, school=a, teacher=ta, year_group=YEAR, pupils=10)
    services.booking_change(booking=first, by=tb, year_group=YEAR, pupils=10)  # frees 10: offered to A
    waiting.refresh_from_db()
    assert waiting.offer_expires_at is not None
    # Staff cannot shrink the session below what bookings and offers hold, so the offer stays good.
    with pytest.raises(services.BookingError) as refusal:
        services.session_capacity_change(session=session, by=big_classes["staff"], capacity=15)
    assert "already hold 20 places" in refusal.value.message
    session.refresh_from_db()
    assert session.capacity == 20
    services.offer_accept(booking=waiting, by=ta)
    assert held(session) == 20


def test_a_capacity_change_is_for_staff_and_growing_offers_the_new_places(big_classes):
    (a, b, _), (ta, tb, _) = big_classes["schools"], big_classes["teachers"]
    session = big_classes["sessions"][1]
    services.booking_create(session=session, school=b, teacher=tb, year_group=YEAR, pupils=20)
    waiting = services.waitlist_join(session=session, school=a, teacher=ta, year_group=YEAR, pupils=8)
    with pytest.raises(PermissionDenied):
        services.session_capacity_change(session=session, by=tb, capacity=40)
    services.session_capacity_change(session=session, by=big_classes["staff"], capacity=28)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at is not None and held(session) == 28


# --- random sequences of everything anyone can do --------------------------------------------------

SCHOOL = st.integers(min_value=0, max_value=2)
SESSION = st.integers(min_value=0, max_value=1)
PUPILS = st.integers(min_value=1, max_value=40)
OPERATION = st.one_of(
    st.tuples(st.just("book"), SCHOOL, SESSION, PUPILS),
    st.tuples(st.just("wait"), SCHOOL, SESSION, PUPILS),
    st.tuples(st.just("change"), SCHOOL, SESSION, PUPILS),
    st.tuples(st.just("cancel"), SCHOOL, SESSION),
    st.tuples(st.just("accept"), SCHOOL, SESSION),
    st.tuples(st.just("confirm"), SCHOOL, SESSION),
    st.tuples(st.just("move"), SCHOOL, SESSION),
    st.tuples(st.just("teacher_move"), SCHOOL, SESSION),
    st.tuples(st.just("capacity"), SESSION, st.integers(min_value=1, max_value=60)),
    st.tuples(st.just("expire"),),
)


def _latest(school, session):
    return SessionBooking.objects.filter(school=school, session=session).order_by("-pk").first()


def _run(operation, world_):
    schools, teachers, staff = world_["schools"], world_["teachers"], world_["staff"]
    sessions = world_["sessions"]
    kind, *args = operation
    if kind == "capacity":
        number, capacity = args
        return services.session_capacity_change(session=sessions[number], by=staff, capacity=capacity)
    if kind == "expire":
        # Offers made now run out within the set number of hours; the sessions are weeks away.
        return services.offers_expire(now=timezone.now() + timedelta(days=3))
    school_number, session_number, *rest = args
    school, teacher, session = schools[school_number], teachers[school_number], sessions[session_number]
    if kind == "book":
        return services.booking_create(session=session, school=school, teacher=teacher, year_group=YEAR,
                                       pupils=rest[0])
    if kind == "wait":
        return services.waitlist_join(session=session, school=school, teacher=teacher, year_group=YEAR,
                                      pupils=rest[0])
    booking = _latest(school, session)
    if booking is None:
        return None
    if kind == "change":
        return services.booking_change(booking=booking, by=teacher, year_group=YEAR, pupils=rest[0])
    if kind == "cancel":
        return services.booking_cancel(booking=booking, by=teacher)
    if kind == "accept":
        return services.offer_accept(booking=booking, by=teacher)
    if kind == "confirm":
        return services.booking_confirm(booking=booking, by=staff, instructor=world_["instructor"])
    if kind == "move":
        return services.booking_reschedule(booking=booking, by=staff, session=sessions[1 - session_number],
                                           reason="Moved by the property test.")
    if kind == "teacher_move":
        return services.booking_move(booking=booking, by=teacher, session=sessions[1 - session_number])
    raise AssertionError(kind)


def _state(sessions) -> tuple:
    rows = SessionBooking.objects.order_by("pk").values_list("pk", "session_id", "status", "pupils",
                                                             "offer_expires_at")
    return tuple(rows), tuple(Session.objects.filter(pk__in=[s.pk for s in sessions]).values_list("pk", "capacity"))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(operations=st.lists(OPERATION, min_size=1, max_size=12))
def test_no_sequence_of_operations_overbooks_a_session(big_classes, operations):
    sessions = big_classes["sessions"]
    with transaction.atomic():
        for operation in operations:
            before = _state(sessions)
            try:
                _run(operation, big_classes)
            except (services.BookingError, PermissionDenied):
                # A refusal changes nothing: the places held (and the capacity) are as they were.
                assert _state(sessions) == before, operation
            for session in Session.objects.filter(pk__in=[s.pk for s in sessions]):
                assert held(session) <= session.capacity, (operation, operations)
        transaction.set_rollback(True)  # the next sequence starts from the same three schools and two slots
