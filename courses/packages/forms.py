"""The admin form editors upload packages with: the whole package is checked while the form is cleaned."""
from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from courses.archive import ArchiveRejected


class PackageUploadForm(WagtailAdminModelForm):
    """Each kind sets its model (Meta), the file ending it takes, the field's words, and its `validate` service."""

    extension = ""  # ".h5p", ".zip"
    package_label = ""
    package_help = ""  # what to upload; the form adds how it is checked
    validate = None  # the kind's `package_validate(*, upload)`

    package = forms.FileField(widget=forms.ClearableFileInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.validated = None
        field = self.fields["package"]
        field.label = self.package_label
        field.help_text = (
            f"{self.package_help} It is checked before anything is saved; if it breaks a rule, you will be told which."
        )
        field.widget.attrs["accept"] = self.extension
        self.fields["title"].required = False
        self.fields["title"].help_text = "Leave empty to use the title inside the package."

    def clean_package(self):
        upload = self.cleaned_data["package"]
        if not upload.name.lower().endswith(self.extension):
            raise forms.ValidationError(f"Choose a file that ends in {self.extension}.", code="file-type")
        try:
            self.validated = type(self).validate(upload=upload)
        except ArchiveRejected as exc:
            raise forms.ValidationError(f"This package was refused: {exc.message}", code=exc.rule)
        return upload
