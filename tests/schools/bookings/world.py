"""Builders for booking tests: a school with an approved teacher, a session type page, slots, bookings.

Plain functions (not only fixtures) so the PostgreSQL concurrency script and the benchmark can use them too.
"""
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from accounts import roles
from accounts.models import Area


def session_type(title: str = "Bleeding control, Year 9", *, max_class_size: int = 30, year_groups=(8, 9, 10),
                 duration: int = 60):
    from wagtail.models import Page

    from lms.demo import ensure_tree_roots
    from schools.models import SessionTypeIndexPage, SessionTypePage

    index = SessionTypeIndexPage.objects.first()
    if index is None:
        from lms.models import HomePage

        parent = HomePage.objects.first() or ensure_tree_roots()
        if not isinstance(parent, Page):
            parent = Page.get_first_root_node()
        index = parent.add_child(instance=SessionTypeIndexPage(title="Sessions", slug="sessions"))
    existing = SessionTypePage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    page = SessionTypePage(
        title=title, slug=slugify(title), description="Pupils learn to stop a bleed.",
        year_groups=list(year_groups), duration_minutes=duration, max_class_size=max_class_size,
        pupils_per_instructor=30,
    )
    index.add_child(instance=page)
    return page


def area(name: str = "Wiltshire"):
    return Area.objects.get_or_create(slug=name.lower(), defaults={"name": name})[0]


def school(name: str = "Oakfield Academy", *, urn: int | None = None, area_obj=None, domains: str = ""):
    from schools.models import School

    urn = urn or 900000 + School.objects.count() + 1
    return School.objects.create(
        urn=urn, name=name, town="Trowbridge", postcode="BA14 0AA", street="1 School Lane",
        local_authority="Wiltshire", area=area_obj, email_domains=domains,
    )


def link(user, school_obj, status: str = "approved"):
    from schools.models import SchoolMembership

    return SchoolMembership.objects.create(user=user, school=school_obj, role_in_school="Head of PE", status=status)


def slot(kind, *, days: int = 14, hour: int = 10, capacity: int = 60, instructor=None, area_obj=None, by=None):
    from schools.models import Session

    day = timezone.localdate() + timedelta(days=days)
    starts = timezone.make_aware(datetime.combine(day, time(hour, 0)))
    return Session.objects.create(
        session_type=kind, starts_at=starts, ends_at=starts + timedelta(minutes=kind.duration_minutes),
        capacity=capacity, instructor=instructor, area=area_obj, created_by=by,
    )


def contact(**overrides) -> dict:
    return {"room": "Sports hall", "access_needs": "One pupil uses a wheelchair.", "contact_name": "Pat Office",
            "contact_phone": "01632 960 001", **overrides}


def make_person(role: str, **kwargs):
    from tests.factories import UserFactory

    roles.ensure_roles()
    user = UserFactory(**kwargs)
    roles.assign_role(user, role)
    return user
