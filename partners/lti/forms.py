"""The staff form that registers a partner's platform, and the module chooser of deep linking."""
from django import forms
from lti_tool.models import LtiRegistration

from accounts.models import Organisation

from .models import PartnerPlatform


class PlatformForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), empty_label="Choose the partner organisation",
        help_text="People launched from this platform become learners of this organisation.",
        error_messages={"required": "Choose the partner organisation whose learning system this is."})
    name = forms.CharField(max_length=255, label="Name of the platform",
                           help_text='For example "Wiltshire Police Moodle".',
                           error_messages={"required": "Enter a name for the platform."})
    issuer = forms.URLField(max_length=255, label="Issuer (platform ID)", assume_scheme="https",
                            help_text="The platform's issuer, exactly as its administrator gives it.",
                            error_messages={"required": "Enter the platform's issuer.",
                                            "invalid": "Enter the issuer as a web address, like "
                                                       "https://lms.example.org."})
    client_id = forms.CharField(max_length=255, label="Client ID",
                                help_text="The ID the platform gave our tool when it registered us.",
                                error_messages={"required": "Enter the client ID the platform gave our tool."})
    deployment_ids = forms.CharField(
        widget=forms.Textarea, label="Deployment IDs",
        help_text="One per line. Launches from any other deployment are refused.",
        error_messages={"required": "Enter at least one deployment ID."})
    keyset_url = forms.URLField(max_length=200, label="Public keyset URL (JWKS)", assume_scheme="https",
                                error_messages={"required": "Enter the platform's public keyset URL.",
                                                "invalid": "Enter the keyset URL as a web address."})
    auth_url = forms.URLField(max_length=200, label="Authentication request URL (OIDC auth login)",
                              assume_scheme="https",
                              error_messages={"required": "Enter the platform's authentication request URL.",
                                              "invalid": "Enter the authentication URL as a web address."})
    token_url = forms.URLField(max_length=200, label="Access token URL", assume_scheme="https",
                               error_messages={"required": "Enter the platform's access token URL.",
                                               "invalid": "Enter the access token URL as a web address."})

    def __init__(self, *args, platform: PartnerPlatform | None = None, **kwargs):
        self.platform = platform
        if platform is not None and "initial" not in kwargs:
            registration = platform.registration
            kwargs["initial"] = {
                "organisation": platform.organisation_id, "name": registration.name, "issuer": registration.issuer,
                "client_id": registration.client_id, "keyset_url": registration.keyset_url,
                "auth_url": registration.auth_url, "token_url": registration.token_url,
                "deployment_ids": "\n".join(registration.deployments.filter(is_active=True)
                                            .values_list("deployment_id", flat=True)),
            }
        super().__init__(*args, **kwargs)

    def clean_deployment_ids(self) -> list[str]:
        ids = [line.strip() for line in self.cleaned_data["deployment_ids"].splitlines() if line.strip()]
        if not ids:
            raise forms.ValidationError("Enter at least one deployment ID.")
        if any(len(value) > 255 for value in ids):
            raise forms.ValidationError("A deployment ID must be 255 characters or fewer.")
        return list(dict.fromkeys(ids))

    def clean(self):
        data = super().clean()
        issuer, client_id = data.get("issuer"), data.get("client_id")
        if issuer and client_id:
            clash = LtiRegistration.objects.filter(issuer=issuer, client_id=client_id)
            if self.platform is not None:
                clash = clash.exclude(pk=self.platform.registration_id)
            if clash.exists():
                self.add_error("client_id", "A platform with this issuer and client ID is already registered.")
        return data


class InviteForm(forms.Form):
    organisation = forms.ModelChoiceField(
        Organisation.objects.all(), empty_label="Choose the partner organisation",
        help_text="People launched from the platform that registers with this address become its learners.",
        error_messages={"required": "Choose the partner organisation whose learning system will register."})


class ModuleChoiceForm(forms.Form):
    modules = forms.TypedMultipleChoiceField(
        coerce=int, widget=forms.CheckboxSelectMultiple, label="Modules to add",
        error_messages={"required": "Choose at least one module to add to your course.",
                        "invalid_choice": "Choose modules from the list."})

    def __init__(self, *args, modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["modules"].choices = [(module.pk, module.title) for module in modules]
