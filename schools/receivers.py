"""What the schools app plugs into accounts and allauth: approvals, next steps, personal data, email confirmation."""
from django.urls import reverse

from accounts.models import MembershipStatus as OrganisationStatus

from . import selectors, services
from .models import SchoolMembership


def memberships_waiting():
    return selectors.memberships_waiting_for_approval()


def next_step_find_school(user) -> str | None:
    """Someone who said they work in a school (no organisation) and has no school yet is asked to find it."""
    if not user.is_authenticated or user.organisation_id is not None or user.is_staff:
        return None
    if user.membership_status != OrganisationStatus.NONE or user.school_memberships.exists():
        return None
    return reverse("schools:join")


def approve_on_email_confirmed(sender, request=None, email_address=None, **kwargs) -> None:
    if email_address is not None and email_address.user_id and email_address.email.lower() == email_address.user.email.lower():
        services.school_memberships_approve_by_domain(user=email_address.user)


def export_memberships(user) -> list[dict]:
    return [
        {
            "school": m.school.name,
            "urn": m.school.urn,
            "role_in_school": m.role_in_school,
            "status": m.get_status_display(),
            "asked_on": m.created_at.isoformat(),
        }
        for m in SchoolMembership.objects.filter(user=user).select_related("school")
    ]


def erase_memberships(user) -> None:
    SchoolMembership.objects.filter(user=user).delete()
