"""The session types editors describe in Wagtail, e.g. "Bleeding control, Year 9, 60 minutes"."""
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

YEAR_GROUPS = list(range(1, 14))


def validate_year_groups(value) -> None:
    if not isinstance(value, list) or not all(isinstance(v, int) and v in YEAR_GROUPS for v in value):
        raise ValidationError("Year groups must be a list of whole numbers from 1 to 13.")


class SessionTypePageForm(WagtailAdminPageForm):
    """Year groups as tick boxes rather than raw JSON."""

    year_groups = forms.TypedMultipleChoiceField(
        choices=[(year, f"Year {year}") for year in YEAR_GROUPS],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Year groups the session suits. Leave all unticked for any year group.",
    )


class SessionTypeIndexPage(Page):
    """The list of bleeding-control sessions schools can book."""

    introduction = models.TextField(blank=True, help_text="One or two sentences under the title.")

    content_panels = Page.content_panels + ["introduction"]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["schools.SessionTypePage"]
    max_count = 1

    class Meta:
        verbose_name = "session type index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["session_types"] = SessionTypePage.objects.live().child_of(self).order_by("path")
        return context


class SessionTypePage(Page):
    """A kind of session a school can book: who it suits, what pupils learn, and what the school provides."""

    description = models.TextField(help_text="What happens in the session, in one or two short paragraphs.")
    learning_outcomes = models.TextField(
        blank=True, help_text="What pupils will be able to do afterwards, one per line."
    )
    year_groups = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_year_groups],
        help_text="Year groups the session suits (1 to 13).",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(10), MaxValueValidator(480)], help_text="Length in minutes."
    )
    pupils_per_instructor = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1)], help_text="How many pupils one instructor can teach."
    )
    max_class_size = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1)], help_text="The most pupils one booking may bring."
    )
    school_must_provide = models.TextField(
        blank=True, help_text="What the school must have ready, one per line, e.g. a room with space to kneel, a projector."
    )
    certificate_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The look of the school's and pupils' certificates. Leave empty for the default.",
    )
    refresher_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months after which a refresher is due. Leave empty for none."
    )
    cpd_hours = models.DecimalField("CPD hours", max_digits=4, decimal_places=1, default=1)
    sign_off_note = models.TextField(
        blank=True, help_text="Shown on the page, e.g. that the content still needs sign-off by a clinician."
    )

    content_panels = Page.content_panels + [
        "description",
        "learning_outcomes",
        "year_groups",
        "duration_minutes",
        "pupils_per_instructor",
        "max_class_size",
        "school_must_provide",
        "certificate_template",
        "refresher_months",
        "cpd_hours",
        "sign_off_note",
    ]
    parent_page_types = ["schools.SessionTypeIndexPage"]
    subpage_types: list[str] = []
    base_form_class = SessionTypePageForm

    class Meta:
        verbose_name = "session type"

    def clean(self):
        super().clean()
        if self.year_groups:
            self.year_groups = sorted(set(self.year_groups))

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    @property
    def requirements(self) -> list[str]:
        return [line.strip() for line in self.school_must_provide.splitlines() if line.strip()]

    @property
    def year_groups_label(self) -> str:
        years = sorted(self.year_groups or [])
        if not years:
            return "Any year group"
        if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
            return f"Years {years[0]} to {years[-1]}"
        if len(years) == 1:
            return f"Year {years[0]}"
        return "Years " + ", ".join(str(y) for y in years[:-1]) + f" and {years[-1]}"

    @property
    def duration_label(self) -> str:
        hours, minutes = divmod(self.duration_minutes, 60)
        parts = []
        if hours:
            parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
        if minutes or not hours:
            parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
        return " ".join(parts)
