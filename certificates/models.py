"""Certificates, the templates they are printed from, their audit trail, reminders and bulk exports."""
import re
import uuid
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import PreviewableMixin, Site

from . import codes
from foundation.background_exports import BackgroundExport

PLACEHOLDERS = ("name", "achievement", "date", "hours", "expiry")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
# Anything in braces an editor may have meant as a placeholder, known or not.
_ANY_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


# The renderer (pdf.py) reads these models, so the models do not import it: the admin preview reaches it
# through the function CertificatesConfig.ready hands in (pdf.preview_response).
_preview_renderer = None


def preview_renderer_connect(render) -> None:
    """Use `render(template, mode_name) -> HttpResponse` for the admin's preview of a certificate template."""
    global _preview_renderer
    _preview_renderer = render


def unknown_placeholders(wording: str) -> list[str]:
    return [f"{{{name}}}" for name in _ANY_PLACEHOLDER.findall(wording) if name not in PLACEHOLDERS]

colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hexadecimal digits, for example #3d2b63.")


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", "Landscape"
    PORTRAIT = "portrait", "Portrait"


class CertificateTemplate(PreviewableMixin, models.Model):
    """How a certificate looks: wording, logo, signatory and colours. Editors design these in the admin."""

    title = models.CharField(max_length=100, help_text="For editors only, e.g. 'Trauma-informed practice'.")
    heading = models.CharField(max_length=100, default="Certificate of completion")
    wording = models.TextField(
        default="This is to certify that {name} completed {achievement} on {date}.",
        help_text="What the certificate says. You can use {name}, {achievement}, {date}, {hours} and {expiry}.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Leave empty to use the logo in Settings > Certificates.",
    )
    signatory_name = models.CharField(
        max_length=100, blank=True, help_text="Leave empty to use the signatory in Settings > Certificates."
    )
    signatory_role = models.CharField("signatory title", max_length=100, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="A scan of the signature, ideally a PNG with a transparent background.",
    )
    primary_colour = models.CharField(max_length=7, default="#3d2b63", validators=[colour])
    accent_colour = models.CharField(max_length=7, default="#00703c", validators=[colour])
    orientation = models.CharField(max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE)
    is_default = models.BooleanField(
        default=False, help_text="Used for every certificate whose module or session type does not name a template."
    )

    panels = [
        "title", "heading", "wording", "logo", "signatory_name", "signatory_role", "signature",
        "primary_colour", "accent_colour", "orientation", "is_default",
    ]

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_template"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        unknown = unknown_placeholders(self.wording)
        if unknown:
            known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            raise ValidationError({"wording": (
                f"The wording uses {', '.join(unknown)}, which is not a placeholder we know. "
                f"Check the spelling. You can use: {known}."
            )})

    def uses(self, placeholder: str) -> bool:
        """Whether the wording already says this fact, so the details below it need not repeat it."""
        return f"{{{placeholder}}}" in self.wording

    def render_wording(self, values: dict[str, str]) -> str:
        """The wording with placeholders filled in. Only the five known names are replaced; nothing is evaluated."""
        return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), self.wording)

    # Preview in the admin, with a made-up learner: the page as HTML, or the real PDF.
    @property
    def preview_modes(self):
        return [("", "Certificate"), ("pdf", "PDF file")]

    def serve_preview(self, request, mode_name):
        if _preview_renderer is None:
            raise ImproperlyConfigured("No certificate preview renderer: CertificatesConfig.ready connects pdf.py's.")
        return _preview_renderer(self, mode_name)


@register_setting(icon="doc-full")
class CertificateSettings(BaseSiteSetting):
    """Who issues and signs certificates: printed on every certificate whose template does not say otherwise."""

    organisation_name = models.CharField(
        max_length=150, default="Violence Reduction Partnership", help_text="Printed as the issuer of every certificate."
    )
    signatory_name = models.CharField(max_length=100, blank=True, help_text="For example, the programme lead's name.")
    signatory_title = models.CharField(max_length=100, blank=True, help_text="For example, “Programme Lead”.")
    signature = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Optional: a scan of the signature, ideally a PNG with a transparent background.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Optional: the organisation's logo.",
    )

    panels = ["organisation_name", "signatory_name", "signatory_title", "signature", "logo"]

    class Meta:
        verbose_name = "certificates"

    @classmethod
    def for_default_site(cls) -> "CertificateSettings":
        """Certificates are printed by background tasks, with no request to tell the site: use the default one."""
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        return cls.for_site(site) if site is not None else cls()


