"""SCORM packages editors upload, their SCOs, and each learner's attempts at a SCO in a lesson."""
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse

from courses.archive import content_root


class ScormVersion(models.TextChoices):
    SCORM_12 = "1.2", "SCORM 1.2"
    SCORM_2004_2 = "2004-2", "SCORM 2004 2nd edition"
    SCORM_2004_3 = "2004-3", "SCORM 2004 3rd edition"
    SCORM_2004_4 = "2004-4", "SCORM 2004 4th edition"


class ScormPackage(models.Model):
    """An uploaded SCORM zip, checked and extracted to CONTENT_PACKAGES_ROOT/scorm/<uuid>/; chosen in lessons."""

    # Names the folder and the package's own content origin. Not the primary key: chooser blocks lose UUID keys.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=255, help_text="What editors see when they choose a package.")
    version = models.CharField(max_length=10, choices=ScormVersion.choices, editable=False)
    sha256 = models.CharField("SHA-256 of the uploaded file", max_length=64, db_index=True, editable=False)
    size = models.PositiveBigIntegerField("Unpacked size in bytes", default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    left_out = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Files of the upload of types the site does not serve, never unpacked: [{name, reason}].",
    )

    class Meta:
        ordering = ["title"]
        verbose_name = "SCORM package"

    def __str__(self) -> str:
        return self.title

    def delete(self, *args, **kwargs):
        from django.core.cache import cache

        folder = self.folder
        cache.delete(f"scorm:package:{self.pk}")
        result = super().delete(*args, **kwargs)
        # The files go only once the record is gone for good.
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
        return result

    @property
    def is_2004(self) -> bool:
        return self.version != ScormVersion.SCORM_12

    @property
    def folder(self) -> Path:
        return content_root() / "scorm" / str(self.uuid)

    @property
    def origin(self) -> str:
        """The package's own content origin: no other package, and not the site, shares it."""
        return settings.SCORM_ORIGIN.replace("{package}", self.uuid.hex)

    @property
    def player_url(self) -> str:
        return self.origin + reverse("scorm:player", args=[self.uuid])


class Sco(models.Model):
    """A launchable item of the package's default organisation, in table-of-contents order.

    Only SCOs talk to the runtime API and count towards the lesson; assets are shown but not tracked.
    """

    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="scos")
    identifier = models.CharField(max_length=255)
    title = models.CharField(max_length=255)
    position = models.PositiveIntegerField()
    depth = models.PositiveSmallIntegerField(default=0, help_text="Nesting in the organisation, 0 for top level.")
    launch = models.CharField(max_length=2000, help_text="Path inside the package, with the item's parameters.")
    is_sco = models.BooleanField(default=True, help_text="False for assets, which do not use the runtime API.")
    mastery_score = models.FloatField(null=True, blank=True, help_text="SCORM 1.2: raw score needed to pass.")
    scaled_passing_score = models.FloatField(null=True, blank=True, help_text="SCORM 2004: scaled score to pass.")
    completion_threshold = models.FloatField(null=True, blank=True, help_text="SCORM 2004: progress to complete.")
    max_time_allowed = models.CharField(max_length=40, blank=True)
    time_limit_action = models.CharField(max_length=40, blank=True)
    launch_data = models.TextField(blank=True)

    class Meta:
        ordering = ["package", "position"]
        verbose_name = "SCO"
        constraints = [models.UniqueConstraint(fields=["package", "identifier"], name="scorm_sco_identifier_once")]

    def __str__(self) -> str:
        return self.title


class ScormAttempt(models.Model):
    """One learner's attempt at one SCO of the package in a lesson's SCORM block: the CMI data saved on commit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64, help_text="The id of the SCORM block in the lesson body.")
    sco = models.ForeignKey(Sco, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField(default=1)
    # SCORM 1.2 keeps one status; 2004 splits it in two. Both are kept as reported, for resuming and reports.
    lesson_status = models.CharField(max_length=20, blank=True, help_text="SCORM 1.2 cmi.core.lesson_status.")
    completion_status = models.CharField(max_length=20, default="not attempted")
    success_status = models.CharField(max_length=20, default="unknown")
    score_raw = models.FloatField(null=True, blank=True)
    score_min = models.FloatField(null=True, blank=True)
    score_max = models.FloatField(null=True, blank=True)
    score_scaled = models.FloatField(null=True, blank=True)
    progress_measure = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=1000, blank=True)
    suspend_data = models.TextField(blank=True)
    exit = models.CharField(max_length=20, blank=True)
    session_time = models.CharField(max_length=40, blank=True, help_text="As the SCO last reported it.")
    total_seconds = models.FloatField(default=0, help_text="Sum of the session times of finished sessions.")
    satisfied = models.BooleanField(default=False, help_text="Completed or passed by the lesson's rules.")
    terminated_at = models.DateTimeField(null=True, blank=True, help_text="Set when the attempt ended.")
    commits = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "SCORM attempt"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson", "block_id", "sco", "number"], name="scorm_attempt_number_once"
            ),
        ]
        indexes = [models.Index(fields=["user", "lesson", "block_id"], name="scorm_attempt_block")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.sco_id} attempt {self.number}"

    @property
    def percent(self) -> float | None:
        """The score as a percentage: scaled when given, else raw between min and max (0 and 100 by default)."""
        if self.score_scaled is not None:
            return max(0.0, min(100.0, self.score_scaled * 100))
        if self.score_raw is None:
            return None
        low = self.score_min if self.score_min is not None else 0.0
        high = self.score_max if self.score_max is not None else 100.0
        if high <= low:
            return None
        return max(0.0, min(100.0, (self.score_raw - low) * 100 / (high - low)))
