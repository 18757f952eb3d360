"""H5P packages editors upload, and the xAPI statements learners' activities send."""
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse

from courses.archive import content_root


def libraries_root() -> Path:
    """Where the one shared copy of each library version lives."""
    return content_root() / "h5p" / "libraries"


class H5PLibrary(models.Model):
    """One library version (machine name, major.minor) stored once under h5p/libraries/ on the package disk, shared.

    A newer patch of the same major.minor replaces the files, as H5P core does; the record goes
    when the last package using it is deleted.
    """

    machine_name = models.CharField(max_length=255)
    major_version = models.PositiveIntegerField()
    minor_version = models.PositiveIntegerField()
    patch_version = models.PositiveIntegerField()
    title = models.CharField(max_length=255)
    runnable = models.BooleanField(default=False)
    definition = models.JSONField(help_text="The library's library.json.")
    semantics = models.JSONField(null=True, blank=True, help_text="The library's semantics.json, if it has one.")
    installed_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["machine_name", "major_version", "minor_version"]
        verbose_name = "H5P library"
        verbose_name_plural = "H5P libraries"
        constraints = [
            models.UniqueConstraint(
                fields=["machine_name", "major_version", "minor_version"], name="h5p_library_once_per_minor_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.machine_name} {self.version}"

    @property
    def version(self) -> str:
        return f"{self.major_version}.{self.minor_version}.{self.patch_version}"

    @property
    def folder_name(self) -> str:
        return f"{self.machine_name}-{self.major_version}.{self.minor_version}"

    @property
    def folder(self) -> Path:
        return libraries_root() / self.folder_name


class H5PPackageQuerySet(models.QuerySet):
    def delete(self):
        """Delete one by one, so each package takes its files and any library it leaves unused with it.

        Wagtail's bulk delete calls this rather than each package's delete().
        """
        deleted = 0
        for package in self:
            package.delete()
            deleted += 1
        return deleted, {self.model._meta.label: deleted}


class H5PPackage(models.Model):
    """An uploaded `.h5p` package, checked and extracted to CONTENT_PACKAGES_ROOT/h5p/<id>/; chosen in lessons."""

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
    libraries = models.ManyToManyField(H5PLibrary, related_name="packages", blank=True, editable=False)
    # Packages stored before libraries were shared keep their libraries inside their own folder.
    shared_libraries = models.BooleanField(default=False, editable=False)
    content_type = models.CharField(
        max_length=255, blank=True, editable=False, help_text="The main library's title, e.g. “Multiple Choice”."
    )
    left_out = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="Files of the upload of types the site does not serve, never unpacked: [{name, reason}].",
    )

    objects = H5PPackageQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = "H5P package"

    def __str__(self) -> str:
        return self.title

    @transaction.atomic
    def delete(self, *args, **kwargs):
        folder = self.folder
        # Lock the libraries it uses, so an upload cannot start relying on one being removed here.
        library_ids = list(self.libraries.values_list("pk", flat=True))
        libraries = list(H5PLibrary.objects.select_for_update().filter(pk__in=library_ids).order_by("pk"))
        result = super().delete(*args, **kwargs)
        unused = [library for library in libraries if not library.packages.exists()]
        folders = [library.folder for library in unused]
        H5PLibrary.objects.filter(pk__in=[library.pk for library in unused]).delete()
        # The files go only once the records are gone for good.
        transaction.on_commit(lambda: [shutil.rmtree(path, ignore_errors=True) for path in [folder, *folders]])
        return result

    @property
    def folder(self) -> Path:
        """Where the package's files live on disk."""
        return content_root() / "h5p" / str(self.uuid)

    @property
    def origin(self) -> str:
        """The origin this package's player runs on: its own, when H5P_ORIGIN is a template with {package}."""
        return package_origin(self.uuid)

    @property
    def player_url(self) -> str:
        """The player page, on the package's own H5P origin."""
        return self.origin + reverse("h5p:player", args=[self.uuid])


def package_origin(package_uuid) -> str:
    """`H5P_ORIGIN` with `{package}` replaced by the package's UUID in hex (32 digits, a valid host label)."""
    return settings.H5P_ORIGIN.replace("{package}", uuid.UUID(str(package_uuid)).hex)


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


class H5PState(models.Model):
    """Where a learner left an H5P activity (h5p-standalone's saved state), so they can carry on later."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="h5p_states")
    lesson = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64, help_text="The id of the H5P activity block in the lesson body.")
    state = models.TextField(help_text="The content type's own state, as JSON text.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "H5P saved state"
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "block_id"], name="h5p_state_once_per_activity"),
        ]

    def __str__(self) -> str:
        return f"State of {self.user_id} in lesson {self.lesson_id} ({self.block_id})"
