"""Forms for signing up and editing a profile."""
from django import forms

from .models import Area, Organisation
from .selectors import organisation_for_email

ORGANISATION_HELP = (
    "You must choose the organisation you work for, unless you work in a school or your work email belongs to a "
    "partner organisation (then we place you in it straight away). Partnership staff confirm the organisation you "
    "choose."
)


class OrganisationChoiceField(forms.ModelChoiceField):
    default_error_messages = {
        "invalid_choice": "Choose your organisation from the list. If it is not there, choose ‘Other organisation’.",
    }


class ProfileFields(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        help_text="As it should appear on your certificates.",
        error_messages={"required": "Enter your full name, as it should appear on your certificates."},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    job_role = forms.CharField(
        label="Job role (optional)", max_length=150, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    organisation = OrganisationChoiceField(
        label="Organisation",
        queryset=Organisation.objects.all(),
        required=False,
        empty_label="Choose your organisation",
        help_text=ORGANISATION_HELP,
    )
    area = forms.ModelChoiceField(
        label="Area you mainly work in (optional)",
        queryset=Area.objects.all(),
        required=False,
        empty_label="Choose an area",
        error_messages={"invalid_choice": "Choose an area from the list."},
    )


class ProfileSignupForm(ProfileFields):
    """Added to allauth's signup form: name for certificates, organisation, role and area."""

    works_in_school = forms.BooleanField(
        label="I work in a school",
        required=False,
        help_text=(
            "Tick this if you are a teacher or work in a school. You do not need to choose an organisation: "
            "after you confirm your email address you will find your school."
        ),
    )

    field_order = [
        "email", "full_name", "works_in_school", "organisation", "job_role", "area", "password1", "password2"
    ]

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email") or self.data.get("email", "")
        if cleaned.get("works_in_school"):
            cleaned["organisation"] = None  # school staff are linked to schools, not to an organisation
        elif not cleaned.get("organisation") and "organisation" not in self.errors and email:
            if organisation_for_email(email) is None:
                self.add_error(
                    "organisation",
                    "Choose your organisation from the list. If it is not there, choose ‘Other organisation’.",
                )
        return cleaned

    def signup(self, request, user) -> None:
        from .services import member_place

        member_place(user=user, chosen=self.cleaned_data.get("organisation"))


class ProfileForm(ProfileFields):
    """The learner's own profile page."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        initial = {
            "full_name": user.full_name,
            "job_role": user.job_role,
            "organisation": user.organisation_id,
            "area": user.area_id,
        }
        super().__init__(*args, initial=initial, **kwargs)


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm you want to delete your account."},
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That password is not right. Check it and try again.")
        return password


class MemberDecisionForm(forms.Form):
    """The organisation the staff member was shown when they decided, so a changed request is not approved."""

    organisation = forms.IntegerField(required=False, min_value=0, max_value=2**62)
