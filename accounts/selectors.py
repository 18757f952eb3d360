"""Reads about organisations and people."""
from django.db.models import QuerySet

from .models import MembershipStatus, Organisation, User


def organisation_for_email(email: str) -> Organisation | None:
    """The organisation whose listed email domain matches this address exactly, if any."""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    if not domain:
        return None
    for organisation in Organisation.objects.filter(email_domains__icontains=domain):
        if domain in organisation.domain_list():
            return organisation
    return None


def members_waiting_for_approval() -> QuerySet[User]:
    return (
        User.objects.filter(membership_status=MembershipStatus.PENDING, is_active=True)
        .select_related("organisation", "area")
        .order_by("date_joined")
    )
