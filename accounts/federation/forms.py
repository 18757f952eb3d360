"""Forms for organisation sign-in: finding the provider by email, the link code, and the admin's settings."""
from django import forms

from .models import OrganisationSignIn


class FindProviderForm(forms.Form):
    email = forms.EmailField(
        label="Work email address", max_length=254,
        error_messages={"required": "Enter your work email address",
                        "invalid": "Enter an email address in the correct format, like name@example.org.uk"},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}))


class LinkCodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=12,
        error_messages={"required": "Enter the 6-digit code we emailed you"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                      "spellcheck": "false"}))


class OrganisationSignInForm(forms.ModelForm):
    """The admin's form: the client secret is write-only, and leaving it empty keeps the saved one."""

    client_secret = forms.CharField(
        label="Client secret", required=False, max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Never shown again after saving. Leave empty to keep the saved secret.")

    class Meta:
        model = OrganisationSignIn
        fields = ["organisation", "enabled", "kind", "slug", "issuer", "client_id", "client_secret", "tenant_ids",
                  "email_domains", "password_sign_in", "trust_provider_mfa"]

    def clean_client_secret(self):
        secret = self.cleaned_data.get("client_secret", "")
        if not secret and not (self.instance.pk and self.instance.client_secret):
            raise forms.ValidationError("Enter the client secret the organisation's IT team gave you")
        return secret or self.instance.client_secret
