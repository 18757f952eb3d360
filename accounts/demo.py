"""Demo organisations, areas and one account per role. Idempotent."""
from django.conf import settings
from django.db import transaction

from . import roles
from .models import Area, MembershipStatus, Organisation, Sector, User

DEMO_PASSWORD = "trauma-informed-demo"
DEMO_TOTP_SECRET = "KRSXG5CTMVRXEZLUKN2XAZLSONSWG4TF"
DEMO_MFA_CODE = "246810"

AREAS = [("Wiltshire", "wiltshire"), ("Swindon", "swindon"), ("Other", "other")]

ORGANISATIONS = [
    ("Wiltshire Police", Sector.POLICE, "wiltshire", "police.demo.test"),
    ("Wiltshire Council", Sector.LOCAL_AUTHORITY, "wiltshire", "wiltshire-council.demo.test"),
    ("Swindon Borough Council", Sector.LOCAL_AUTHORITY, "swindon", "swindon-council.demo.test"),
    ("Great Western Hospital NHS Foundation Trust", Sector.HEALTH, "swindon", "nhs.demo.test"),
    ("Dorset and Wiltshire Fire and Rescue Service", Sector.FIRE_AND_RESCUE, "wiltshire", "fire.demo.test"),
    ("Probation Service (Wiltshire and Swindon)", Sector.PROBATION, "wiltshire", "probation.demo.test"),
    ("Wiltshire Youth Justice Service", Sector.YOUTH_JUSTICE, "wiltshire", "youth-justice.demo.test"),
    ("Violence Reduction Partnership", Sector.OTHER, "wiltshire", "demo.test"),
    ("Other organisation", Sector.OTHER, "other", ""),
]

# Schools used to be one catch-all organisation; teachers now link to their own schools (schools app).
RETIRED_ORGANISATIONS = ["Schools in Wiltshire and Swindon"]

# (email, full name, role, organisation or None)
ACCOUNTS = [
    ("learner@demo.test", "Alex Learner", roles.LEARNER, "Wiltshire Police"),
    ("teacher@demo.test", "Sam Teacher", roles.TEACHER, None),  # linked to a school by schools.demo
    ("instructor@demo.test", "Jordan Instructor", roles.INSTRUCTOR, "Dorset and Wiltshire Fire and Rescue Service"),
    ("lead@demo.test", "Priya Lead", roles.ORGANISATION_LEAD, "Wiltshire Police"),
    ("staff@demo.test", "Morgan Staff", roles.PARTNERSHIP_STAFF, "Violence Reduction Partnership"),
    ("editor@demo.test", "Casey Editor", roles.EDITOR, "Violence Reduction Partnership"),
    # Reviewers who sign off modules and lessons before they go live (courses/sign_off.py).
    ("trainer@demo.test", "Taylor Trainer", roles.TRAINER, "Violence Reduction Partnership"),
    ("clinician@demo.test", "Dr Kim Clinician", roles.CLINICIAN, "Great Western Hospital NHS Foundation Trust"),
    ("admin@demo.test", "Robin Admin", None, "Violence Reduction Partnership"),
]


@transaction.atomic
def seed_organisations() -> None:
    areas = {}
    for name, slug in AREAS:
        areas[slug], _ = Area.objects.get_or_create(slug=slug, defaults={"name": name})
    for name, sector, area_slug, domain in ORGANISATIONS:
        Organisation.objects.update_or_create(
            name=name, defaults={"sector": sector, "area": areas[area_slug], "email_domains": domain}
        )
    Organisation.objects.filter(name__in=RETIRED_ORGANISATIONS).delete()


@transaction.atomic
def seed_accounts() -> list[tuple[str, str]]:
    """Create the demo logins. Refuses where settings do not allow demo accounts (production)."""
    if not getattr(settings, "DEMO_ACCOUNTS_ALLOWED", False):
        return []
    from allauth.account.models import EmailAddress

    roles.ensure_roles()
    created = []
    for email, full_name, role, organisation_name in ACCOUNTS:
        organisation = Organisation.objects.get(name=organisation_name) if organisation_name else None
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email)
            user.set_password(DEMO_PASSWORD)
        user.full_name = full_name
        user.organisation = organisation
        user.membership_status = MembershipStatus.APPROVED if organisation else MembershipStatus.NONE
        user.area = organisation.area if organisation else Area.objects.filter(slug="wiltshire").first()
        user.is_superuser = role is None
        user.is_staff = role is None
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role is not None:
            roles.assign_role(user, role)
            if role != roles.LEARNER:
                roles.assign_role(user, roles.LEARNER)
        # Staff demo logins have a second factor, as staff must (accounts.mfa); in development the
        # code DEMO_MFA_CODE is accepted for it (MFA_TOTP_INSECURE_BYPASS_CODE, DEBUG only).
        from .mfa import mfa_required, totp_enable

        if mfa_required(user):
            totp_enable(user=user, secret=DEMO_TOTP_SECRET)
        created.append((email, role or "Administrator"))
    return created


def seed() -> None:
    seed_organisations()
    seed_accounts()
