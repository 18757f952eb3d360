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
