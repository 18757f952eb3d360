"""The school directory (from GIAS), teachers' links to their schools, and closure dates such as holidays."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from schools.search import searchable_text


class SchoolStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class School(models.Model):
    """A school, identified by its Unique Reference Number (URN) from Get Information About Schools."""

    urn = models.PositiveIntegerField("URN", unique=True, help_text="Unique Reference Number from GIAS.")
    name = models.CharField(max_length=200)
    establishment_type = models.CharField("type of establishment", max_length=100, blank=True)
    phase = models.CharField("phase of education", max_length=100, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    local_authority = models.CharField(max_length=100, blank=True, help_text='GIAS "LA (name)", e.g. Wiltshire.')
    area = models.ForeignKey(
        "accounts.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="schools"
    )
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    address3 = models.CharField("address line 3", max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=SchoolStatus.choices, default=SchoolStatus.OPEN)
    website = models.URLField(max_length=300, blank=True)
    email_domains = models.TextField(
        blank=True,
        help_text="Email domains of the school's staff, one per line or separated by commas, e.g. stmarys.wilts.sch.uk",
    )
    # Lower-cased name, town and postcode without punctuation, kept for typo-tolerant search.
    search_text = models.CharField(max_length=400, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"], name="school_status_name"),
            models.Index(fields=["local_authority"], name="school_la"),
            models.Index(fields=["postcode"], name="school_postcode"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(statutory_low_age__isnull=True)
                | Q(statutory_high_age__isnull=True)
                | Q(statutory_low_age__lte=F("statutory_high_age")),
                name="school_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        self.search_text = searchable_text(
            name=self.name, town=self.town, locality=self.locality, postcode=self.postcode, urn=self.urn
        )

    def domain_list(self) -> list[str]:
        raw = self.email_domains.replace(",", "\n")
        return [d.strip().lower().lstrip("@") for d in raw.splitlines() if d.strip()]

    @property
    def address_lines(self) -> list[str]:
        return [p for p in (self.street, self.locality, self.address3, self.town, self.postcode) if p]

    @property
    def is_open(self) -> bool:
        return self.status == SchoolStatus.OPEN


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class SchoolMembership(models.Model):
    """A person's link to a school they work in; approved links let them book for that school."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role_in_school = models.CharField(max_length=150, help_text="e.g. Head of PE, Year 9 lead, PSHE coordinator.")
    status = models.CharField(max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_membership_per_user_school"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="schoolmembership_status")]

    def __str__(self) -> str:
        return f"{self.user} at {self.school}"


class ClosureDate(models.Model):
    """Days no session is offered, such as school holidays; inclusive of both ends."""

    name = models.CharField(max_length=100, help_text="e.g. Christmas holidays.")
    start_date = models.DateField()
    end_date = models.DateField(help_text="The last day of the closure (inclusive).")
    area = models.ForeignKey(
        "accounts.Area",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closure_dates",
        help_text="Leave empty when it applies everywhere.",
    )

    class Meta:
        ordering = ["start_date", "name"]
        indexes = [models.Index(fields=["start_date", "end_date"], name="closuredate_range")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="closure_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.name
