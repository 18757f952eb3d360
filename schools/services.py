"""Writes about schools: teachers' links to schools and their approval, staff edits, closure dates.

Every function is keyword-only, runs in one transaction and refuses with a SchoolError whose message
is written for the person who asked.
"""
import datetime

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import Area
from foundation.errors import ServiceError

from . import selectors
from .models import ClosureDate, MembershipStatus, School, SchoolMembership


class SchoolError(ServiceError):
    """A change to the directory or to someone's schools that cannot be made."""


def _email_domain(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def email_is_verified(*, user) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def domain_matches(*, user, school: School) -> bool:
    """Whether this person's email domain is the school's own, so a verified address may link them at once.

    A domain several schools share, or a local authority's shared host, never approves anyone by itself.
    """
    return selectors.domain_belongs_to_school_alone(domain=_email_domain(user.email), school=school)


@transaction.atomic
def school_membership_request(*, user, school: School, role_in_school: str) -> SchoolMembership:
    """Link a person to a school they work in: approved at once when their verified email is the school's, else pending."""
    role_in_school = role_in_school.strip()
    if not role_in_school:
        raise SchoolError("Enter your role in the school, for example Head of PSHE.")
    if not school.is_open:
        raise SchoolError(f"{school.name} is closed, so sessions cannot be booked for it. Choose another school.")
    membership = SchoolMembership.objects.select_for_update().filter(user=user, school=school).first()
    if membership is not None and membership.status == MembershipStatus.APPROVED:
        raise SchoolError(f"You are already linked to {school.name}.")
    if membership is None:
        membership = SchoolMembership(user=user, school=school)
    automatic = domain_matches(user=user, school=school) and email_is_verified(user=user)
    membership.role_in_school = role_in_school[:150]
    membership.status = MembershipStatus.APPROVED if automatic else MembershipStatus.PENDING
    membership.decided_at = timezone.now() if automatic else None
    membership.decided_by = None
    membership.save()
    if automatic:
        roles.assign_role(user, roles.TEACHER)
    return membership


@transaction.atomic
def school_memberships_approve_by_domain(*, user) -> list[SchoolMembership]:
    """Approve pending links whose school uses this person's email domain, once the address is verified."""
    if not email_is_verified(user=user):
        return []
    approved = []
    pending = SchoolMembership.objects.select_for_update().filter(user=user, status=MembershipStatus.PENDING)
    for membership in pending.select_related("school"):
        if domain_matches(user=user, school=membership.school):
            membership.status = MembershipStatus.APPROVED
            membership.decided_at = timezone.now()
            membership.save(update_fields=["status", "decided_at"])
            approved.append(membership)
    if approved:
        roles.assign_role(user, roles.TEACHER)
    return approved


@transaction.atomic
def school_membership_decide(*, membership: SchoolMembership, approve: bool, decided_by) -> SchoolMembership:
    """Partnership staff approve or decline a person's link to a school."""
    membership = SchoolMembership.objects.select_for_update().select_related("user", "school").get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise SchoolError(
            f"{membership.user.full_name}'s link to {membership.school.name} has already been "
            f"{membership.get_status_display().lower()}."
        )
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    membership.decided_at = timezone.now()
    membership.decided_by = decided_by
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        roles.assign_role(membership.user, roles.TEACHER)
    from .tasks import membership_decision_email

    transaction.on_commit(lambda: membership_decision_email.delay(membership.pk))
    return membership


@transaction.atomic
def school_membership_leave(*, membership: SchoolMembership) -> None:
    """A person removes their own link to a school (for example after changing jobs).

    Without any approved school left they are no longer a teacher, so they cannot book for anyone.
    """
    user = membership.user
    membership.delete()
    if not SchoolMembership.objects.filter(user=user, status=MembershipStatus.APPROVED).exists():
        user.groups.remove(*user.groups.filter(name=roles.TEACHER))


@transaction.atomic
def school_save(*, school: School) -> School:
    """Create or update a school entered by hand (a validated form instance)."""
    duplicate = School.objects.filter(urn=school.urn).exclude(pk=school.pk).first()
    if duplicate is not None:
        raise SchoolError(f"URN {school.urn} already belongs to {duplicate.name}.")
    if school.area_id is None and school.local_authority:
        school.area = Area.objects.filter(name__iexact=school.local_authority).first()
    school.save()
    return school


@transaction.atomic
def closure_date_create(
    *, name: str, start_date: datetime.date, end_date: datetime.date, area: Area | None = None
) -> ClosureDate:
    name = name.strip()
    if not name:
        raise SchoolError("Enter a name for the closure, for example Summer holidays.")
    if end_date < start_date:
        raise SchoolError("The last day must be the same as or after the first day.")
    if (end_date - start_date).days > 366:
        raise SchoolError("A closure can last at most a year. Add longer closures in parts.")
    duplicate = ClosureDate.objects.filter(start_date=start_date, end_date=end_date, area=area).first()
    if duplicate is not None:
        raise SchoolError(f"These dates are already closed as {duplicate.name}.")
    return ClosureDate.objects.create(name=name[:100], start_date=start_date, end_date=end_date, area=area)


@transaction.atomic
def closure_date_delete(*, closure: ClosureDate) -> None:
    closure.delete()
