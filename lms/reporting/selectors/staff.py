"""An organisation's staff by name: their status in each module, and whose certificate needs a refresher soon."""
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from accounts.models import User
from certificates.models import Certificate, CertificateStatus
from courses.models import CoursePage, Enrolment

from ..tables import ReportTable
from ..terms import EXPIRING_DAYS, active_learner


def organisation_members(organisation_id: int | None):
    """Active learners (terms.active_learner) of one organisation, or of every organisation, by name."""
    members = User.objects.filter(active_learner())
    if organisation_id is not None:
        members = members.filter(organisation_id=organisation_id)
    return members.order_by("full_name", "email", "pk")


def report_modules() -> list[CoursePage]:
    return list(CoursePage.objects.live().order_by("path").only("pk", "title", "validity_months"))


def staff_columns(*, modules: list[CoursePage], with_organisation: bool = False, with_dates: bool = False) -> list[str]:
    """The headings of `staff_status_rows` with the same options, so the page and the files always agree."""
    columns = ["Name", "Email", *(["Organisation"] if with_organisation else [])]
    for course in modules:
        columns.append(course.title)
        if with_dates:
            columns += [f"{course.title}: completed on", f"{course.title}: certificate expires on"]
    return columns


def staff_status_rows(*, members: list[User], modules: list[CoursePage], today: date,
                      with_organisation: bool = False, with_dates: bool = False) -> list[list]:
    """For each person, their status in each module (two queries for any number of people).

    `with_dates` adds, after each module's status, the day they completed it and the day their certificate for it
    expires (dates, so a spreadsheet can sort and filter them; empty when there is none).
    """
    ids = [m.pk for m in members]
    course_ids = [c.pk for c in modules]
    latest: dict = {}
    enrolments = (Enrolment.objects.filter(user_id__in=ids, course_id__in=course_ids)
                  .order_by("started_at", "pk").values_list("user_id", "course_id", "completed_at", "withdrawn_at"))
    for user_id, course_id, completed_at, withdrawn_at in enrolments:
        latest[(user_id, course_id)] = (completed_at, withdrawn_at)  # the newest wins
    course_type = ContentType.objects.get_for_model(CoursePage)
    certificates = {
        (recipient, int(course)): (status, valid_until)
        for recipient, course, status, valid_until in Certificate.objects.current()
        .filter(recipient_id__in=ids, achievement_content_type=course_type, achievement_object_id__in=course_ids)
        .values_list("recipient_id", "achievement_object_id", "status", "valid_until")
    }
    rows = []
    for member in members:
        row = [member.full_name or member.email, member.email]
        if with_organisation:
            row.append(member.organisation.name if member.organisation_id else "")
        for course in modules:
            enrolment, certificate = latest.get((member.pk, course.pk)), certificates.get((member.pk, course.pk))
            row.append(_member_status(enrolment, certificate, today))
            if with_dates:
                completed_at = enrolment[0] if enrolment is not None else None
                row.append(timezone.localtime(completed_at).date() if completed_at is not None else None)
                row.append(certificate[1] if certificate is not None and certificate[0] != CertificateStatus.REVOKED
                           else None)
        rows.append(row)
    return rows


def _member_status(enrolment, certificate, today: date) -> str:
    if certificate is not None:
        status, valid_until = certificate
        if status == CertificateStatus.REVOKED:
            return "Certificate revoked"
        if valid_until is not None and valid_until < today:
            return f"Certificate lapsed on {valid_until:%-d %b %Y}"
        if valid_until is not None:
            return f"Certificate valid until {valid_until:%-d %b %Y}"
    if enrolment is None:
        return "Not started"
    completed_at, withdrawn_at = enrolment
    if completed_at is not None:
        return f"Completed on {timezone.localtime(completed_at):%-d %b %Y}"
    if withdrawn_at is not None:
        return "Withdrew"
    return "In progress"


def refreshers_due(*, organisation_id: int | None, today: date, within_days: int = EXPIRING_DAYS) -> ReportTable:
    """Staff whose module certificate runs out within the next 60 days, soonest first (one query)."""
    course_type = ContentType.objects.get_for_model(CoursePage)
    certificates = Certificate.objects.current().filter(
        active_learner("recipient__"), achievement_content_type=course_type, status=CertificateStatus.VALID,
        valid_until__gte=today, valid_until__lte=today + timedelta(days=within_days),
    )
    if organisation_id is not None:
        certificates = certificates.filter(recipient__organisation_id=organisation_id)
    rows = certificates.order_by("valid_until", "recipient__full_name").values_list(
        "recipient__full_name", "recipient__email", "achievement_title", "valid_until")
    return ReportTable(
        key="refreshers", title=f"Refresher needed in the next {within_days} days",
        columns=["Name", "Email", "Module", "Certificate valid until"], rows=[list(r) for r in rows],
        empty=f"Nobody's certificate runs out in the next {within_days} days.",
    )
