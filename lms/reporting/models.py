"""Report exports built in the background, with their progress, for the person who asked."""
from django.db import models
from django.utils import timezone

from foundation.background_exports import BackgroundExport


class ReportExport(BackgroundExport):
    """A report file a Celery task writes: the staff list, the dashboard's tables or the SVD return."""

    class Kind(models.TextChoices):
        STAFF = "staff", "Staff list"
        DASHBOARD = "dashboard", "Training report"
        SVD = "svd", "Serious Violence Duty return"

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STAFF)
    # A lead's export is limited to their organisation, fixed when asked for.
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    filters = models.JSONField(default=dict, help_text="The period and filters, as chosen on the dashboard.")
    file_format = models.CharField(max_length=4, choices=Format.choices, default=Format.XLSX)
    file = models.FileField(upload_to="reports/exports/", blank=True)

    class Meta(BackgroundExport.Meta):
        pass

    def __str__(self) -> str:
        return f"Report export {self.pk} ({self.get_status_display()})"

    @property
    def filename(self) -> str:
        return self.filters.get("filename") or f"{self.kind}-{self.pk}.{self.file_format}"


class LearnerSummary(models.Model):
    """Learner figures for one financial quarter or year and one group of people, kept by `summaries`.

    A group is people sharing organisation, approval and area, so groups never share a person and their
    distinct counts add up. Each group has a row per module, per level and one for every module
    (`course` and `level` both empty), because people counted once across modules cannot be summed
    from per-module rows.
    """

    class Kind(models.TextChoices):
        QUARTER = "q", "Quarter"
        YEAR = "y", "Financial year"

    kind = models.CharField(max_length=1, choices=Kind.choices)
    period_start = models.DateField()
    organisation_id = models.IntegerField(null=True)
    approved = models.BooleanField()
    area_id = models.IntegerField(null=True)
    course = models.ForeignKey("courses.CoursePage", null=True, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=20, blank=True)
    registered = models.IntegerField(default=0)
    started = models.IntegerField(default=0)
    completers = models.IntegerField(default=0)
    completions = models.IntegerField(default=0)
    withdrew = models.IntegerField(default=0)
    assessments_taken = models.IntegerField(default=0)
    assessments_passed = models.IntegerField(default=0)
    attempts_to_pass = models.IntegerField(default=0, help_text="Attempts summed over the assessments passed.")
    before_sum = models.FloatField(default=0)
    before_n = models.IntegerField(default=0)
    after_sum = models.FloatField(default=0)
    after_n = models.IntegerField(default=0)
    first_completers = models.IntegerField(default=0, help_text="People whose first completion (of the module, "
                                                                  "or at the level) was in this period.")

    class Meta:
        indexes = [models.Index(fields=["period_start", "kind"], name="reporting_learnersum_period")]


class CertificateSummary(models.Model):
    """Module certificates of one group of people and one module as they stood at the end of `as_at`."""

    as_at = models.DateField()
    organisation_id = models.IntegerField(null=True)
    approved = models.BooleanField()
    area_id = models.IntegerField(null=True)
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="+")
    valid = models.IntegerField(default=0)
    expiring = models.IntegerField(default=0)
    expired = models.IntegerField(default=0)
    revoked = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["as_at"], name="reporting_certsum_as_at")]


class SummaryState(models.Model):
    """One row once the summaries are built: the day the certificate position was last taken, and how fresh they are."""

    certificates_on = models.DateField()
    rebuilt_at = models.DateTimeField(default=timezone.now)
    figures_as_of = models.DateTimeField(
        null=True, help_text="Every change made before this time is in the summaries (see stale.py).")


class StaleGroup(models.Model):
    """A group of people (organisation, approval, area) whose summaries miss a change: marked, then refreshed.

    `key` spells the group ("12:1:3", "-" for none) so that the group is one primary key on every database;
    `mark_window` is the newest marking window it was marked in (see stale.py).
    """

    key = models.CharField(max_length=60, primary_key=True)
    organisation_id = models.IntegerField(null=True)
    approved = models.BooleanField()
    area_id = models.IntegerField(null=True)
    mark_window = models.BigIntegerField()
