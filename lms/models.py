"""The home page and plain standard pages (accessibility statement, privacy notice, cookies)."""
from django.db import models
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import StandardBlock


class HomePage(Page):
    """The front page: what the programme is and where to start."""

    introduction = models.TextField(blank=True, help_text="One or two sentences under the title.")
    body = StreamField(StandardBlock(), blank=True)

    content_panels = Page.content_panels + ["introduction", "body"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1


class StandardPage(Page):
    """A page of text: policies, guidance, contact details."""

    introduction = models.TextField(blank=True)
    body = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"])

    content_panels = Page.content_panels + ["introduction", "body"]
    subpage_types = ["lms.StandardPage"]


class FailedTask(models.Model):
    """A background task that failed for good (retries used up or an error not worth retrying): the dead letters.

    Written by the Celery task_failure signal (lms.background); administrators read them in the admin
    and re-run a task once its cause is fixed (tasks are idempotent).
    """

    task_id = models.CharField(max_length=255, unique=True)
    task_name = models.CharField(max_length=255, db_index=True)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    exception = models.TextField(blank=True)
    traceback = models.TextField(blank=True)
    retries = models.PositiveIntegerField(default=0)
    failed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-failed_at"]
        verbose_name = "failed background task"

    def __str__(self) -> str:
        return f"{self.task_name} ({self.task_id})"
