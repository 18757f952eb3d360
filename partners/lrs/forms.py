"""The form partnership staff fill in for a partner's LRS. The secret is write-only: never shown, blank keeps it."""
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.db import models

from .models import ActorIdentification, LrsDestination


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # an address typed without a scheme is taken as https
    return field.formfield(**kwargs)


class DestinationForm(forms.ModelForm):
    secret = forms.CharField(
        label="Secret (password)", required=False, max_length=500, strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Never shown again once saved. Leave empty to keep the saved secret.",
    )

    class Meta:
        model = LrsDestination
        fields = ["name", "organisation", "endpoint", "key", "actor_identification", "account_home_page",
                  "is_active"]
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].empty_label = "Everyone (partnership-wide)"
        if not self.instance.has_secret:
            self.fields["secret"].help_text = "Never shown again once saved."
        self.fields["endpoint"].error_messages["invalid"] = (
            "Enter the LRS endpoint as a full web address, for example https://lrs.example.org/xAPI/")

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"].strip()
        if urlsplit(endpoint).scheme != "https" and not settings.LRS_ALLOW_HTTP:
            raise forms.ValidationError(
                "Enter an address starting https:// so the key, secret and statements travel encrypted.")
        if endpoint.rstrip("/").endswith("/statements"):
            raise forms.ValidationError(
                "Enter the address without /statements at the end: we add it, for example https://lrs.example.org/xAPI/")
        return endpoint

    def clean(self):
        cleaned = super().clean()
        if not self.instance.has_secret and not cleaned.get("secret"):
            self.add_error("secret", "Enter the secret the partner gave you with the key.")
        if (cleaned.get("actor_identification") == ActorIdentification.EMAIL
                and cleaned.get("account_home_page")):
            self.add_error("account_home_page",
                           "Leave the account home page empty when learners are identified by email, "
                           "or choose account ids.")
        return cleaned


class RetryForm(forms.Form):
    """No fields: the button's POST (with its CSRF token) is the whole request."""
