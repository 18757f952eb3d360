"""Test data for schools: factory_boy factories for the directory, the booking builders (a session type page,
schools, links, slots, contact details) and a GIAS file builder for importer tests.

The booking builders are plain functions (not only fixtures) so the PostgreSQL concurrency scripts can use them.
"""
import csv
import io
from datetime import datetime, time, timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Area
from schools import gias
from schools.models import ClosureDate, MembershipStatus, School, SchoolMembership, SchoolStatus
from tests.accounts.factories import UserFactory


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("urn",)

    urn = factory.Sequence(lambda n: 980000 + n)
    name = factory.Sequence(lambda n: f"Test School {n}")
    establishment_type = "Academy converter"
    phase = "Secondary"
    statutory_low_age = 11
    statutory_high_age = 16
    local_authority = "Wiltshire"
    street = "High Street"
    town = "Devizes"
    postcode = "SN10 1AA"
    status = SchoolStatus.OPEN
    email_domains = factory.Sequence(lambda n: f"school{n}.wilts.sch.uk")


class SchoolMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = factory.SubFactory(UserFactory, organisation=None, area=None)
    school = factory.SubFactory(SchoolFactory)
    role_in_school = "Head of PSHE"
    status = MembershipStatus.PENDING


class ClosureDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDate

    name = factory.Sequence(lambda n: f"Closure {n}")
    start_date = factory.Faker("date_object")
    end_date = factory.SelfAttribute("start_date")


def gias_row(**values) -> dict[str, str]:
    """A row of the GIAS export with the columns we read filled in; keyword names use the CSV headers' words."""
    row = dict.fromkeys(gias.COLUMNS, "")
    row.update({
        "URN": "990101", "EstablishmentName": "Example Academy", "LA (name)": "Wiltshire",
        "TypeOfEstablishment (name)": "Academy converter", "PhaseOfEducation (name)": "Secondary",
        "EstablishmentStatus (name)": "Open", "StatutoryLowAge": "11", "StatutoryHighAge": "18",
        "Street": "School Lane", "Town": "Devizes", "Postcode": "SN10 3AB", "SchoolWebsite": "www.example.wilts.sch.uk",
    })
    row.update(values)
    return row


def gias_file(path, rows: list[dict[str, str]], encoding: str = "cp1252", header=None):
    """Write a GIAS-style CSV (Windows-1252, CRLF, every published column) and return its path."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = header or gias.COLUMNS
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


# --- bookings: a session type, schools with teachers, slots -------------------------------------------------------

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
