"""H5P packages editors upload, and the xAPI statements learners' activities send."""
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse


class H5PPackage(models.Model):
    """An uploaded `.h5p` package, checked and extracted to MEDIA_ROOT/h5p/<id>/; chosen in lessons."""

    # Names the folder and the player's URLs. Not the primary key: Wagtail's chooser blocks lose UUID keys.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=255, help_text="What editors see when they choose an activity.")
    main_library = models.CharField(max_length=255, editable=False, help_text='For example "H5P.VrpCheck 1.0".')
    sha256 = models.CharField("SHA-256 of the uploaded file", max_length=64, db_index=True, editable=False)
    size = models.PositiveBigIntegerField("Unpacked size in bytes", default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = "H5P package"

    def __str__(self) -> str:
        return self.title

    def delete(self, *args, **kwargs):
        folder = self.folder
        result = super().delete(*args, **kwargs)
        # The files go only once the record is gone for good.
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
        return result

    @property
    def folder(self) -> Path:
        """Where the package's files live on disk."""
        return Path(settings.MEDIA_ROOT) / "h5p" / str(self.uuid)

    @property
    def player_url(self) -> str:
        """The player page, on the separate H5P origin."""
        return settings.H5P_ORIGIN + reverse("h5p:player", args=[self.uuid])


class XAPIStatement(models.Model):
    """One xAPI statement from an H5P activity in a lesson, stored once per (learner, statement id)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="xapi_statements")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64, help_text="The id of the H5P activity block in the lesson body.")
    statement_id = models.UUIDField()
    verb = models.CharField(max_length=255)
    is_root = models.BooleanField(default=True, help_text="False for statements from sub-content.")
    score_raw = models.FloatField(null=True, blank=True)
    score_max = models.FloatField(null=True, blank=True)
    success = models.BooleanField(null=True, blank=True)
    completion = models.BooleanField(null=True, blank=True)
    statement = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "xAPI statement"
        constraints = [
            models.UniqueConstraint(fields=["user", "statement_id"], name="h5p_xapi_statement_once_per_user"),
        ]
        indexes = [models.Index(fields=["user", "lesson", "block_id"], name="h5p_xapi_activity")]

    def __str__(self) -> str:
        return f"{self.verb} by {self.user_id} in lesson {self.lesson_id} ({self.block_id})"
