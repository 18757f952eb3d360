"""Demo content for schools: the sample directory, session types, this year's holidays, the demo teacher's school.

Safe to run again: nothing is duplicated and an editor's changes to the pages are kept.
"""
import datetime
import json
from decimal import Decimal
from pathlib import Path

from dateutil.easter import easter
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from accounts import roles
from accounts.models import User

from .importer import schools_import
from .models import ClosureDate, MembershipStatus, School, SchoolMembership, SessionTypeIndexPage, SessionTypePage

DATA = Path(__file__).resolve().parent / "data"
SAMPLE_FILE = DATA / "gias_sample_schools.csv"
DEMO_TEACHER = "teacher@demo.test"
# A secondary school: the demo's session types are for Years 9 to 11, which a primary school does not teach.
DEMO_TEACHER_SCHOOL_URN = 990002  # Avonmead Academy, Chippenham


def seed() -> None:
    seed_schools()
    seed_session_types()
    seed_closure_dates()
    seed_teacher_link()


def seed_schools():
    return schools_import(path=SAMPLE_FILE, local_authorities=["Wiltshire", "Swindon"])


@transaction.atomic
def seed_session_types() -> list[SessionTypePage]:
    from certificates.demo import seed_participation_template

    # The home page, found through the index's allowed parent (lms.HomePage) so this app never imports lms.
    home = Page.objects.type(*SessionTypeIndexPage.allowed_parent_page_models()).order_by("path").first()
    if home is None:
        return []
    home = home.specific
    content = json.loads((DATA / "demo_session_types.json").read_text(encoding="utf-8"))
    index = SessionTypeIndexPage.objects.first()
    if index is None:
        index = SessionTypeIndexPage(
            title=content["index"]["title"], slug=content["index"]["slug"], introduction=content["index"]["introduction"]
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    template = seed_participation_template()
    pages = []
    for item in content["session_types"]:
        page = SessionTypePage.objects.filter(slug=item["slug"]).first()
        if page is None:
            page = SessionTypePage(
                **{key: value for key, value in item.items() if key != "cpd_hours"},
                cpd_hours=Decimal(item["cpd_hours"]),
                certificate_template=template,
                sign_off_note=content["sign_off_note"],
            )
            index.add_child(instance=page)
            page.save_revision().publish()
        pages.append(page)
    return pages


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def school_holidays(academic_year_start: int) -> list[tuple[str, datetime.date, datetime.date]]:
    """Typical Wiltshire and Swindon holidays for the school year starting in September of that year.

    Approximate, for the demo: staff replace them with the councils' published term dates.
    """
    y, n = academic_year_start, academic_year_start + 1
    week = datetime.timedelta(days=4)
    easter_monday = easter(n) + datetime.timedelta(days=1)
    return [
        (f"Autumn half term {y}", _monday(datetime.date(y, 10, 28)), _monday(datetime.date(y, 10, 28)) + week),
        (f"Christmas holidays {y}", _monday(datetime.date(y, 12, 22)), _monday(datetime.date(n, 1, 2)) + week),
        (f"Spring half term {n}", _monday(datetime.date(n, 2, 17)), _monday(datetime.date(n, 2, 17)) + week),
        (f"Easter holidays {n}", easter_monday - datetime.timedelta(days=7), easter_monday + week),
        (f"Summer half term {n}", _monday(datetime.date(n, 5, 28)), _monday(datetime.date(n, 5, 28)) + week),
        (f"Summer holidays {n}", datetime.date(n, 7, 23), datetime.date(n, 9, 2)),
    ]


@transaction.atomic
def seed_closure_dates() -> int:
    today = timezone.localdate()
    start_year = today.year if today.month >= 9 else today.year - 1
    created = 0
    for name, start, end in school_holidays(start_year):
        _, made = ClosureDate.objects.get_or_create(name=name, defaults={"start_date": start, "end_date": end})
        created += made
    return created


@transaction.atomic
def seed_teacher_link() -> SchoolMembership | None:
    """Link the demo teacher to one school; teachers belong to schools, not to an organisation."""
    if not getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False):
        return None
    teacher = User.objects.filter(email=DEMO_TEACHER).first()
    school = School.objects.filter(urn=DEMO_TEACHER_SCHOOL_URN).first()
    if teacher is None or school is None:
        return None
    membership, _ = SchoolMembership.objects.get_or_create(
        user=teacher, school=school,
        defaults={"role_in_school": "Head of PSHE", "status": MembershipStatus.APPROVED, "decided_at": timezone.now()},
    )
    roles.ensure_roles()
    roles.assign_role(teacher, roles.TEACHER)
    return membership