class CertificateStatus(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"
    SUPERSEDED = "superseded", "Replaced by a newer certificate"


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Not replaced by a reissue: the one certificate per recipient and achievement."""
        return self.exclude(status=CertificateStatus.SUPERSEDED)


class Certificate(models.Model):
    """Proof that a person (or a school) earned an achievement, checkable by anyone with its code."""

    code = models.CharField(max_length=codes.CODE_LENGTH, unique=True, default=codes.new_code, editable=False)
    # The Open Badges credential id: random, so a published revocation list reveals no codes or names.
    credential_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    recipient_name = models.CharField(max_length=200, help_text="The name printed, as it was when issued.")
    # Who is told about and may download a certificate made out to a name, e.g. the teacher who booked.
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # What was earned (a module or a session type) and which record earned it; certificates do not know their models.
    achievement_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    achievement_object_id = models.PositiveBigIntegerField()
    achievement = GenericForeignKey("achievement_content_type", "achievement_object_id")
    achievement_title = models.CharField(max_length=255, help_text="The title printed, as it was when issued.")
    source_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    source_object_id = models.PositiveBigIntegerField()
    source = GenericForeignKey("source_content_type", "source_object_id")

    template = models.ForeignKey(CertificateTemplate, null=True, blank=True, on_delete=models.SET_NULL)
    cpd_hours = models.DecimalField("CPD hours", max_digits=5, decimal_places=2, default=0)
    issued_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateField(null=True, blank=True, help_text="Last day it is valid. Empty: never expires.")
    status = models.CharField(max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    revoked_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )

    pdf = models.FileField(upload_to="certificates/pdf/%Y/%m/", blank=True)
    issued_email_sent_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        constraints = [
            # One current certificate per person and achievement; a reissue or renewal supersedes the old one first.
            models.UniqueConstraint(
                fields=["recipient", "achievement_content_type", "achievement_object_id"],
                condition=Q(recipient__isnull=False) & ~Q(status="superseded"),
                name="one_current_certificate_per_person",
            ),
            models.UniqueConstraint(
                fields=["recipient_name", "achievement_content_type", "achievement_object_id"],
                condition=Q(recipient__isnull=True) & ~Q(status="superseded"),
                name="one_current_certificate_per_name",
            ),
        ]
        indexes = [
            models.Index(fields=["achievement_content_type", "achievement_object_id", "issued_at"]),
            models.Index(fields=["source_content_type", "source_object_id"]),
            models.Index(fields=["status", "valid_until"]),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_title}: {self.recipient_name} ({self.display_code})"

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    @property
    def current_status(self) -> str:
        """The status as of today: past its last day a valid certificate reads as expired before the nightly job."""
        if self.status == CertificateStatus.VALID and self.valid_until and self.valid_until < timezone.localdate():
            return CertificateStatus.EXPIRED
        return self.status

    def get_current_status_display(self) -> str:
        return CertificateStatus(self.current_status).label

    def days_left(self, today: date | None = None) -> int | None:
        if self.valid_until is None:
            return None
        return (self.valid_until - (today or timezone.localdate())).days

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify_code", args=[self.code])

    def get_verify_url(self) -> str:
        return settings.SITE_URL + self.get_absolute_url()

    def owned_by(self, user) -> bool:
        return user.is_authenticated and user.pk in (self.recipient_id, self.contact_id)


class CertificateEvent(models.Model):
    """One change to a certificate: who made it, when, what and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", "Issued"
        EMAILED = "emailed", "Emailed to the holder"
        REVOKED = "revoked", "Revoked"
        REISSUED = "reissued", "Reissued"
        SUPERSEDED = "superseded", "Replaced by a newer certificate"
        EXPIRED = "expired", "Expired"
        NAME_REMOVED = "name_removed", "Name removed (account deleted)"

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Empty when the system made the change.",
    )
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor or 'the system'} at {timezone.localtime(self.at):%-d %b %Y %H:%M}"


class ExpiryReminder(models.Model):
    """A reminder email that was sent, so each one goes once however often the nightly job runs."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "days_before"], name="one_reminder_per_stage"),
        ]


class BulkExport(BackgroundExport):
    """A ZIP of certificate PDFs that partnership staff asked for, built in the background."""

    achievement_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    achievement_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    achievement_title = models.CharField(max_length=255, blank=True)
    issued_from = models.DateField(null=True, blank=True)
    issued_to = models.DateField(null=True, blank=True)
    file = models.FileField(upload_to="certificates/exports/", blank=True)

    class Meta(BackgroundExport.Meta):
        pass

    def __str__(self) -> str:
        return f"Export {self.pk} ({self.get_status_display()})"

    def describe_filter(self) -> str:
        parts = [self.achievement_title or "All achievements"]
        if self.issued_from:
            parts.append(f"from {self.issued_from:%-d %B %Y}")
        if self.issued_to:
            parts.append(f"to {self.issued_to:%-d %B %Y}")
        return ", ".join(parts)
