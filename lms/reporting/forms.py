"""Forms of the reporting area: organisations as staff manage them, the SVD return's quarter, staff list choice."""
import re

from django import forms

from accounts.models import MembershipStatus, Organisation, User

from .periods import QUARTER_MONTHS, Quarter, financial_year_label, quarter_of
from .filters import FIRST_YEAR, current_financial_year

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class OrganisationForm(forms.ModelForm):
    leads = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Leads see their organisation's reports and staff list. Only approved members can be leads.",
    )

    class Meta:
        model = Organisation
        fields = ["name", "sector", "area", "email_domains"]
        labels = {"email_domains": "Email domains"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].empty_label = "No area"
        self.fields["email_domains"].help_text = (
            "Work email domains, one per line, for example wiltshire.police.uk. People who sign up with one join "
            "this organisation.")
        if self.instance.pk:
            members = User.objects.filter(organisation=self.instance, membership_status=MembershipStatus.APPROVED,
                                          is_active=True).order_by("full_name", "email")
            self.fields["leads"].queryset = members
            self.fields["leads"].initial = list(members.filter(groups__name="Organisation lead")
                                                .values_list("pk", flat=True))
        else:
            del self.fields["leads"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the organisation's name.")
        return name

    def clean_email_domains(self):
        raw = self.cleaned_data["email_domains"].replace(",", "\n")
        domains = [d.strip().lower().lstrip("@") for d in raw.splitlines() if d.strip()]
        bad = [d for d in domains if not DOMAIN.match(d)]
        if bad:
            raise forms.ValidationError(
                f"“{bad[0]}” is not an email domain. Enter the part after the @, for example wiltshire.police.uk.")
        taken = {}
        for other in Organisation.objects.exclude(pk=self.instance.pk).only("name", "email_domains"):
            for domain in other.domain_list():
                taken[domain] = other.name
        clash = [d for d in domains if d in taken]
        if clash:
            raise forms.ValidationError(f"{clash[0]} is already an email domain of {taken[clash[0]]}.")
        return "\n".join(dict.fromkeys(domains))


def quarter_choices() -> list[tuple[str, str]]:
    choices = []
    for year in range(current_financial_year(), FIRST_YEAR - 1, -1):
        for number in (4, 3, 2, 1):
            q = _quarter(year, number)
            choices.append((f"{year}-{number}", f"{q.label} (quarter {number} of {financial_year_label(year)})"))
    return choices


def _quarter(year: int, number: int) -> Quarter:
    from datetime import date

    month = 4 + 3 * (number - 1)
    return quarter_of(date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1))


class QuarterForm(forms.Form):
    quarter = forms.ChoiceField(label="Quarter", help_text=f"Financial quarters: {', '.join(QUARTER_MONTHS.values())}.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()

    def chosen(self) -> Quarter:
        year, number = self.cleaned_data["quarter"].split("-")
        return _quarter(int(year), int(number))


class StaffListForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"), empty_label=None)
