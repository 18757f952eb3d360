"""Writes about people: joining an organisation, approval, profile changes, export and deletion."""
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from foundation.errors import ServiceError

from . import personal_data, roles
from .audit import audit_record
from .models import Area, AuditEntry, MembershipStatus, Organisation
from .selectors import organisation_for_email

User = get_user_model()


class MembershipError(ServiceError):
    """A change to someone's organisation that cannot be made."""


class MemberRequestChanged(MembershipError):
    """The request changed after the staff member saw it; they decide again on what it is now."""


@transaction.atomic
def member_place(*, user, chosen: Organisation | None) -> None:
    """Put a new person in the organisation their email domain belongs to, or ask to join the one they chose.

    A domain match is only a claim until the person proves they own the address: they join on confirming
    it (member_email_verified), not before.
    """
    matched = organisation_for_email(user.email)
    if matched is not None:
        user.organisation = matched
        user.membership_status = (
            MembershipStatus.APPROVED if _verified(user, user.email) else MembershipStatus.NONE
        )
    elif chosen is not None:
        user.organisation = chosen
        user.membership_status = MembershipStatus.PENDING
    else:
        user.organisation = None
        user.membership_status = MembershipStatus.NONE
    user.save(update_fields=["organisation", "membership_status"])
    roles.assign_role(user, roles.LEARNER)


def _verified(user, email: str) -> bool:
    return bool(user.pk) and user.emailaddress_set.filter(email__iexact=email, verified=True).exists()


@transaction.atomic
def member_email_verified(*, user, email: str) -> bool:
    """The person confirmed they own `email`: if its domain belongs to their organisation, they join it now."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    matched = organisation_for_email(email)
    if matched is None or locked.membership_status == MembershipStatus.APPROVED:
        return False
    if locked.organisation_id not in (None, matched.pk) and locked.membership_status == MembershipStatus.PENDING:
        return False  # they asked for another organisation; staff decide that
    locked.organisation = matched
    locked.membership_status = MembershipStatus.APPROVED
    locked.save(update_fields=["organisation", "membership_status"])
    return True


@transaction.atomic
def member_decide(*, member, approve: bool, decided_by, organisation_seen: int | None = None) -> None:
    """Approve or decline a request to join. `organisation_seen` is the organisation the staff member was shown:
    if the request now names another, nothing changes (MemberRequestChanged) and they see it again."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.membership_status != MembershipStatus.PENDING:
        raise MembershipError(f"{member.full_name} is not waiting for approval.")
    if organisation_seen is None or member.organisation_id != organisation_seen:
        raise MemberRequestChanged(
            f"{member.full_name}'s request changed after you saw it: they now ask to join "
            f"{member.organisation or 'no organisation'}. Check it and decide again."
        )
    organisation_name = member.organisation.name if member.organisation_id else ""
    if approve:
        member.membership_status = MembershipStatus.APPROVED
    else:
        member.organisation = None
        member.membership_status = MembershipStatus.NONE
    member.save(update_fields=["organisation", "membership_status"])
    from .tasks import member_decision_email

    # The person hears the decision: until now they could only find out by signing in again.
    transaction.on_commit(partial(member_decision_email.delay, member.pk, approve, organisation_name,
                                  timezone.now().isoformat()))


def member_decision_email_send(*, member, approved: bool, organisation_name: str, decided_at: str) -> bool:
    """Tell the person staff approved or declined their place in an organisation, once per decision."""
    if not member.is_active or not member.email or getattr(member, "is_anonymised", False):
        return False
    if AuditEntry.objects.filter(action="member.decision_emailed", target_id=str(member.pk), detail=decided_at).exists():
        return False  # a retried task: already told
    site = settings.SITE_URL.rstrip("/")
    if approved:
        subject = f"You are now a member of {organisation_name}"
        news = (f"Partnership staff have confirmed that you work for {organisation_name}. Your training now counts "
                "for your organisation, and your organisation lead can see your progress.")
    else:
        subject = f"Your request to join {organisation_name} was not confirmed"
        news = (f"Partnership staff could not confirm that you work for {organisation_name}. You can still take the "
                "training. If you think this is a mistake, choose your organisation again in your profile, or reply "
                "to this email.")
    body = (f"Hello {member.get_short_name()},\n\n{news}\n\nYour profile: {site}/account/profile/\n\n"
            f"{settings.SERVICE_NAME}\n{site}/\n")
    send_mail(subject, body, None, [member.email])
    audit_record(actor=None, action="member.decision_emailed", target=member, detail=decided_at)
    return True


@transaction.atomic
def profile_update(
    *, user, full_name: str, job_role: str, area: Area | None, organisation: Organisation | None
) -> None:
    """Change someone's profile. Moving to another organisation needs approval again unless the email matches it."""
    user.full_name = full_name.strip()
    user.job_role = job_role.strip()
    user.area = area
    fields = ["full_name", "job_role", "area"]
    if organisation != user.organisation:
        matched = organisation_for_email(user.email)
        user.organisation = organisation
        if organisation is None:
            user.membership_status = MembershipStatus.NONE
        elif matched == organisation:
            user.membership_status = MembershipStatus.APPROVED
        else:
            user.membership_status = MembershipStatus.PENDING
        fields += ["organisation", "membership_status"]
    user.save(update_fields=fields)


def account_export(*, user) -> dict:
    """Everything held about this person, as JSON-ready data."""
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "job_role": user.job_role,
            "organisation": user.organisation.name if user.organisation else None,
            "membership_status": user.get_membership_status_display(),
            "area": user.area.name if user.area else None,
            "roles": roles.user_roles(user),
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in user.emailaddress_set.all()
            ],
        },
    }
    for section, exporter in personal_data.exporters().items():
        data[section] = exporter(user)
    return data


@transaction.atomic
def account_delete(*, user) -> None:
    """Remove a person's personal data. Their anonymous records stay for partnership figures."""
    for eraser in personal_data.erasers():
        eraser(user)
    user.emailaddress_set.all().delete()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.full_name = "Deleted account"
    user.first_name = ""
    user.last_name = ""
    user.job_role = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.is_anonymised = True
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
