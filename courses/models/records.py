"""What each learner has done: enrolments, progress per lesson, private reflections and evaluations."""
from datetime import timedelta

from django.conf import settings
from django.db import models

from certificates.achievements import CertificateDetails

from courses.choices import EvaluationStage, ProgressStatus


class Enrolment(models.Model):
    """A learner taking a module; completed once every lesson is done and the assessment passed.

    The newest enrolment is the learner's current one: a refresher after completing starts another.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="enrolments")
    started_at = models.DateTimeField(auto_now_add=True)
    last_lesson = models.ForeignKey(
        "courses.LessonPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Where the learner was last, so they can carry on from there.",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When the learner left the module; kept for reporting, hidden from them."
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One open enrolment per module; a refresher after completing starts a new one.
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(completed_at__isnull=True),
                name="courses_one_open_enrolment_per_course",
            )
        ]
        indexes = [models.Index(fields=["course", "completed_at"], name="courses_enrolment_completion")]

    def __str__(self) -> str:
        return f"{self.user} on {self.course}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    def certificate_details(self) -> CertificateDetails:
        return CertificateDetails(
            achievement=self.course,
            achievement_title=self.course.title,
            recipient=self.user,
            cpd_hours=float(self.course.cpd_hours),
            validity_months=self.course.validity_months,
        )


class LessonProgress(models.Model):
    """One learner's progress through one lesson (or the assessment) of a module they are enrolled on."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(max_length=20, choices=ProgressStatus.choices, default=ProgressStatus.NOT_STARTED)
    score = models.FloatField(null=True, blank=True, help_text="Best score as a percentage (assessment or activity).")
    attempts = models.PositiveIntegerField(default=0, help_text="Assessment submissions or scored activity attempts.")
    time_spent = models.DurationField(default=timedelta)
    answers = models.JSONField(
        default=dict, blank=True, help_text="Answers chosen, by question block id: list position of the answer."
    )
    activity_scores = models.JSONField(
        default=dict, blank=True, help_text="Best score as a percentage of each H5P activity, by activity block id."
    )
    started_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the lesson page was first served to the learner; none, never opened."
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "lesson progress"
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="courses_progress_once_per_lesson")]

    def __str__(self) -> str:
        return f"{self.enrolment.user_id}: {self.lesson_id} {self.status}"

    @property
    def is_completed(self) -> bool:
        return self.status == ProgressStatus.COMPLETED


class Reflection(models.Model):
    """A learner's private answer to a reflection prompt. Only they ever see it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reflections")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson", "block_id"], name="courses_reflection_once_per_prompt"
            )
        ]

    def __str__(self) -> str:
        return f"Reflection by {self.enrolment.user_id} in lesson {self.lesson_id}"


class Evaluation(models.Model):
    """How confident a learner felt about the module's statements, before starting or after completing it."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="evaluations")
    stage = models.CharField(max_length=10, choices=EvaluationStage.choices)
    # [{"statement": "...", "rating": 1-5}], with the statement's words kept so edits never change old answers.
    responses = models.JSONField(default=list, blank=True)
    skipped = models.BooleanField(default=False)
    # The mean of the ratings, kept so reports average in the database; none when the learner skipped.
    average_rating = models.FloatField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "stage"], name="courses_evaluation_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} evaluation by {self.enrolment.user_id}"
