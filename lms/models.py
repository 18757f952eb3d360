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
