"""The lessons gathered into a module's sign-off, each pinned to the revision its reviewers see."""
from django.db import models


class SubmittedLesson(models.Model):
    """A lesson with unpublished changes, submitted for sign-off with its module.

    The revision is pinned when the module is submitted (or resubmitted after a rejection), so the
    approval publishes what the reviewers were shown, never an edit made after it.
    """

    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState", on_delete=models.CASCADE, related_name="submitted_lessons")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workflow_state", "lesson"], name="one_pin_per_lesson")]

    def __str__(self) -> str:
        return f"Lesson {self.lesson_id} at revision {self.revision_id}"
