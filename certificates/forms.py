"""Forms for checking certificates and for partnership staff managing them."""
from django import forms

from . import codes, selectors
from .models import CertificateStatus

CODE_HELP = "16 letters and numbers, printed under the QR code, for example ABCD-EFGH-JKMN-PQRS."
MAX_CREDENTIAL_BYTES = 64 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class VerifyForm(forms.Form):
    code = forms.CharField(label="Certificate code", max_length=40, help_text=CODE_HELP,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    def clean_code(self) -> str:
        code = codes.normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                "Enter the certificate code as it is printed: 16 letters and numbers, like ABCD-EFGH-JKMN-PQRS."
            )
        return code


class CredentialCheckForm(forms.Form):
    credential = forms.CharField(
        label="Paste the credential", required=False, widget=forms.Textarea, max_length=MAX_CREDENTIAL_BYTES,
        help_text="The text of the .jwt file you downloaded with the certificate.",
    )
    file = forms.FileField(label="Or upload the credential file", required=False,
                           help_text="The .jwt file, up to 64 KB.")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_CREDENTIAL_BYTES:
                raise forms.ValidationError("The file is too big to be a credential: it must be 64 KB or less.")
            cleaned["credential"] = upload.read().decode("utf-8", errors="replace")
        if not (cleaned.get("credential") or "").strip():
            raise forms.ValidationError("Paste the credential or choose its file.")
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea, max_length=1000,
                             help_text="Kept in the certificate's history. Not shown on the public page.")


class ReissueForm(ReasonForm):
    recipient_name = forms.CharField(
        label="Name to print", required=False, max_length=200,
        help_text="Leave empty to use the name on the person's account now.",
    )


def _achievement_choice(value: str) -> tuple[int, int] | None:
    if not value:
        return None
    type_id, object_id = value.split("-", 1)
    return int(type_id), int(object_id)


class AchievementChoiceMixin:
    def _set_achievement_choices(self):
        self.fields["achievement"].choices = [("", "All achievements"), *selectors.achievements_with_certificates()]

    def clean_achievement(self) -> tuple[int, int] | None:
        return _achievement_choice(self.cleaned_data.get("achievement", ""))


class CertificateFilterForm(AchievementChoiceMixin, forms.Form):
    search = forms.CharField(label="Name or code", required=False, max_length=200)
    achievement = forms.ChoiceField(label="Achievement", required=False)
    status = forms.ChoiceField(label="Status", required=False,
                               choices=[("", "Any status"), *CertificateStatus.choices])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_achievement_choices()


class BulkExportForm(AchievementChoiceMixin, forms.Form):
    achievement = forms.ChoiceField(label="Achievement", required=False)
    issued_from = forms.DateField(label="Issued from", required=False, widget=DateInput)
    issued_to = forms.DateField(label="Issued until", required=False, widget=DateInput,
                                help_text="Leave both dates empty for every date.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_achievement_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("issued_from"), cleaned.get("issued_to")
        if start and end and start > end:
            self.add_error("issued_to", "The end of the period must be the same as or after its start.")
        return cleaned
