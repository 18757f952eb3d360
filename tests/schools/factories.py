"""factory_boy factories for the school directory, and a GIAS file builder for importer tests."""
import csv
import io

import factory

from schools import gias
from schools.models import ClosureDate, MembershipStatus, School, SchoolMembership, SchoolStatus
from tests.factories import UserFactory


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
