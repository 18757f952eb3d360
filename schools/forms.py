"""Forms for finding a school, linking to it, and for staff editing schools and closure dates."""
import re

from django import forms

from accounts.models import Area

from . import gias
from .models import School, SchoolStatus

_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SchoolSearchForm(forms.Form):
    q = forms.CharField(
        label="School name, town, postcode or URN",
        max_length=100,
        required=False,
        help_text="For example St Mary’s Devizes, SN10 2PH or 990001.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MembershipRequestForm(forms.Form):
    role_in_school = forms.CharField(
        label="Your role in the school",
        max_length=150,
        help_text="For example Head of PSHE, Year 9 lead or Business manager.",
        error_messages={"required": "Enter your role in the school, for example Head of PSHE."},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )


class SchoolForm(forms.ModelForm):
    """A school entered or corrected by partnership staff."""

    website = forms.URLField(
        label="Website (optional)", required=False, max_length=300, assume_scheme="https",
        error_messages={"invalid": "Enter the website address in full, like https://www.example.sch.uk."},
    )

    class Meta:
        model = School
        fields = [
            "urn", "name", "establishment_type", "phase", "statutory_low_age", "statutory_high_age",
            "local_authority", "area", "street", "locality", "address3", "town", "postcode", "status",
            "website", "email_domains",
        ]
        labels = {"urn": "URN (Unique Reference Number)", "name": "School name", "area": "Area (optional)"}
        help_texts = {
            "email_domains": "Staff whose verified email uses one of these domains are linked at once, "
            "one per line, e.g. stmarys.wilts.sch.uk. Leave empty to check every request by hand.",
        }
        error_messages = {
            "urn": {"required": "Enter the school's URN, a number from Get Information About Schools.",
                    "invalid": "The URN must be a whole number, like 990001.",
                    "unique": "Another school already has this URN."},
            "name": {"required": "Enter the school's name."},
            "website": {"invalid": "Enter the website address in full, like https://www.example.sch.uk."},
        }
        widgets = {"email_domains": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "No area"
        self.fields["area"].queryset = Area.objects.order_by("name")
        self.fields["status"].choices = SchoolStatus.choices

    def clean_postcode(self) -> str:
        raw = self.cleaned_data.get("postcode", "")
        if not raw:
            return ""
        postcode = gias.postcode_normalise(raw)
        if postcode is None:
            raise forms.ValidationError("Enter a real postcode, like SN10 2PH.")
        return postcode

    def clean_email_domains(self) -> str:
        raw = self.cleaned_data.get("email_domains", "")
        domains = [d.strip().lower().lstrip("@") for d in raw.replace(",", "\n").splitlines() if d.strip()]
        bad = [d for d in domains if not _DOMAIN.match(d)]
        if bad:
            raise forms.ValidationError(
                f"“{bad[0]}” is not an email domain. Enter the part after the @, like stmarys.wilts.sch.uk."
            )
        return "\n".join(dict.fromkeys(domains))

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("statutory_low_age"), cleaned.get("statutory_high_age")
        if low is not None and high is not None and low > high:
            self.add_error("statutory_high_age", "The highest age must be the same as or more than the lowest age.")
        return cleaned


class StaffSchoolFilterForm(forms.Form):
    q = forms.CharField(label="Name, town, postcode or URN", max_length=100, required=False)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Open and closed"), *SchoolStatus.choices])
    local_authority = forms.ChoiceField(label="Local authority", required=False, choices=[("", "All")])

    def __init__(self, *args, local_authorities: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", "All"), *[(la, la) for la in local_authorities]]


class ClosureDateForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=100, help_text="For example Summer holidays or INSET day.",
        error_messages={"required": "Enter a name for the closure, for example Summer holidays."},
    )
    start_date = forms.DateField(
        label="First day", widget=DateInput,
        error_messages={"required": "Enter the first day of the closure.", "invalid": "Enter the first day as a real date."},
    )
    end_date = forms.DateField(
        label="Last day", widget=DateInput, help_text="The last day schools are closed (inclusive).",
        error_messages={"required": "Enter the last day of the closure.", "invalid": "Enter the last day as a real date."},
    )
    area = forms.ModelChoiceField(
        label="Area (optional)", queryset=Area.objects.order_by("name"), required=False,
        empty_label="Everywhere", help_text="Leave as Everywhere when the closure applies to all areas.",
        error_messages={"invalid_choice": "Choose an area from the list."},
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day must be the same as or after the first day.")
        return cleaned
