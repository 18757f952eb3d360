"""The home page and plain standard pages (accessibility statement, privacy notice, cookies)."""
from django.db import models
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
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
    show_service_details = models.BooleanField(
        default=False,
        help_text="Show the contact address, data controller, lawful basis and retention periods "
        "from Settings > Service details (for the privacy notice and accessibility statement).",
    )

    content_panels = Page.content_panels + ["introduction", "body", "show_service_details"]
    subpage_types = ["lms.StandardPage"]


@register_setting(icon="site")
class ServiceSettings(BaseSiteSetting):
    """Who runs the service and how to reach them: shown on the privacy notice, accessibility statement and account pages."""

    contact_email = models.EmailField(blank=True, help_text="Where learners and visitors can write to the team.")
    data_controller = models.CharField(
        max_length=200, blank=True, help_text="The organisation responsible for personal data, with its address."
    )
    lawful_basis = models.TextField(blank=True, help_text="The lawful basis for processing personal data (UK GDPR).")
    retention_periods = models.TextField(blank=True, help_text="How long each kind of record is kept.")

    panels = ["contact_email", "data_controller", "lawful_basis", "retention_periods"]

    class Meta:
        verbose_name = "service details"
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
