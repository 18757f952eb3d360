"""Where statements go (a partner's LRS) and the outbox of statements waiting to go there."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Organisation


class ActorIdentification(models.TextChoices):
    EMAIL = "mbox", "Work email address (mbox)"
    ACCOUNT = "account", "Account id with a home page (account)"


class LrsDestination(models.Model):
    """A partner's learning record store: where statements about their people (or everyone's) are sent."""

    name = models.CharField(max_length=200, help_text="For example “Wiltshire Police LRS”.")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="lrs_destinations",
        help_text="Only this organisation's approved members are sent. Leave empty to send everyone's "
                  "(a partnership-wide LRS).",
    )
    endpoint = models.URLField(
        "LRS endpoint", max_length=500,
        help_text="The xAPI base address the partner gave you, ending before /statements, "
                  "for example https://lrs.example.org/xAPI/",
    )
    key = models.CharField("Key (username)", max_length=200)
    # Encrypted (partners.lrs.credentials); never shown again once saved.
    secret_sealed = models.TextField(blank=True, editable=False)
    actor_identification = models.CharField(
        "How learners are identified", max_length=10, choices=ActorIdentification.choices,
        default=ActorIdentification.EMAIL,
    )
    account_home_page = models.URLField(
        "Account home page", max_length=500, blank=True,
        help_text="Only for account ids: the address of the system the ids belong to. Empty: this site's address.",
    )
    is_active = models.BooleanField("Send statements", default=True,
                                    help_text="Untick to stop sending for now; statements keep queueing.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "LRS destination"
        permissions = [("manage_lrs", "Can set up partners' LRS and see what is sent to them")]

    def __str__(self) -> str:
        return self.name

    @property
    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"

    @property
    def has_secret(self) -> bool:
        return bool(self.secret_sealed)

    @property
    def audience(self) -> str:
        return f"Approved members of {self.organisation}" if self.organisation_id else "Everyone (partnership-wide)"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutboxStatement(models.Model):
    """One xAPI statement for one destination, kept until the LRS has it.

    The primary key is the statement's sequence: a learner's statements go in increasing id order, and none
    goes while an earlier one of theirs is failed or waiting to be retried.
    """

    destination = models.ForeignKey(LrsDestination, on_delete=models.CASCADE, related_name="outbox")
    statement_id = models.UUIDField(help_text="The xAPI id: the same on every resend, so the LRS keeps one.")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=20, help_text="h5p, scorm, module or certificate.")
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = "outbox statement"
        constraints = [
            models.UniqueConstraint(fields=["destination", "statement_id"], name="lrs_outbox_statement_once"),
        ]
        indexes = [
            models.Index(fields=["destination", "status", "next_attempt_at"], name="lrs_outbox_due"),
            models.Index(fields=["destination", "learner", "status"], name="lrs_outbox_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.source} statement {self.statement_id} to {self.destination_id} ({self.status})"

    @property
    def sequence(self) -> int:
        return self.pk
