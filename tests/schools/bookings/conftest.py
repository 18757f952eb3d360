"""Fixtures for booking tests: one school with its approved teacher, a session type, a slot, staff, an instructor."""
from types import SimpleNamespace

import pytest

from accounts import roles
from tests.schools.bookings import world


@pytest.fixture
def booking_world(site_pages, make_user):
    area = world.area()
    kind = world.session_type()
    school = world.school(area_obj=area)
    teacher = make_user(roles.TEACHER, full_name="Sam Teacher")
    world.link(teacher, school)
    instructor = make_user(roles.INSTRUCTOR, full_name="Jordan Instructor")
    staff = make_user(roles.PARTNERSHIP_STAFF, full_name="Morgan Staff")
    session = world.slot(kind, capacity=60, area_obj=area)
    return SimpleNamespace(area=area, kind=kind, school=school, teacher=teacher, instructor=instructor, staff=staff,
                           session=session)


@pytest.fixture
def book(booking_world):
    """Book through the service: `book(pupils=25, school=..., teacher=..., session=...)`."""
    from schools.bookings import services

    def do_book(**overrides):
        args = {"session": booking_world.session, "school": booking_world.school, "teacher": booking_world.teacher,
                "year_group": 9, "pupils": 25, **world.contact(), **overrides}
        return services.booking_create(**args)

    return do_book
