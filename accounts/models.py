"""Users (email as login), the partner organisations they belong to, and the areas they work in."""
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone


class Sector(models.TextChoices):
    POLICE = "police", "Police"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health"
    FIRE_AND_RESCUE = "fire_and_rescue", "Fire and rescue"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    EDUCATION = "education", "Education"
    VOLUNTARY = "voluntary", "Voluntary and community"
    OTHER = "other", "Other"


class Area(models.Model):
    """A place the partnership covers, such as Wiltshire or Swindon."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner agency whose staff train here. Staff with a matching email domain join it automatically."""

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="organisations")
    email_domains = models.TextField(
        blank=True,
        help_text="Work email domains of this organisation, one per line or separated by commas, e.g. wiltshire.police.uk",
    )

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_partnership_reports", "Can see training uptake across the partnership"),
            ("view_organisation_reports", "Can see training uptake for their own organisation"),
            ("approve_members", "Can approve people who asked to join an organisation"),
            ("manage_programme", "Can run the programme: bookings, instructors, certificates"),
            ("book_sessions", "Can book bleeding-control sessions for a school"),
            ("deliver_sessions", "Can record attendance for sessions they deliver"),
        ]

    def __str__(self) -> str:
        return self.name

    def domain_list(self) -> list[str]:
        raw = self.email_domains.replace(",", "\n")
        return [d.strip().lower().lstrip("@") for d in raw.splitlines() if d.strip()]


class MembershipStatus(models.TextChoices):
    NONE = "none", "No organisation"
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def get(self, *args, **kwargs):
        # Every signed-in page loads its user by primary key (Django's ModelBackend.get_user): in plain SQL,
        # as building the ORM query took longer than running it. Any other lookup is the ORM's.
        if args or kwargs.keys() != {"pk"} or not isinstance(kwargs["pk"], (int, str)) or self._db is not None:
            return super().get(*args, **kwargs)
        from django.db import connection

        from foundation import plain_sql

        pk = self.model._meta.pk.get_prep_value(kwargs["pk"])
        found = plain_sql.select(self.model, f"{connection.ops.quote_name(self.model._meta.pk.column)} = %s", [pk])
        if not found:
            raise self.model.DoesNotExist(f"{self.model._meta.object_name} matching query does not exist.")
        return found[0]


class User(AbstractUser):
    """A person who signs in with their work email. `full_name` is printed on certificates."""

    username = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, help_text="Your name as it should appear on certificates.")
    job_role = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    membership_status = models.CharField(
        max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.NONE
    )
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    is_anonymised = models.BooleanField(default=False, help_text="The person deleted their account.")

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    objects = UserManager()

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name or self.email).split(" ")[0]

    @property
    def approved_organisation(self):
        """The organisation whose figures this person counts towards, once approved."""
        if self.membership_status == MembershipStatus.APPROVED:
            return self.organisation
        return None


class AuditEntryQuerySet(models.QuerySet):
    """The audit log is append-only: rows are added, never changed or removed through the ORM."""

    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be changed.")

    def delete(self):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


class AuditLogIsAppendOnly(Exception):
    pass


class AuditEntry(models.Model):
    """One staff action: who did what to which record, when and from where. Written by accounts.audit."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The person is kept by name too, so the entry still says who acted after their account is gone.
    actor = models.ForeignKey("User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField("who", max_length=254, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    target_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField("record", max_length=255, blank=True)
    detail = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "audit log entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.created_at):%-d %b %Y %H:%M} {self.actor_label} {self.action} {self.target_label}".strip()

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditLogIsAppendOnly("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Audit entries cannot be deleted.")


# Each organisation's identity provider lives in its own package (sign-in with an organisation's account).
from .federation.models import OrganisationSignIn  # noqa: E402,F401
