"""Files built in the background (Celery) for the person who asked, with their progress: the shared base.

Certificates' ZIP exports and the reports' exports both use it: the model's fields and states, the
status endpoint's JSON, the progress page's include (templates/certificates/includes/export_progress.html)
and its script (static/certificates/export_progress.js).
"""
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.http import Http404, JsonResponse
from django.utils import timezone


class BackgroundExport(models.Model):
    """A file a Celery task writes, `processed` of `total` steps done. Subclasses add `file` and what to export."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def visible_to(self, user) -> bool:
        """The file is the asker's (it may name people): only they, and administrators, may follow or download it."""
        return user.is_superuser or (self.requested_by_id is not None and self.requested_by_id == user.pk)

    def mark_progress(self, processed: int) -> None:
        type(self).objects.filter(pk=self.pk).update(processed=processed)
        self.processed = processed

    def mark_failed(self) -> None:
        self.status, self.finished_at = self.Status.FAILED, timezone.now()
        type(self).objects.filter(pk=self.pk).update(status=self.status, finished_at=self.finished_at)

    def mark_done(self, name: str, content: bytes) -> None:
        self.file.save(name, ContentFile(content), save=False)
        self.status, self.processed, self.finished_at = self.Status.DONE, self.total, timezone.now()
        self.save(update_fields=["file", "status", "processed", "finished_at"])


def visible_export(queryset, *, pk: int, user) -> BackgroundExport:
    """The export `pk` if `user` may follow or download it, else 404: the one rule every export view applies.

    A 404 rather than a 403, so nobody learns which numbers are someone else's exports.
    """
    export = queryset.filter(pk=pk).first()
    if export is None or not export.visible_to(user):
        raise Http404("There is no such export of yours.")
    return export


def export_status_response(export: BackgroundExport, download_url: str) -> JsonResponse:
    """What the progress script polls for."""
    return JsonResponse({
        "status": export.status,
        "status_label": export.get_status_display(),
        "processed": export.processed,
        "total": export.total,
        "percent": export.percent,
        "finished": export.is_finished,
        "download_url": download_url if export.file else None,
    })
